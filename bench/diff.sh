#!/usr/bin/env bash
# diff.sh [--record] — `ksurf diff` (every kind) between the newest Debian 6.1
# amd64 and 6.12 amd64 images (packages cached in ~/.cache/ksurf), and
# `ksurf show` pages across them and across the 25 images of the study's
# golden dataset (tests/golden); best of RUNS (default 5).  Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
record=0
[ "${1:-}" = --record ] && record=1
runs=${RUNS:-5}
. bench/lib.sh
r61=$(latest_release amd64)
r612=$(latest_612)
mapfile -t p61 < <(scripts/fetch-debian-kernel "$r61")
mapfile -t p612 < <(scripts/fetch-debian-kernel "$r612")
"$ksurf" --db "$work/data.db" add -j 2 "${p61[@]}" "${p612[@]}" >/dev/null
names=$("$ksurf" --db "$work/data.db" list --format jsonl |
	python3 -c 'import json,sys; print(" ".join(json.loads(l)["name"] for l in sys.stdin))')
read -ra name <<<"$names"
rows=()
rows+=("$(measure "$runs" diff-all-kinds "$ksurf" --db "$work/data.db" diff "${name[0]}" "${name[1]}")")
rows+=("$(measure "$runs" per-image-func-mempool_alloc "$ksurf" --db "$work/data.db" show func mempool_alloc --per-image --format md)")
rows+=("$(measure "$runs" per-image-struct-task_struct "$ksurf" --db "$work/data.db" show struct task_struct --per-image --format md)")
rows+=("$(measure "$runs" page-func-vfs_read-2-images "$ksurf" --db "$work/data.db" show func vfs_read --baseline "${name[0]}" --format md)")
# pages across the 25 images of the published study (tests/golden's datasets)
for script in tracepoint_block_rq_issue functions struct_request; do
	python3 "tests/golden/$script.py" "$work/study" >/dev/null
done
"$ksurf" --db "$work/study.db" import "$work/study" >/dev/null
for dep in "tracepoint block_rq_issue" "func __d_entry_type" "struct request"; do
	read -r kind dname <<<"$dep"
	rows+=("$(measure "$runs" "page-$kind-$dname-25-images" "$ksurf" --db "$work/study.db" show "$kind" "$dname" \
		--baseline 5.4.0-26-generic-amd64 --format md)")
done
table=$(table "${rows[@]}")
echo "images: $names"
echo "$table"
record "diff and show: $names; $(nproc) CPUs" "$table"
