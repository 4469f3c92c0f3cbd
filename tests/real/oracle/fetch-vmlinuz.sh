#!/usr/bin/env bash
# fetch-vmlinuz.sh RELEASE — print the path of Debian's /boot/vmlinuz-RELEASE,
# downloaded (apt-get download) from the package that holds it
# (linux-image-RELEASE-unsigned for 6.1 and 6.12+deb12, else the first package
# apt-cache names) and cached in ${KSURF_CACHE:-~/.cache/ksurf}/oracle/.
# Exit 3 when the registry has no such package.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: fetch-vmlinuz.sh RELEASE (e.g. 6.1.0-56-amd64)" >&2; exit 2; }
rel=$1
cache=${KSURF_CACHE:-$HOME/.cache/ksurf}/oracle
mkdir -p "$cache"
out=$cache/vmlinuz-$rel
if [ -s "$out" ]; then
	echo "$out"
	exit 0
fi
sandbox=""
[ "$(id -u)" -ne 0 ] || sandbox="-oAPT::Sandbox::User=root"
pkg=""
for cand in "linux-image-$rel-unsigned" "linux-image-$rel"; do
	if apt-cache show "$cand" 2>/dev/null | grep -q '^Filename:'; then
		pkg=$cand
		break
	fi
done
if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	for cand in "linux-image-$rel-unsigned" "linux-image-$rel"; do
		if apt-cache show "$cand" 2>/dev/null | grep -q '^Filename:'; then
			pkg=$cand
			break
		fi
	done
fi
if [ -z "$pkg" ]; then
	echo "fetch-vmlinuz: the package registry has no linux-image-$rel-unsigned or linux-image-$rel" >&2
	exit 3
fi
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q $sandbox "$pkg" >/dev/null 2>&1) || {
	echo "fetch-vmlinuz: apt-get download $pkg failed" >&2
	exit 3
}
debs=("$tmp"/*.deb) # the one package downloaded
deb=${debs[0]}
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./boot/vmlinuz-$rel" 2>/dev/null || {
	echo "fetch-vmlinuz: $(basename "$deb") holds no /boot/vmlinuz-$rel" >&2
	exit 3
}
mv "$tmp/boot/vmlinuz-$rel" "$out"
echo "$out"
