#!/usr/bin/env bash
# check_crafted.sh [--record] [--db DATASET] — `ksurf check --format json` of the
# crafted eBPF objects of tests/robustness/craft_bpf.py (each under 1 MB: distinct
# helper calls, CO-RE relocations, 100,000-step and 64-step access strings,
# .ksyms externs) against two real images: the newest Debian 6.1 and 6.12 amd64
# (vmlinux cached in ~/.cache/ksurf), or the images of DATASET when given.
# Best of RUNS (default 3): wall time and peak RSS, and the exit status (1: a
# verdict fails; 2: refused, with its one error line).  Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
record=0 db=
while [ $# -gt 0 ]; do
	case $1 in
	--record) record=1 ;;
	--db) db=$2; shift ;;
	*) echo "usage: $0 [--record] [--db DATASET]" >&2; exit 2 ;;
	esac
	shift
done
runs=${RUNS:-3}
. bench/lib.sh
if [ -z "$db" ]; then
	db=$work/two.db
	for r in "$(latest_release amd64)" "$(latest_612)"; do
		"$ksurf" --db "$db" add "$(scripts/kernel-image.sh "linux-image-$r-dbg")" >/dev/null
	done
fi
names=$("$ksurf" --db "$db" list --format jsonl |
	python3 -c 'import json,sys; print(" ".join(json.loads(l)["name"] for l in sys.stdin))')
python3 tests/robustness/craft_bpf.py "$work/objs" >/dev/null
# exit 1 (a verdict fails) and 2 with one error line (an object refused) are
# answers here; the status goes to a file for the table
cat > "$work/ksurf-check" <<SH
#!/bin/sh
"$ksurf" --db "$db" check "\$1" --format json >/dev/null 2>"$work/check-err"
rc=\$?
echo \$rc > "$work/check-rc"
[ \$rc -le 1 ] || { [ \$rc -eq 2 ] && [ "\$(wc -l < "$work/check-err")" -eq 1 ]; }
SH
chmod +x "$work/ksurf-check"
rows=() notes=()
for case in helpers core-relos access-100k access-64 ksyms; do
	obj=$work/objs/$case.bpf.o
	rows+=("$(measure "$runs" "$case-$(($(stat -c %s "$obj") / 1024))KB" "$work/ksurf-check" "$obj")")
	note="$case: exit $(cat "$work/check-rc")"
	[ -s "$work/check-err" ] && note="$note: $(sed "s|$work/objs/||" "$work/check-err")"
	notes+=("$note")
done
table=$(table "${rows[@]}")
echo "images: $names"
echo "$table"
printf '%s\n' "${notes[@]}"
record "check of crafted objects (tests/robustness/craft_bpf.py): $names; $(nproc) CPUs" \
	"$table"$'\n\n'"$(printf -- '- %s\n' "${notes[@]}")"
