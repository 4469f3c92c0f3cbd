#!/usr/bin/env bash
# kill_loop.sh KSURF VMLINUX PKG KILLS — SIGKILL `ksurf` at random moments of `add`,
# `add --replace`, `add PKG.deb`, `import`, two processes creating one dataset and
# `merge` of two shards, into a new dataset and into one with an image (KILLS each), then check: the dataset passes SQLite's integrity check, every image
# that landed is whole (its show and list agree with a clean add), none is half
# there, and no temporary file is left (TMPDIR is a private directory; a killed
# creation's staging file beside the dataset is removed by the next open).  Prints
# PASS/FAIL lines and a count.
set -u
ksurf=$1 vm=$2 pkg=$3 kills=${4:-40}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
db=$work/k.db
ref=$work/ref.db
"$ksurf" --db "$ref" add --name a "$vm" >/dev/null
"$ksurf" --db "$ref" export "$work/exp" >/dev/null
"$ksurf" --db "$work/ref2.db" add --name m2 "$vm" >/dev/null # a second shard
want=$("$ksurf" --db "$ref" list --format jsonl | python3 -c 'import json,sys; r=json.loads(sys.stdin.readline()); print(r["func_groups"], r["symbols"])')
t0=$(date +%s%N)
"$ksurf" --db "$work/t.db" add --name a "$vm" >/dev/null
ms=$((($(date +%s%N) - t0) / 1000000 + 20))
corrupt=0 partial=0 leftover=0 total=0 landed=0 staged=0 lost=0 killed=0 failed=0
stage_files() { find "$(dirname "$1")" -mindepth 1 -maxdepth 1 -name ".$(basename "$1").new-*" | wc -l; }
check_db() { # DB: integrity, and every image whole; a new dataset's staging file
	local d=$1 ok # left by the kill is removed by the next open
	staged=$((staged + $(stage_files "$d")))
	"$ksurf" --db "$d" list >/dev/null 2>&1
	leftover=$((leftover + $(stage_files "$d")))
	[ -e "$d" ] || return 0
	ok=$(sqlite3 "$d" 'PRAGMA integrity_check' 2>&1 | head -1)
	if [ "$ok" != ok ]; then
		corrupt=$((corrupt + 1))
		echo "NOTE: corrupt after kill: $ok"
		return
	fi
	while read -r name groups symbols; do
		landed=$((landed + 1))
		[ "$groups $symbols" = "$want" ] || { partial=$((partial + 1)); echo "NOTE: partial image $name: $groups $symbols"; }
	done < <("$ksurf" --db "$d" list --format jsonl 2>/dev/null | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    print(r["name"], r["func_groups"], r["symbols"])')
}
has_image() { # DB NAME: counted lost unless DB lists NAME
	"$ksurf" --db "$1" list --format jsonl 2>/dev/null | grep -q "\"name\": \"$2\"" ||
		{ lost=$((lost + 1)); echo "NOTE: image $2 lost"; }
}
kill_after() { # MS COMMAND...: run it, SIGKILL it after a random time below MS
	local ms=$1 pid rc
	shift
	"$@" >/dev/null 2>"$work/err" &
	pid=$!
	sleep "$(awk -v m="$ms" -v s="$RANDOM" 'BEGIN { srand(s); printf "%.3f", rand() * m / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	total=$((total + 1))
	# killed (137), or done before the kill; anything else means the loop tests nothing
	if [ $rc = 137 ]; then
		killed=$((killed + 1))
	elif [ $rc != 0 ]; then
		failed=$((failed + 1))
		echo "NOTE: $* exited $rc: $(head -c 300 "$work/err")"
	fi
}
for _ in $(seq "$kills"); do
	rm -f "$db"*
	kill_after "$ms" "$ksurf" --db "$db" add --name a "$vm"; check_db "$db"
	"$ksurf" --db "$db" add --name a --replace "$vm" >/dev/null 2>&1
	kill_after "$ms" "$ksurf" --db "$db" add --name a --replace "$vm"; check_db "$db"
	has_image "$db" a # the old image, or the new one: never neither
	rm -f "$db"*
	kill_after "$((ms * 3))" "$ksurf" --db "$db" add --name p "$pkg"; check_db "$db"
	rm -f "$db"*
	kill_after "$ms" "$ksurf" --db "$db" import "$work/exp"; check_db "$db"
	rm -f "$db"*
	"$ksurf" --db "$db" add --name b "$vm" >/dev/null 2>&1 &
	kill_after "$ms" "$ksurf" --db "$db" add --name a "$vm"
	wait
	check_db "$db"
	has_image "$db" b # the creator that was not killed always lands
	rm -f "$db"*
	kill_after "$ms" "$ksurf" merge "$db" "$ref" "$work/ref2.db"; check_db "$db"
	"$ksurf" --db "$db" add --name b "$vm" >/dev/null 2>&1
	kill_after "$ms" "$ksurf" merge "$db" "$ref" "$work/ref2.db"; check_db "$db"
	has_image "$db" b
	n=$(find "$TMPDIR" -mindepth 1 | wc -l)
	[ "$n" = 0 ] || { leftover=$((leftover + n)); find "$TMPDIR" -mindepth 1 -delete; }
done
echo "NOTE: $total runs, $killed killed mid-way, the others done first; $landed images landed whole or not at all; $staged staging files of new datasets left by kills, removed by the next open"
[ $failed = 0 ] && [ $killed -ge $((total / 2)) ] &&
	echo "PASS: kill loop: $killed of $total runs SIGKILLed mid-way, none failed on its own" ||
	echo "FAIL: kill loop: $killed of $total runs killed mid-way, $failed failed on their own"
[ $corrupt = 0 ] && echo "PASS: kill loop: $killed SIGKILLs, 0 corrupt datasets" || echo "FAIL: kill loop: $corrupt corrupt datasets in $killed kills"
[ $partial = 0 ] && echo "PASS: kill loop: 0 partial images ($landed landed)" || echo "FAIL: kill loop: $partial partial images"
[ $lost = 0 ] && echo "PASS: kill loop: 0 completed images lost" || echo "FAIL: kill loop: $lost completed images lost"
[ $leftover = 0 ] && echo "PASS: kill loop: 0 temporary files left" || echo "FAIL: kill loop: $leftover temporary files left"
