#!/usr/bin/env bash
# run.sh — every test of `make test`: the Python scripts still printing PASS/FAIL
# lines, then the pytest modules (the unit tests, the shell tests, the rest) as one
# entry.  Prints PASS/FAIL lines and closes with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ksurf="$PWD/$BUILD/ksurf"
work=$(mktemp -d "${TMPDIR:-/tmp}/ksurf-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
log="$work/log"
: > "$log"
errors=0

# Run a test (its command line), its output appended to the log.  A test that
# dies by a signal or exits other than 0 or 1, or exits 1 without a FAIL line
# of its own, crashed: that is a failure of its own, whatever came before.
run_test() { # NAME COMMAND...
	local name=$1 out="$work/one.log" rc
	shift
	"$@" > "$out" 2>&1
	rc=$?
	cat "$out" >> "$log"
	if [ $rc -gt 1 ] || { [ $rc -eq 1 ] && ! grep -q '^FAIL' "$out"; }; then
		echo "FAIL: $name crashed (exit $rc)" >> "$log"
	fi
}


# the runner itself: a crash after another test's failure is still reported
(
	log="$work/self.log"
	: > "$log"
	run_test failing sh -c 'echo "FAIL: a failure"; exit 1'
	run_test crashing sh -c 'kill -SEGV $$'
	grep -q '^FAIL: crashing crashed (exit 139)$' "$log"
) && echo "PASS: the runner reports a crash after another test's failure" >> "$log" ||
	echo "FAIL: the runner hides a crash after another test's failure" >> "$log"
if tests/fixtures/build.sh "$work/fixtures" >> "$work/build.log" 2>&1; then
	echo "PASS: fixtures built with gcc" >> "$log"
	if BUILD=$BUILD /usr/bin/python3 -m pytest tests/ -q -p no:cacheprovider > "$work/pytest.log" 2>&1; then
		echo "PASS: pytest modules ($(tail -1 "$work/pytest.log"))" >> "$log"
	else
		cat "$work/pytest.log" >> "$log"
		echo "FAIL: pytest modules" >> "$log"
	fi
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
