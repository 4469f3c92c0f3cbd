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
	err=$(${limit:-} timeout 60 "$ksurf" --db "$db" "$@" 2>&1 >/dev/null)
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
refuse name-escapes "image name '../../../ESCAPED' is not usable (it holds a '/'" add --name ../../../ESCAPED "$fx/vmlinux-upstream"
refuse name-terminal "is not usable (it holds a control character" add --name "$(printf 'a\033[2Jb')" "$fx/vmlinux-upstream"
refuse name-dotdot "image name '..' is not usable (it is a directory's name" add --name .. "$fx/vmlinux-upstream"
refuse fifo "not a regular file (a FIFO)" add --name x "$c/fifo"
refuse fifo-config "not a regular file (a FIFO)" add --name x --config "$c/fifo" "$fx/vmlinux-upstream"
ln -s /dev/zero "$c/zero"
refuse dev-zero-symlink "not a regular file (a character device)" add --name x "$c/zero"
refuse dev-zero-check "not a regular file" check "$c/zero"
# every kind of damage to a unit header, on the first unit and a middle one
python3 "$here/unit_headers.py" "$ksurf" "$fx/vmlinux-upstream" "$c/unit-headers" | sed 's/^\(PASS\|FAIL\): /\1: crafted /'
# crashers of the fuzzers, kept (tests/robustness/regress/): fuzz_vmlinux's leak of
# the callers of a __compiletime_assert_ entry (LeakSanitizer in the ASan build)
refuse fuzz-compiletime-assert-leak "malformed DWARF in compile unit at offset" \
	add --name x "$here/regress/vmlinux-compiletime-assert-leak"

# a memory budget too small for the input (none in a sanitizer build)
if "$ksurf" --version | grep -q "no memory budget"; then
	echo "NOTE: crafted memory-budget: a sanitizer build has no budget"
else
	limit=env\ KSURF_MEMORY_LIMIT=1M
	refuse memory-budget "Cannot allocate memory" add --name x "$fx/vmlinux-upstream"
	limit=
	refuse memory-limit-word "takes a size such as 4G or 512M" add --memory-limit 4X "$fx/vmlinux-upstream"
fi

# eBPF objects under 1 MB that made `check` quadratic or worse (craft_bpf.py): each
# gives a verdict (exit 0 or 1) naming every helper, relocation and extern, or one
# error line (exit 2), within 60 s and, outside a sanitizer build, a 200 MB budget
# (they took up to 51 s and 2.1 GB; no timing is asserted)
python3 "$here/craft_bpf.py" "$c/bpf" || echo "FAIL: craft_bpf.py"
budget=
"$ksurf" --version | grep -q "no memory budget" || budget="env KSURF_MEMORY_LIMIT=200M"
bpf_verdict() { # CASE WHAT PYTHON-EXPRESSION-OF-p (the object's JSON) WANT
	local case=$1 what=$2 expr=$3 want=$4 err rc got
	err=$($budget timeout 60 "$ksurf" --db "$db" check "$c/bpf/$case.bpf.o" --format json \
		2>&1 >"$c/bpf/$case.json")
	rc=$?
	got=$(python3 -c "import json,sys; p=json.load(open(sys.argv[1]))['programs'][0]; print($expr)" \
		"$c/bpf/$case.json" 2>/dev/null)
	if [ "$rc" -le 1 ] && [ "$got" = "$want" ]; then
		echo "PASS: crafted $case.bpf.o: exit $rc, $what: $got"
	else
		echo "FAIL: crafted $case.bpf.o: exit $rc, '$err', $what: '$got' (want $want)"
	fi
}
kinds() { printf "sum(d['kind'] == '%s' for d in p['dependencies'])" "$1"; }
bpf_verdict helpers "helper dependencies" "$(kinds helper)" 122000
bpf_verdict core-relos "CO-RE relocations" "len(p['relocations'])" 61440
bpf_verdict access-64 "relocations of 64 indexes" \
	"sum(r['spec'].count(':') == 64 for r in p['relocations'])" 43000
bpf_verdict ksyms "kfuncs and typed ksyms" "$(kinds kfunc), $(kinds ksym)" \
	"14000 4000"
limit=$budget
refuse access-100k "malformed BPF object: .BTF.ext: a CO-RE access string of more than 64 indexes" \
	check "$c/bpf/access-100k.bpf.o"
limit=
# the same objects through stats --check and site --check: the budget holds there too
# (every command runs under KSURF_MEMORY_LIMIT; the 100,000-step strings took 1.19 GB);
# the site needs a group: the good image and itself as another flavor
"$ksurf" --db "$db" export "$c/site-exp" >/dev/null
python3 - "$c/site-exp" <<'PY'
import json, os, shutil, sys
d = sys.argv[1]
for sub in os.listdir(d):
    for f in os.listdir(os.path.join(d, sub)):
        if f.startswith("good."):
            shutil.copyfile(os.path.join(d, sub, f), os.path.join(d, sub, "other" + f[4:]))
p = os.path.join(d, "image", "other.json")
o = json.load(open(p))
o["name"], o["flavor"] = "other", "cloud"
json.dump(o, open(p, "w"))
PY
"$ksurf" --db "$c/site.db" import "$c/site-exp" >/dev/null || echo "FAIL: crafted: the two-image dataset for site --check"
limit=$budget
refuse stats-check-access-100k "a CO-RE access string of more than 64 indexes" \
	stats --check "$c/bpf/access-100k.bpf.o"
db_was=$db
db=$c/site.db before=$(state)
refuse site-check-access-100k "a CO-RE access string of more than 64 indexes" \
	site "$c/site-100k" --baseline good --check "$c/bpf/access-100k.bpf.o"
db=$db_was before=$(state)
limit=
for cmd in "stats --check $c/bpf/helpers.bpf.o" "site $c/site-helpers --baseline good --check $c/bpf/helpers.bpf.o"; do
	# shellcheck disable=SC2086
	err=$($budget timeout 120 "$ksurf" --db "$c/site.db" $cmd 2>&1 >/dev/null)
	rc=$?
	[ $rc = 0 ] && echo "PASS: crafted helpers.bpf.o through ${cmd%% *} --check: exit 0 within the budget" ||
		echo "FAIL: crafted helpers.bpf.o through ${cmd%% *} --check: exit $rc, '$err'"
done

# into a dataset that does not exist yet: a failed add leaves nothing at the path,
# no staging file beside it (a new dataset appears whole, with its first image)
nothing_left() { # CASE PATTERN DIR ARGS...: exit 2, one line with PATTERN, DIR empty
	local case=$1 pattern=$2 dir=$3 err rc
	shift 3
	err=$(${limit:-} timeout 60 "$ksurf" --db "$dir/new.db" "$@" 2>&1 >/dev/null)
	rc=$?
	local left
	left=$(find "$dir" -mindepth 1 -maxdepth 1 -printf '%f\n' | LC_ALL=C sort | tr '\n' ' ')
	if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ $err == *"$pattern"* ]] &&
		[ -z "$left" ]; then
		echo "PASS: crafted $case into a new dataset: exit 2, '$err', nothing left"
	else
		echo "FAIL: crafted $case into a new dataset: exit $rc, '$err' (want one line with '$pattern'), left: '$left'"
	fi
}
mkdir -p "$c/new"
nothing_left dwarf-unit-length "malformed DWARF" "$c/new" add --name x "$c/dwarf-unit-length"
nothing_left xz-block-16TiB "a block claims 17592186044416 bytes" "$c/new" add --name x "$c/xz-block-16TiB.ddeb"
# a disk that fills up: a file size limit everywhere, a full tmpfs where one can be mounted
fsize_limited() { (trap '' XFSZ; ulimit -f "$fsize"; exec "$@"); } # in KB
limit=fsize_limited fsize=64
nothing_left file-size-limit "new.db: " "$c/new" add --name x "$fx/vmlinux-upstream"
fsize=40 # the -shm fits, the WAL of an add into the existing dataset does not
refuse file-size-limit "ds.db: disk I/O error" add --name x "$fx/vmlinux-upstream"
limit=
if mkdir -p "$c/full" && mount -t tmpfs -o size=64k tmpfs "$c/full" 2>/dev/null; then
	nothing_left disk-full "database or disk is full" "$c/full" add --name x "$fx/vmlinux-upstream"
	[ "$(df --output=used -k "$c/full" | tail -1 | tr -d ' ')" = 0 ] &&
		echo "PASS: crafted disk-full into a new dataset: the disk is empty again" ||
		echo "FAIL: crafted disk-full into a new dataset: $(df --output=used -k "$c/full" | tail -1) KB still used"
	umount "$c/full"
else
	echo "NOTE: crafted disk-full: no tmpfs could be mounted here (not root); the file size limit stands in"
fi
# a staging file left by a process that died is removed by the next open; a live one stays
: > "$c/new/.sweep.db.new-AAAAAA"
: > "$c/new/.sweep.db.new-BBBBBB"
flock "$c/new/.sweep.db.new-BBBBBB" sleep 30 &
holder=$!
sleep 0.3
"$ksurf" --db "$c/new/sweep.db" add --name u "$fx/vmlinux-upstream" >/dev/null
left=$(find "$c/new" -mindepth 1 -maxdepth 1 -printf '%f\n' | LC_ALL=C sort | tr '\n' ' ')
kill $holder 2>/dev/null
wait $holder 2>/dev/null
[ "$left" = ".sweep.db.new-BBBBBB sweep.db " ] &&
	echo "PASS: a dead creator's staging file is removed, a live one's kept" ||
	echo "FAIL: staging files after an add: '$left'"
rm -f "$c/new/"* "$c/new/".sweep*
# two creators, one failing: the other's image is the dataset
"$ksurf" --db "$c/new/two.db" add --name x "$c/dwarf-unit-length" 2>/dev/null &
"$ksurf" --db "$c/new/two.db" add --name b "$fx/vmlinux-debian" >/dev/null &
wait
[ "$("$ksurf" --db "$c/new/two.db" list --format jsonl | python3 -c 'import json,sys; print(",".join(json.loads(l)["name"] for l in sys.stdin))')" = b ] &&
	echo "PASS: two creators, one failing: the dataset holds the other's image" ||
	echo "FAIL: two creators, one failing: $(ls -A "$c/new")"

# import: a NUL byte in a symbol table, invalid UTF-8, a decompression bomb
"$ksurf" --db "$c/exp.db" add --name e "$fx/vmlinux-upstream" >/dev/null
"$ksurf" --db "$c/exp.db" export "$c/exp" >/dev/null
for case in nul utf8 bomb noinline surrogate; do
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
p = f"{c}/imp-surrogate/symtab/e.jsonl"
d = open(p, "rb").read()
i = d.index(b'"name": "') + 9
open(p, "wb").write(d[:i] + b"\\ud800" + d[i:])
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
refuse import-surrogate "a lone surrogate" import "$c/imp-surrogate"
refuse import-noinline "func_groups" import "$c/imp-noinline" # found by fuzz_import: a NULL strcmp

# names that are not UTF-8 (an overlong NUL, a surrogate): export writes U+FFFD
# for them, so what it writes imports again
rm -rf "$c/u8" && "$ksurf" --db "$c/u8.db" add --name u "$c/strtab-bad-utf8" >/dev/null &&
	"$ksurf" --db "$c/u8.db" export "$c/u8" >/dev/null
if out=$("$ksurf" --db "$c/u8b.db" import "$c/u8" 2>&1) &&
	grep -q '"\\ufffd\\ufffdxture_sink"' "$c/u8/symtab/u.jsonl" &&
	grep -q '"\\ufffd\\ufffd\\ufffdture_fail"' "$c/u8/symtab/u.jsonl"; then
	echo "PASS: crafted strtab-bad-utf8: exported as U+FFFD, imported again ($out)"
else
	echo "FAIL: crafted strtab-bad-utf8: $out; $(grep -o '"[^"]*xture_sink"' "$c/u8/symtab/u.jsonl" | head -1)"
fi

# a 2.5 MB .comment: read in linear time (the hang guard is generous; no timing asserted)
if out=$(timeout 60 "$ksurf" --db "$c/comment.db" add "$c/comment-huge" 2>&1) &&
	[ "$(sqlite3 "$c/comment.db" 'SELECT length(comment) > 2000000 FROM images')" = 1 ]; then
	echo "PASS: crafted comment-huge: added, its 120,000 strings kept ($out)"
else
	echo "FAIL: crafted comment-huge: $out"
fi

# import follows no symlink out of its directory (comment/NAME.txt -> a secret
# became the image's compiler string), and a path too long to build is an error
# (it read as "absent": 0 function groups, exit 0)
"$ksurf" --db "$db" export "$c/imp" --image good >/dev/null 2>&1
echo "a secret" > "$c/secret.txt"
ln -sf "$c/secret.txt" "$c/imp/comment/good.txt"
refuse import-symlink "comment/good.txt: a symbolic link (only the directory's own files are read)" \
	import "$c/imp" --replace
long=$c/long
while [ ${#long} -lt 4030 ]; do long=$long/dddddddddddddddddddddddddddddddddddddddddddddddddd; done
long=$long/$(printf '%*s' $((4072 - ${#long} - 1)) '' | tr ' ' e)
mkdir -p "$long/func_groups" && (cd "$long/func_groups" && cp "$c/imp/func_groups/good.jsonl"* .)
refuse import-long-path "the path is too long" import "$long" --replace

# a downloaded dataset whose image name would write outside the asked
# directory: every command refuses it (one line, exit 2), nothing written
cp "$db" "$c/evil.db"
sqlite3 "$c/evil.db" "UPDATE images SET name='../../../../tmp/ksurf-pwned/PWNED'"
bad=0
for cmd in "list" "export $c/evil-export" "show func global_fn" "site $c/evil-site" "stats" \
	"check $fx/mini.bpf.o"; do
	# shellcheck disable=SC2086
	err=$("$ksurf" --db "$c/evil.db" $cmd 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 2 ] || [[ $err != *"damaged dataset: image 1's name is not usable (it holds a '/')"* ]]; then
		bad=$((bad + 1))
		echo "NOTE: $cmd: exit $rc, $err"
	fi
done
if [ $bad = 0 ] && [ ! -e /tmp/ksurf-pwned ] && [ ! -e "$c/evil-export" ]; then
	echo "PASS: crafted evil-name dataset: 6 commands refuse it, exit 2, nothing written"
else
	echo "FAIL: crafted evil-name dataset: $bad commands took it"
fi

# a dataset whose config blob is a real zlib bomb (256 MB of zeros in 250 KB,
# under zlib's 1032:1 ratio): every reader refuses it in one line, exit 2, fast
"$ksurf" --db "$c/bomb.db" add --name b --config "$fx/config-fixture" "$fx/vmlinux-upstream" >/dev/null
python3 - "$c/bomb.db" <<'PY'
import sqlite3, sys, zlib
z = zlib.compressobj(9)
data = b"".join(z.compress(bytes(1 << 20)) for _ in range(256)) + z.flush()
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE configs SET raw_size = ?, data = ?", (256 << 20, data))
db.commit()
PY
bad=0
for cmd in "show config CONFIG_BPF" "export $c/bomb-export" "check $fx/mini.bpf.o" "diff b b"; do
	# shellcheck disable=SC2086
	err=$(timeout 20 "$ksurf" --db "$c/bomb.db" $cmd 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] ||
		[[ $err != *"the config (it claims 268435456 bytes, over the 64 MB ksurf stores) is damaged"* ]]; then
		bad=$((bad + 1))
		echo "NOTE: config bomb: $cmd: exit $rc, $err"
	fi
done
[ $bad = 0 ] && echo "PASS: crafted config bomb in a dataset: 4 commands refuse it in one line, exit 2" ||
	echo "FAIL: crafted config bomb in a dataset: $bad commands took it or failed otherwise"

# two processes creating one dataset, six rounds: both land every time
ok=0
for _ in 1 2 3 4 5 6; do
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
