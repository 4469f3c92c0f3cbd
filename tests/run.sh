#!/usr/bin/env bash
# run.sh — every test of `make test`: unit tests, the gcc-built fixture images,
# bad input.  Prints PASS/FAIL lines and closes with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ksurf="$PWD/$BUILD/ksurf"
work=$(mktemp -d "${TMPDIR:-/tmp}/ksurf-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
log="$work/log"
: > "$log"
errors=0


for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >> "$log" 2>&1 || grep -q "^FAIL" "$log" || echo "FAIL: $t crashed" >> "$log"
done
if tests/fixtures/build.sh "$work/fixtures" >> "$work/build.log" 2>&1; then
	echo "PASS: fixtures built with gcc" >> "$log"
	"$BUILD"/tests/test_line_files "$work"/fixtures/vmlinux-{upstream,ubuntu,debian} >> "$log" 2>&1
	for t in fixtures types import diff decoders packages cli check; do
		python3 tests/test_$t.py "$ksurf" "$work/fixtures" "$work" >> "$log" 2>&1 ||
			grep -q "^FAIL" "$log" || echo "FAIL: test_$t.py crashed" >> "$log"
	done
	python3 tests/test_pages.py "$ksurf" "$work" >> "$log" 2>&1 ||
		grep -q "^FAIL" "$log" || echo "FAIL: test_pages.py crashed" >> "$log"
	python3 tests/test_site.py "$ksurf" "$work" >> "$log" 2>&1 ||
		grep -q "^FAIL" "$log" || echo "FAIL: test_site.py crashed" >> "$log"
	tests/bad_input.sh "$ksurf" "$work/fixtures" "$work" >> "$log" 2>&1 ||
		grep -q "^FAIL" "$log" || echo "FAIL: bad_input.sh crashed" >> "$log"
	tests/robustness/crafted.sh "$ksurf" "$work/fixtures" "$work" >> "$log" 2>&1 ||
		grep -q "^FAIL" "$log" || echo "FAIL: robustness/crafted.sh crashed" >> "$log"
else
	cat "$work/build.log"
	echo "FAIL: fixtures did not build" >> "$log"
fi
grep -E '^FAIL' "$log"
grep -E '^(Traceback|  File|[A-Za-z]+Error)' "$log"
passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
