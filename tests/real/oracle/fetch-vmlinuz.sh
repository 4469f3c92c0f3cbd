#!/usr/bin/env bash
# fetch-vmlinuz.sh RELEASE — print the path of Debian's /boot/vmlinuz-RELEASE,
# taken from the package that holds it (linux-image-RELEASE-unsigned, else
# linux-image-RELEASE): the one scripts/fetch-debian-kernel left in the cache,
# else downloaded over every Debian suite the registry serves
# (scripts/debian-apt.sh: bullseye's 5.10 too); cached in
# ${KSURF_CACHE:-~/.cache/ksurf}/oracle/.
# Exit 3 when the registry has no such package.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: fetch-vmlinuz.sh RELEASE (e.g. 6.1.0-56-amd64)" >&2; exit 2; }
rel=$1
odir=${KSURF_CACHE:-$HOME/.cache/ksurf}/oracle
mkdir -p "$odir"
out=$odir/vmlinuz-$rel
if [ -s "$out" ]; then
	echo "$out"
	exit 0
fi
# shellcheck source=scripts/debian-apt.sh
. "$(dirname "$0")/../../../scripts/debian-apt.sh"
# a package scripts/fetch-debian-kernel already downloaded
for cached in "${KSURF_CACHE:-$HOME/.cache/ksurf}/debs/linux-image-$rel-unsigned_"*.deb; do
	if [ -f "$cached" ] && dpkg-deb --fsys-tarfile "$cached" 2>/dev/null |
		tar -x -O "./boot/vmlinuz-$rel" > "$out.tmp" 2>/dev/null && [ -s "$out.tmp" ]; then
		mv "$out.tmp" "$out"
		echo "$out"
		exit 0
	fi
	rm -f "$out.tmp"
done
# else from the registry, every suite it serves (bullseye's 5.10 too)
debian_apt_update
pkg=""
for cand in "linux-image-$rel-unsigned" "linux-image-$rel"; do
	if apt-cache "${APT_OPTS[@]}" show "$cand" 2>/dev/null | grep -q '^Filename:'; then
		pkg=$cand
		break
	fi
done
if [ -z "$pkg" ]; then
	echo "fetch-vmlinuz: the package registry has no linux-image-$rel-unsigned or linux-image-$rel" >&2
	exit 3
fi
tmp=$(mktemp -d "$odir/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get "${APT_OPTS[@]}" download -q "$pkg" >/dev/null 2>&1) || {
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
