#!/usr/bin/env bash
# merge.sh [--record] — `ksurf merge` of shards against adding the same images
# again, in one run: the six images of the real-kernel tests (bench/lib.sh) in
# three shards of two (built first, not timed), then, best of RUNS (default 3):
#   ksurf add of the six vmlinux files into one dataset (what a rebuild costs
#   when the images are at hand), ksurf add of the six packages (what a shard
#   worker does: the alternative to shipping its dataset; one run), and ksurf
#   merge of the three shards into a new dataset; the ratios, and the merged
#   export checked against the added one.  With --record, appended to
#   docs/performance.md.  Not a test: nothing asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
record=0
[ "${1:-}" = --record ] && { record=1; shift; }
runs=${RUNS:-3}

. bench/lib.sh
six_images
for i in 0 1 2; do
	for j in 0 1; do
		"$ksurf" --db "$work/shard-$i.db" add "${vms[$((2 * i + j))]}" >/dev/null
	done
done
add_all() { for v in "$@"; do "$ksurf" --db "$work/db-added" add "$v" >/dev/null || return 1; done; }
add_pkgs() {
	local r arch got
	for r in "$@"; do
		arch=$(dpkg --print-architecture)
		case $r in *-arm64) arch=arm64 ;; esac
		mapfile -t got < <(scripts/fetch-debian-kernel "$r" "$arch")
		"$ksurf" --db "$work/db-pkgs" add "${got[@]}" >/dev/null || return 1
	done
}
export -f add_all add_pkgs
export ksurf work
ad=$(measure "$runs" "ksurf-add-6-vmlinux" bash -c 'add_all "$@"' _ "${vms[@]}")
ap=$(measure 1 "ksurf-add-6-packages" bash -c 'add_pkgs "$@"' _ "${rels[@]}")
mg=$(measure "$runs" "ksurf-merge-3-shards" "$ksurf" merge "$work/db-merged" "$work"/shard-{0,1,2}.db)
# the same dataset either way
add_all "${vms[@]}"
"$ksurf" merge "$work/db-merged" "$work"/shard-{0,1,2}.db >/dev/null
"$ksurf" --db "$work/db-added" export "$work/exp-added" >/dev/null
"$ksurf" --db "$work/db-merged" export "$work/exp-merged" >/dev/null
same=$(diff -rq "$work/exp-added" "$work/exp-merged" >/dev/null && echo identical || echo DIFFERENT)
table=$(
	table "$ad" "$ap" "$mg"
	mw=$(col 2 "$mg")
	aw=$(col 2 "$ad")
	pw=$(col 2 "$ap")
	echo
	echo "ratio add of the vmlinux files / merge: wall $(awk "BEGIN{printf \"%.1f\", $aw/$mw}"); add of the packages / merge: wall $(awk "BEGIN{printf \"%.1f\", $pw/$mw}")"
	echo "merge per image: $(awk "BEGIN{printf \"%.2f\", $mw/6}") s; the merged dataset's export is $same to the added one's ($(du -m "$work/db-merged" | cut -f1) MB)"
)
echo "images: ${rels[*]}, 3 shards of 2, best of $runs runs"
echo "$table"
record "ksurf merge of 3 shards (6 images) vs add, $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$table"
