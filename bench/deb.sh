#!/usr/bin/env bash
# deb.sh [--record] — ingest straight from Debian kernel debug packages.
#  1. `ksurf add PKG` (package to stored image) next to
#     `dpkg --fsys-tarfile PKG | tar -xO ./usr/lib/debug/boot/vmlinux-R` (the
#     extraction alone), on the newest 6.1 cloud-amd64 -dbg package;
#  2. three packages (6.1 amd64, 6.1 cloud-amd64, 6.12 amd64) one after
#     another, then in one `ksurf add -j 2`: wall time and peak RSS;
#  3. the newest 7.x amd64 -dbg package (the new layout: the vmlinux near the
#     end of the tarball, at usr/lib/debug/lib/modules/R/vmlinux) with its
#     linux-base package, next to dpkg's extraction of that vmlinux.
# GNU time, best of RUNS (default 3; the dpkg extraction 2).  --record appends
# the results to docs/performance.md.  Not a test: nothing asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
record=0
[ "${1:-}" = --record ] && record=1
runs=${RUNS:-3}

. bench/lib.sh

cloud=$(latest_release cloud-amd64)
generic=$(latest_release amd64)
r612=$(latest_612)
pkg() { scripts/fetch-debian-kernel "$1" | sed -n 1p; }
p_cloud=$(pkg "$cloud")
p_generic=$(pkg "$generic")
p_612=$(pkg "$r612")

rows=()
rows+=("$(measure "$runs" ksurf-add-deb "$ksurf" --db "$work/db" add "$p_cloud")")
rows+=("$(measure 2 dpkg-extract-vmlinux bash -c \
	"dpkg --fsys-tarfile '$p_cloud' | tar -xO ./usr/lib/debug/boot/vmlinux-$cloud")")
rows+=("$(measure 1 three-one-after-another bash -c \
	"'$ksurf' --db '$work/db' add '$p_generic' && '$ksurf' --db '$work/db' add '$p_cloud' && '$ksurf' --db '$work/db' add '$p_612'")")
rows+=("$(measure 1 three-with-j2 "$ksurf" --db "$work/db" add -j 2 "$p_generic" "$p_cloud" "$p_612")")
. scripts/debian-apt.sh
debian_apt_update
r7=$(apt-cache "${APT_OPTS[@]}" search --names-only '^linux-image-7\.[0-9.]+\+deb[0-9]+-amd64-dbg$' |
	awk '{print $1}' | sed 's/^linux-image-//; s/-dbg$//' | sort -V | tail -n 1)
mapfile -t p7 < <(scripts/fetch-debian-kernel "$r7")
rows+=("$(measure "$runs" ksurf-add-deb-7.x bash -c "rm -f '$work/db7'*; '$ksurf' --db '$work/db7' add ${p7[*]}")")
rows+=("$(measure 1 dpkg-extract-vmlinux-7.x bash -c \
	"dpkg --fsys-tarfile '${p7[0]}' | tar -xO ./usr/lib/debug/lib/modules/$r7/vmlinux")")

table=$(
	table "${rows[@]}"
	k=$(col 2 "${rows[0]}")
	d=$(col 2 "${rows[1]}")
	echo
	echo "ksurf add PKG / dpkg extraction of the vmlinux alone: $(awk "BEGIN{printf \"%.0f%%\", 100*$k/$d}") (target: 40%)"
	s=$(col 2 "${rows[2]}")
	p=$(col 2 "${rows[3]}")
	echo "three packages with -j 2 / one after another: $(awk "BEGIN{printf \"%.2f\", $p/$s}")"
	k=$(col 2 "${rows[4]}")
	d=$(col 2 "${rows[5]}")
	echo "7.x: ksurf add PKG / dpkg extraction of the vmlinux alone: $(awk "BEGIN{printf \"%.0f%%\", 100*$k/$d}") (target: 40%)"
)
echo "packages: $(basename "$p_cloud"); $(basename "$p_generic"), $(basename "$p_cloud"), $(basename "$p_612")"
echo "$table"
record "from packages: $(basename "$p_cloud"); three: $generic, $cloud, $r612; 7.x: $r7; $(nproc) CPUs" "$table"
