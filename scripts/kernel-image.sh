#!/usr/bin/env bash
# kernel-image.sh PACKAGE — print the path of the vmlinux inside a Debian kernel
# debug package (linux-image-*-dbg), downloading the package with
# `apt-get download` and extracting the vmlinux into the cache on first use.
# Cache: ${KSURF_CACHE:-~/.cache/ksurf}/{debs,vmlinux}.  Exit 3 when the
# registry does not have the package.
set -euo pipefail
pkg=$1
# shellcheck source=scripts/debian-apt.sh
. "$(dirname "$0")/debian-apt.sh"
mkdir -p "$cache/debs" "$cache/vmlinux"
release=${pkg#linux-image-}
release=${release%-dbg}
out="$cache/vmlinux/vmlinux-$release"
if [ -s "$out" ]; then
	echo "$out"
	exit 0
fi
deb=$(last_match "$cache"/debs/"${pkg}"_*.deb || true)
if [ -z "$deb" ]; then
	debian_apt_setup
	if ! apt-cache "${APT_OPTS[@]}" show "$pkg" >/dev/null 2>&1; then
		debian_apt_update
	fi
	if ! apt-cache "${APT_OPTS[@]}" show "$pkg" >/dev/null 2>&1; then
		echo "kernel-image: the package registry has no $pkg" >&2
		exit 3
	fi
	size=$(apt-cache "${APT_OPTS[@]}" show "$pkg" 2>/dev/null |
		awk '/^Size:/ { printf "%.0f MB", $2 / 1e6; exit }')
	echo "kernel-image: downloading $pkg ($size)" >&2
	if [ -t 2 ]; then
		(cd "$cache/debs" && apt-get "${APT_OPTS[@]}" download "$pkg" >&2)
	else
		(cd "$cache/debs" && apt-get "${APT_OPTS[@]}" download -q "$pkg" >/dev/null 2>&1)
	fi || {
		echo "kernel-image: apt-get download $pkg failed" >&2
		exit 3
	}
	deb=$(last_match "$cache"/debs/"${pkg}"_*.deb)
fi
echo "kernel-image: extracting vmlinux-$release from $(basename "$deb")" >&2
tmp=$(mktemp -d "$cache/vmlinux/.extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# up to 6.12 the file is boot/vmlinux-RELEASE; the 7.x packages keep it under
# lib/modules/RELEASE/, boot/ holding a symlink to it
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards "./usr/lib/debug/boot/vmlinux-$release" \
	"./usr/lib/debug/lib/modules/$release/vmlinux" 2>/dev/null || true
for f in "usr/lib/debug/boot/vmlinux-$release" "usr/lib/debug/lib/modules/$release/vmlinux"; do
	if [ -f "$tmp/$f" ] && [ ! -L "$tmp/$f" ]; then
		mv "$tmp/$f" "$out"
		break
	fi
done
if [ ! -s "$out" ]; then
	echo "kernel-image: $(basename "$deb") holds no vmlinux-$release" >&2
	exit 3
fi
echo "$out"
