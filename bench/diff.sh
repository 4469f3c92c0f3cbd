#!/usr/bin/env bash
# diff.sh [--record] — `ksurf diff` (every kind) between the newest Debian 6.1
# amd64 and 6.12 amd64 images (packages cached in ~/.cache/ksurf), and
# `ksurf show` pages across them and across the 25 images of the study's
# golden dataset (tests/golden); best of RUNS (default 5).  Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ksurf="$PWD/$BUILD/ksurf"
record=0
[ "${1:-}" = --record ] && record=1
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. bench/lib.sh
r61=$(latest_release amd64)
r612=$(latest_612)
mapfile -t p61 < <(scripts/fetch-debian-kernel "$r61")
mapfile -t p612 < <(scripts/fetch-debian-kernel "$r612")
"$ksurf" --db "$work/data.db" add -j 2 "${p61[@]}" "${p612[@]}" >/dev/null
names=$("$ksurf" --db "$work/data.db" list --format json |
	python3 -c 'import json,sys; print(" ".join(json.loads(l)["name"] for l in sys.stdin))')
set -- $names
rows=()
rows+=("$(measure "$runs" diff-all-kinds "$ksurf" --db "$work/data.db" diff "$1" "$2")")
rows+=("$(measure "$runs" show-func-mempool_alloc "$ksurf" --db "$work/data.db" show func mempool_alloc)")
rows+=("$(measure "$runs" show-struct-task_struct "$ksurf" --db "$work/data.db" show struct task_struct)")
rows+=("$(measure "$runs" page-func-vfs_read-2-images "$ksurf" --db "$work/data.db" show func vfs_read --baseline "$1")")
# a page across the 25 images of the published study (tests/golden's dataset)
python3 tests/golden/tracepoint_block_rq_issue.py "$work/study" >/dev/null
"$ksurf" --db "$work/study.db" import "$work/study" >/dev/null
rows+=("$(measure "$runs" page-tracepoint-25-images "$ksurf" --db "$work/study.db" show tracepoint \
	block_rq_issue --baseline 5.4.0-26-generic-amd64)")
table=$(
	echo "| command | wall s | user s | sys s | peak RSS MB |"
	echo "|---|---|---|---|---|"
	for row in "${rows[@]}"; do
		set -- $row
		echo "| $1 | $2 | $3 | $4 | $5 |"
	done
)
echo "images: $names"
echo "$table"
if [ "$record" = 1 ]; then
	{
		echo
		echo "### $(date -u +%Y-%m-%d) — diff and show: $names; $(nproc) CPUs"
		echo
		echo "$table"
	} >> docs/performance.md
fi
