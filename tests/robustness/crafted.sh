#!/usr/bin/env bash
# crafted.sh KSURF FIXTURE_DIR WORK_DIR — hostile inputs (tests/robustness/craft.py and
# a few made here): each one error line naming the file and the damage, exit 2, never
# a crash or a hang, the dataset exactly as it was; two processes creating one dataset
# both land.  Prints PASS/FAIL lines.
set -u
ksurf=$1 fx=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
c=$work/crafted
rm -rf "$c" && mkdir -p "$c"
python3 "$here/craft.py" "$fx/vmlinux-upstream" "$c" || echo "FAIL: craft.py"
db=$c/ds.db
"$ksurf" --db "$db" add --name good "$fx/vmlinux-upstream" >/dev/null || echo "FAIL: the good image"
state() { sqlite3 "$db" .dump | md5sum; }
before=$(state)

# CASE PATTERN ARGS...: exit 2, one line with PATTERN, within 60 s, dataset unchanged
refuse() {
	local case=$1 pattern=$2 err rc
	shift 2
	err=$(timeout 60 "$ksurf" --db "$db" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ $err == *"$pattern"* ]] &&
		[ "$(state)" = "$before" ]; then
		echo "PASS: crafted $case: exit 2, '$err', dataset unchanged"
	else
		echo "FAIL: crafted $case: exit $rc, '$err' (want one line with '$pattern'), dataset $([ "$(state)" = "$before" ] && echo unchanged || echo changed)"
	fi
}
refuse debug-str-unterminated ".debug_str does not end with a NUL" add --name x "$c/debug-str-unterminated"
refuse debug-str-long-name "DW_AT_name longer than 4096 bytes" add --name x "$c/debug-str-long-name"
refuse dwarf-unit-length "malformed DWARF" add --name x "$c/dwarf-unit-length"
mkfifo "$c/fifo"
refuse fifo "not a regular file (a FIFO)" add --name x "$c/fifo"
refuse fifo-config "not a regular file (a FIFO)" add --name x --config "$c/fifo" "$fx/vmlinux-upstream"
ln -s /dev/zero "$c/zero"
refuse dev-zero-symlink "not a regular file (a character device)" add --name x "$c/zero"
refuse dev-zero-check "not a regular file" check "$c/zero"

# a 2.5 MB .comment: read in linear time (the hang guard is generous; no timing asserted)
if out=$(timeout 60 "$ksurf" --db "$c/comment.db" add "$c/comment-huge" 2>&1) &&
	[ "$(sqlite3 "$c/comment.db" 'SELECT length(comment) > 2000000 FROM images')" = 1 ]; then
	echo "PASS: crafted comment-huge: added, its 120,000 strings kept ($out)"
else
	echo "FAIL: crafted comment-huge: $out"
fi

# two processes creating one dataset, six rounds: both land every time
ok=0
for round in 1 2 3 4 5 6; do
	rm -f "$c/race.db"*
	"$ksurf" --db "$c/race.db" add --name a "$fx/vmlinux-upstream" >/dev/null 2>"$c/ra" &
	"$ksurf" --db "$c/race.db" add --name b "$fx/vmlinux-debian" >/dev/null 2>"$c/rb" &
	wait
	[ "$("$ksurf" --db "$c/race.db" list --format jsonl | wc -l)" = 2 ] &&
		[ "$(sqlite3 "$c/race.db" 'PRAGMA journal_mode')" = wal ] && ok=$((ok + 1))
done
if [ $ok = 6 ]; then
	echo "PASS: two adds creating one dataset: both land, in WAL mode, 6 of 6 rounds"
else
	echo "FAIL: two adds creating one dataset: $ok of 6 rounds; $(cat "$c/ra" "$c/rb" | head -2)"
fi
rm -rf "$c"
