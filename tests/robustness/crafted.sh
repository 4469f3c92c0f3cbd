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
python3 "$here/craft.py" "$fx/vmlinux-upstream" "$c" "$fx/linux-image-5.4.0-26-generic-dbgsym.ddeb" ||
	echo "FAIL: craft.py"
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
refuse elf-bad-shstrndx "is not a string table among its" add --name x "$c/elf-bad-shstrndx"
refuse elf-bad-shnum "among its 2 sections" add --name x "$c/elf-bad-shnum"
refuse config-cut "unexpected end of file (a truncated or damaged gzip file)" add --name x --config "$c/config-cut.gz" "$fx/vmlinux-upstream"
refuse xz-block-16TiB "a block claims 17592186044416 bytes uncompressed" add --name x "$c/xz-block-16TiB.ddeb"
mkfifo "$c/fifo"
refuse fifo "not a regular file (a FIFO)" add --name x "$c/fifo"
refuse fifo-config "not a regular file (a FIFO)" add --name x --config "$c/fifo" "$fx/vmlinux-upstream"
ln -s /dev/zero "$c/zero"
refuse dev-zero-symlink "not a regular file (a character device)" add --name x "$c/zero"
refuse dev-zero-check "not a regular file" check "$c/zero"

# import: a NUL byte in a symbol table, invalid UTF-8, a decompression bomb
"$ksurf" --db "$c/exp.db" add --name e "$fx/vmlinux-upstream" >/dev/null
"$ksurf" --db "$c/exp.db" export "$c/exp" >/dev/null
for case in nul utf8 bomb noinline; do
	rm -rf "$c/imp-$case" && cp -r "$c/exp" "$c/imp-$case"
done
python3 - "$c" <<'PY'
import lzma, sys
c = sys.argv[1]
p = f"{c}/imp-nul/symtab/e.jsonl"
d = open(p, "rb").read()
open(p, "wb").write(d[:len(d) // 2] + b"\0" + d[len(d) // 2:])
p = f"{c}/imp-utf8/symtab/e.jsonl"
d = open(p, "rb").read()
i = d.index(b'"name": "') + 9
open(p, "wb").write(d[:i] + b"\xc3\x28" + d[i:])
p = f"{c}/imp-noinline/func_groups/e.jsonl"
import json
lines = open(p).read().splitlines()
g = json.loads(lines[0])
del g["funcs"][0]["inline"]
open(p, "w").write("\n".join([json.dumps(g)] + lines[1:]) + "\n")
p = f"{c}/imp-bomb/func_groups/e.jsonl"
import os
os.remove(p)
z = lzma.LZMACompressor(preset=9)
with open(p + ".xz", "wb") as f:
    for _ in range(1024):
        f.write(z.compress(b" " * (1 << 20)))
    f.write(z.flush())
PY
refuse import-nul "a NUL byte at byte" import "$c/imp-nul"
refuse import-utf8 "invalid UTF-8 at byte" import "$c/imp-utf8"
refuse import-bomb "100 times its compressed size" import "$c/imp-bomb"
refuse import-noinline "func_groups" import "$c/imp-noinline" # found by fuzz_import: a NULL strcmp

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
