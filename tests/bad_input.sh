#!/usr/bin/env bash
# bad_input.sh KSURF FIXTURE_DIR WORK_DIR — malformed or unsuitable input: one error
# line, exit 2, no crash, and the dataset exactly as it was.
set -u
ksurf=$1 fx=$2 work=$3
db="$work/bad.db"
rm -f "$db"*
failed=0

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failed=1; }

state() { # a dump of the dataset, to compare before and after
	sqlite3 "$db" .dump 2>/dev/null | md5sum
}

"$ksurf" --db "$db" add --name good "$fx/vmlinux-upstream" >/dev/null || fail "add of the good image"
before=$(state)

expect_error() { # DESC PATTERN ARGS...
	local desc=$1 pattern=$2
	shift 2
	local err rc
	err=$("$ksurf" --db "$db" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ]; then pass "$desc: exit 2"; else fail "$desc: exit $rc, want 2"; fi
	if [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ $err == *"$pattern"* ]]; then
		pass "$desc: one error line naming the problem"
	else
		fail "$desc: error output '$err', want one line containing '$pattern'"
	fi
	if [ "$(state)" = "$before" ]; then pass "$desc: dataset unchanged"; else fail "$desc: dataset changed"; fi
}

expect_error "non-ELF file" "bad-not-elf: not an ELF file" add "$fx/bad-not-elf"
expect_error "truncated vmlinux" "bad-truncated: truncated" add "$fx/bad-truncated"
expect_error "ELF without .symtab" "bad-no-symtab: no .symtab" add "$fx/bad-no-symtab"
expect_error "ELF without DWARF" "bad-no-dwarf: no DWARF" add "$fx/bad-no-dwarf"
expect_error "missing file" "no-such-file: No such file or directory" add "$work/no-such-file"
expect_error "same image twice" "already in the dataset" add --name good "$fx/vmlinux-upstream"
expect_error "raw BTF, bad magic" "bad-btf-magic: not an ELF file, raw BTF or a Debian package" add "$fx/bad-btf-magic"
expect_error "raw BTF, truncated" "bad-btf-truncated: malformed BTF" add "$fx/bad-btf-truncated"
expect_error "raw BTF, header length past the end" "bad-btf-hdr-len: malformed BTF" add "$fx/bad-btf-hdr-len"
expect_error "raw BTF, bad type id" "bad-btf-type-id: malformed BTF: type" add "$fx/bad-btf-type-id"
expect_error "raw BTF, string offset out of range" "bad-btf-name-off: malformed BTF: type" add "$fx/bad-btf-name-off"
expect_error "raw BTF, a reference cycle" "bad-btf-cycle: malformed BTF" add "$fx/bad-btf-cycle"
expect_error "truncated package" "bad-pkg-truncated.deb: truncated package" add "$fx/bad-pkg-truncated.deb"
expect_error "package without a vmlinux" "bad-pkg-no-vmlinux.deb: has no usr/lib/debug/boot/vmlinux-" \
	add "$fx/bad-pkg-no-vmlinux.deb"
expect_error "not a package" "bad-pkg-not-a-package.deb: not an ELF file, raw BTF or a Debian package" \
	add "$fx/bad-pkg-not-a-package.deb"
expect_error "package whose vmlinux is cut short" "bad-pkg-vmlinux-cut.deb: usr/lib/debug/boot/vmlinux-5.4.0-97-generic is cut short" \
	add "$fx/bad-pkg-vmlinux-cut.deb"
expect_error "unknown command" "not a ksurf command" frobnicate
expect_error "unknown format" "--format" list --format yaml
expect_error "show for a missing image" "no image named" show func global_fn --image nope
expect_error "a page around a missing baseline" "no image named nope" show func global_fn --baseline nope
expect_error "a field without STRUCT::" "a field is named STRUCT::FIELD" show field pid
expect_error "a page option with --image" "not with --image or --per-image" show func global_fn --image good --baseline good
expect_error "a page option for config" "not with config" show config CONFIG_BPF --groups regular
expect_error "an LTS list that is no series" "--lts takes kernel series X.Y" show func global_fn --lts 5
expect_error "show of an unknown kind" "unknown kind 'bogus'" show bogus x
expect_error "diff of a missing image" "no image named nope" diff good nope
expect_error "index of an unknown kind" "unknown kind" index bogus

# --replace swaps the image in one transaction.
if "$ksurf" --db "$db" add --replace --name good "$fx/vmlinux-ubuntu" >/dev/null; then
	pass "--replace of an existing image"
else
	fail "--replace of an existing image"
fi
n=$(sqlite3 "$db" "select count(*) from images")
if [ "$n" = 1 ]; then
	pass "--replace leaves one image"
else
	fail "--replace left $n images"
fi

# Corrupted DWARF: bytes of .debug_info overwritten.  Any clean outcome is fine
# (exit 0 or 2); a crash (signal) or a hang is not.
read -r off size < <(python3 - "$fx/vmlinux-upstream" <<'PY'
import subprocess, sys
out = subprocess.run(["readelf", "-S", "-W", sys.argv[1]], capture_output=True, text=True).stdout
for line in out.splitlines():
    f = line.replace("[ ", "[").split()
    if len(f) > 5 and f[1] == ".debug_info":
        print(int(f[4], 16), int(f[5], 16))
PY
)
for seed in 1 2 3 4 5 6 7 8; do
	f="$work/bad-dwarf-$seed"
	cp "$fx/vmlinux-upstream" "$f"
	python3 - "$f" "$off" "$size" "$seed" <<'PY'
import random, sys
path, off, size, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
with open(path, "r+b") as fh:
    for _ in range(40):
        fh.seek(off + rnd.randrange(size))
        fh.write(bytes([rnd.randrange(256)]))
PY
	timeout 20 "$ksurf" --db "$work/fuzz.db" add --replace --name fuzz "$f" >/dev/null 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ]; then
		pass "corrupted .debug_info #$seed: clean exit ($rc)"
	else
		fail "corrupted .debug_info #$seed: exit $rc"
	fi
done
# A damaged dataset: blobs cut short, a string missing.  Reading it must stop
# with one error line and exit 2, never crash.
damaged() { # DESC SQL
	cp "$db" "$work/damaged.db"
	rm -f "$work/damaged.db-wal" "$work/damaged.db-shm"
	sqlite3 "$work/damaged.db" "$2"
	local err rc
	err=$("$ksurf" --db "$work/damaged.db" export "$work/damaged-export" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] &&
		[[ $err == *damaged* ]]; then
		pass "damaged dataset, $1: exit 2, one line"
	else
		fail "damaged dataset, $1: exit $rc, '$err'"
	fi
}
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
damaged "group content cut short" \
	"UPDATE func_contents SET data = substr(data, 1, length(data) - 3)"
damaged "addresses cut short" \
	"UPDATE func_groups SET addrs = substr(addrs, 1, length(addrs) - 2) WHERE n_symbols > 0"
damaged "a group content gone" "DELETE FROM func_contents WHERE id IN (SELECT id FROM func_contents LIMIT 2)"
damaged "a string gone" "DELETE FROM strings WHERE id IN (SELECT id FROM strings LIMIT 3)"
damaged "symbol table blob garbled" "UPDATE symtabs SET data = zeroblob(40)"
damaged "symbol table size lies" "UPDATE symtabs SET raw_size = raw_size * 3"
# check over a damaged dataset: the damage said, exit 2, no verdict printed
# (it reported functions "Absent", verdict fails, exit 1)
cp "$db" "$work/damaged.db"
rm -f "$work/damaged.db-wal" "$work/damaged.db-shm"
sqlite3 "$work/damaged.db" "UPDATE func_contents SET data = substr(data, 1, length(data) - 3)"
out=$("$ksurf" --db "$work/damaged.db" check "$fx/mini.bpf.o" --format json 2>"$work/damaged.err")
rc=$?
if [ "$rc" -eq 2 ] && [ -z "$out" ] && grep -q damaged "$work/damaged.err"; then
	pass "check over a damaged dataset: exit 2, the damage said, no verdict"
else
	fail "check over a damaged dataset: exit $rc, $(head -c 200 "$work/damaged.err"), output ${#out} bytes"
fi
exit $failed
