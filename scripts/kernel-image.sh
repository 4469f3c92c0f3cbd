#!/usr/bin/env bash
# kernel-image.sh PACKAGE — print the path of the vmlinux inside a Debian kernel
# debug package (linux-image-*-dbg), downloading the package with
# `apt-get download` and extracting the vmlinux into the cache on first use.
# Cache: ${KSURF_CACHE:-~/.cache/ksurf}/{debs,vmlinux}.  Exit 3 when the
# registry does not have the package.
set -euo pipefail
pkg=$1
cache=${KSURF_CACHE:-$HOME/.cache/ksurf}
# as root, apt downloads as root into the cache (its _apt user could not write there)
sandbox=""
[ "$(id -u)" -ne 0 ] || sandbox="-oAPT::Sandbox::User=root"
mkdir -p "$cache/debs" "$cache/vmlinux"
release=${pkg#linux-image-}
release=${release%-dbg}
out="$cache/vmlinux/vmlinux-$release"
if [ -s "$out" ]; then
	echo "$out"
	exit 0
fi
deb=$(ls "$cache"/debs/"${pkg}"_*.deb 2>/dev/null | tail -n 1 || true)
if [ -z "$deb" ]; then
	if ! apt-cache show "$pkg" >/dev/null 2>&1; then
		[ "$(id -u)" -eq 0 ] && apt-get update -qq >/dev/null 2>&1 || true
	fi
	if ! apt-cache show "$pkg" >/dev/null 2>&1; then
		echo "kernel-image: the package registry has no $pkg" >&2
		exit 3
	fi
	size=$(apt-cache show "$pkg" 2>/dev/null | awk '/^Size:/ { printf "%.0f MB", $2 / 1e6; exit }')
	echo "kernel-image: downloading $pkg ($size)" >&2
	if [ -t 2 ]; then
		(cd "$cache/debs" && apt-get download $sandbox "$pkg" >&2)
	else
		(cd "$cache/debs" && apt-get download -q $sandbox "$pkg" >/dev/null 2>&1)
	fi || {
		echo "kernel-image: apt-get download $pkg failed" >&2
		exit 3
	}
	deb=$(ls "$cache"/debs/"${pkg}"_*.deb | tail -n 1)
fi
echo "kernel-image: extracting vmlinux-$release from $(basename "$deb")" >&2
tmp=$(mktemp -d "$cache/vmlinux/.extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./usr/lib/debug/boot/vmlinux-$release"
mv "$tmp/usr/lib/debug/boot/vmlinux-$release" "$out"
echo "$out"
