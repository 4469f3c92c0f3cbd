#!/usr/bin/env bash
# run.sh — real-kernel tests: Debian 6.1 and 6.12 -dbg images from the package
# registry (downloaded once into ~/.cache/ksurf).  Closes with "N passed, N failed".
#  1. the oracle: 6.1.0-56-cloud-amd64 against ../shared/reference (SKIPPED,
#     with the reason, when the registry or the reference does not have it: the
#     only test that may skip; an image the tests need and cannot get fails);
#  2. the newest 6.1 amd64 (generic) image: the magnitudes of its function
#     groups, mempool_alloc, its struct layout against pahole;
#  3.-7. other revisions, arches (arm64, and i386, armhf, ppc64el, s390x,
#     mips64el), 6.12, diffs, report pages, the running kernel;
#  8. the kill loop (tests/robustness/kill_loop.sh) on the cloud image;
#  9. shard workers of the archive build and `ksurf merge` (tests/real/shards.sh).
# On every image: the invariants of tests/real/invariants.py (no build prefix,
# entries and system calls as independent counts say, the name rule), and no
# two images of the tests share a name.
set -u
cd "$(dirname "$0")/../.." || exit 1
repo=$PWD
BUILD=${BUILD:-build}
ksurf="$repo/$BUILD/ksurf"
work=$(mktemp -d "${TMPDIR:-/tmp}/ksurf-real.XXXXXX")
trap 'rm -rf "$work"' EXIT
log="$work/log"
: > "$log"
skipped=0
say() { echo "$*" | tee -a "$log"; }
# a python check block that dies before printing its verdicts counts as a failure
py_ok() { [ "$1" = 0 ] || say "FAIL: $2 crashed (exit $1)"; }
: > "$work/names"

# The architectures the tests read images of: dpkg must know them for their
# packages to be listed (as root they are added; else the run says so and fails).
arches=(arm64 i386 armhf ppc64el s390x mips64el)
missing=()
for a in "${arches[@]}"; do
	dpkg --print-foreign-architectures | grep -qx "$a" || missing+=("$a")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		for a in "${missing[@]}"; do dpkg --add-architecture "$a"; done
		apt-get update -qq >/dev/null 2>&1 || true
		say "PASS: set up: dpkg architectures ${missing[*]} added, package lists updated"
	else
		say "FAIL: set up: dpkg does not know ${missing[*]}; run: sudo dpkg --add-architecture ARCH (each) && sudo apt-get update"
	fi
fi

# Debian's Chromium and playwright-core (npm): the site is tested in a real browser.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || true
fi
if [ ! -d tests/browser/node_modules/playwright-core ] && command -v npm >/dev/null; then
	npm install --prefix tests/browser --no-audit --no-fund >/dev/null 2>&1 || true
fi
# GNU parallel: the shard workers of the archive build run under it (section 9).
if ! command -v parallel >/dev/null && [ "$(id -u)" -eq 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq parallel >/dev/null 2>&1 || true
fi
# Debian's libbpf-tools: the real eBPF programs `ksurf check` is tried on.
if ! dpkg-query -W -f='${Status}' libbpf-tools 2>/dev/null | grep -q "install ok installed" &&
	[ "$(id -u)" -eq 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libbpf-tools >/dev/null 2>&1
fi

# The invariants of one stored image (IMAGE of DB), checked against its vmlinux.
check_image() { # LABEL DB IMAGE
	local label=$1 db=$2 image=$3 row="$work/row-$1.json" exp="$work/inv-$1"
	"$ksurf" --db "$db" list --format jsonl | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["name"] == sys.argv[1]:
        print(json.dumps(r))' "$image" > "$row"
	local release
	release=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["release"])' "$row" 2>/dev/null)
	local vm
	if [ -z "$release" ] || ! vm=$(scripts/kernel-image.sh "linux-image-$release-dbg" 2>>"$log"); then
		say "FAIL: $label: $image is not in the dataset, or its vmlinux cannot be had"
		return
	fi
	echo "$image" >> "$work/names"
	rm -rf "$exp"
	"$ksurf" --db "$db" export "$exp" --image "$image" >> "$log" 2>&1
	local entries
	entries=$("$BUILD"/tests/count_entries "$vm" | cut -d' ' -f1)
	python3 tests/real/invariants.py "$label" "$exp" "$image" "$vm" "$entries" "$row" | tee -a "$log"
	py_ok "${PIPESTATUS[0]}" "the $label invariants"
	rm -rf "$exp"
}

# 1. Oracle.
ref="$repo/../shared/reference/func_groups/6.1.0-56-cloud-amd64.jsonl.xz"
if [ ! -f "$ref" ]; then
	say "SKIPPED: oracle comparison: $ref is not there"
	skipped=$((skipped + 1))
elif ! vm=$(scripts/kernel-image.sh linux-image-6.1.0-56-cloud-amd64-dbg); then
	say "SKIPPED: oracle comparison: the registry no longer serves linux-image-6.1.0-56-cloud-amd64-dbg"
	skipped=$((skipped + 1))
else
	if "$ksurf" --db "$work/oracle.db" add "$vm" >> "$log" 2>&1; then
		say "PASS: add $vm"
	else
		say "FAIL: add $vm"
	fi
	if "$ksurf" --db "$work/oracle.db" export "$work/oracle" >> "$log" 2>&1; then
		say "PASS: export of 6.1.0-56-cloud-amd64"
	else
		say "FAIL: export"
	fi
	python3 tests/real/compare_func_groups.py "$ref" \
		"$work/oracle/func_groups/6.1.0-56-cloud-amd64.jsonl" 2>&1 | sed 's/^/oracle: /' |
		sed -E 's/^oracle: (PASS|FAIL)/\1: oracle/' | tee -a "$log"
	for k in func struct union enum int; do
		r="$repo/../shared/reference/types_$k/6.1.0-56-cloud-amd64.jsonl.xz"
		if [ ! -f "$r" ]; then
			say "SKIPPED: types_$k: $r is not there"
			skipped=$((skipped + 1))
		elif xz -dc "$r" | cmp -s - "$work/oracle/types_$k/6.1.0-56-cloud-amd64.jsonl"; then
			say "PASS: oracle: types_$k equal to the reference, object for object ($(xz -dc "$r" | wc -l) types)"
		else
			say "FAIL: oracle: types_$k differs from the reference"
		fi
	done
	r="$repo/../shared/reference/tracepoints/6.1.0-56-cloud-amd64.jsonl.xz"
	if [ -f "$r" ]; then
		python3 tests/real/compare_tracepoints.py "$r" \
			"$work/oracle/tracepoints/6.1.0-56-cloud-amd64.jsonl" | sed 's/^\(PASS\|FAIL\): /\1: oracle: /' |
			tee -a "$log"
	else
		say "SKIPPED: tracepoints: $r is not there"
		skipped=$((skipped + 1))
	fi
	r="$repo/../shared/reference/syscalls/6.1.0-56-cloud-amd64.json.xz"
	if [ ! -f "$r" ]; then
		say "SKIPPED: syscalls: $r is not there"
		skipped=$((skipped + 1))
	elif xz -dc "$r" | cmp -s - "$work/oracle/syscalls/6.1.0-56-cloud-amd64.json"; then
		say "PASS: oracle: syscalls equal to the reference ($(xz -dc "$r" | grep -c '": "') entries)"
	else
		say "FAIL: oracle: syscalls differ from the reference"
	fi
	# The same image straight from its package: the same dataset, file for file.
	cached=("${KSURF_CACHE:-$HOME/.cache/ksurf}"/debs/linux-image-6.1.0-56-cloud-amd64-dbg_*.deb)
	deb=${cached[-1]} # the newest
	if "$ksurf" --db "$work/deb.db" add "$deb" >> "$log" 2>&1 &&
		"$ksurf" --db "$work/deb.db" export "$work/deb-export" >> "$log" 2>&1 &&
		diff -r "$work/oracle" "$work/deb-export" >> "$log" 2>&1; then
		say "PASS: add $(basename "$deb") gives the dataset of the vmlinux dpkg-deb extracts"
	else
		say "FAIL: add $(basename "$deb") differs from the extracted vmlinux (see the log)"
	fi
	rm -rf "$work/deb-export"
	# With its image package alongside: the config, as the reference has it.
	r="$repo/../shared/reference/config/6.1.0-56-cloud-amd64.config.xz"
	if img=$(scripts/fetch-debian-kernel 6.1.0-56-cloud-amd64 2>/dev/null | sed -n 2p) && [ -n "$img" ] &&
		[ -f "$r" ] && "$ksurf" --db "$work/debc.db" add "$deb" "$img" >> "$log" 2>&1 &&
		"$ksurf" --db "$work/debc.db" export "$work/debc" >> "$log" 2>&1 &&
		xz -dc "$r" | cmp -s - "$work/debc/config/6.1.0-56-cloud-amd64.config"; then
		say "PASS: oracle: config from the image package equal to the reference"
	else
		say "FAIL: oracle: config from the image package (or the package) missing or different"
	fi
	rm -rf "$work/debc"
	if grep -rlE '"(file|loc)": "[^"]*(debian/build|/build/)' "$work/oracle/func_groups" >/dev/null; then
		say "FAIL: a build prefix is left in the export"
	else
		say "PASS: no debian/build or /build/ path in the export"
	fi
	# export -> import -> export: the same files, the same identity and counts
	"$ksurf" --db "$work/round.db" import "$work/oracle" >> "$log" 2>&1
	"$ksurf" --db "$work/round.db" export "$work/round" >> "$log" 2>&1
	if diff -r "$work/oracle" "$work/round" >> "$log" 2>&1; then
		say "PASS: oracle: export, import, export gives the same files ($(find "$work/oracle" -type f | wc -l) files)"
	else
		say "FAIL: oracle: export, import, export differs (see the log)"
	fi
	python3 - "$work/oracle.db" "$work/round.db" "$ksurf" <<'PY' | tee -a "$log"
import json, subprocess, sys
def row(db):
    r = json.loads(subprocess.run([sys.argv[3], "--db", db, "list", "--format", "jsonl"],
                                  capture_output=True, text=True).stdout.splitlines()[0])
    return {k: v for k, v in r.items() if k not in ("kind", "source", "added_at")}
a, b = row(sys.argv[1]), row(sys.argv[2])
diff = {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)}
print(("PASS" if not diff else "FAIL") + f": oracle: import keeps identity and counts "
      f"(version {b['version']}, release {b['release']}, ENUM64 {b['types']['ENUM64']}){': ' + str(diff) if diff else ''}")
PY
	py_ok "${PIPESTATUS[0]}" "the round-trip checks"
	rm -rf "$work/oracle" "$work/round" "$work/round.db"*
	check_image oracle "$work/oracle.db" 6.1.0-56-cloud-amd64
fi

# The published tool's own output loads with ksurf import (its .xz files).
if [ -d "$repo/../shared/reference/func_groups" ]; then
	if "$ksurf" --db "$work/ref.db" import "$repo/../shared/reference" >> "$log" 2>&1 &&
		"$ksurf" --db "$work/ref.db" list --format jsonl | python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
sys.exit(not (r["func_groups"] == 72853 and r["tracepoints"] == 682 and r["syscalls"] == 451
              and r["types"]["FUNC"] == 41605 and r["config_entries"] == 4034))'; then
		say "PASS: import of ../shared/reference: 72,853 groups, 682 tracepoints, 451 syscalls, 41,605 FUNC, 4,034 config entries"
	else
		say "FAIL: import of ../shared/reference"
	fi
	rm -f "$work/ref.db"*
fi

# 2. The newest 6.1 generic amd64 image.
pkg=$(scripts/latest-dbg.sh amd64)
if [ -z "$pkg" ] || ! vm=$(scripts/kernel-image.sh "$pkg"); then
	say "FAIL: no linux-image-6.1.0-*-amd64-dbg could be fetched"
else
	# from its packages: the debug package and the image package (the config)
	rel=${pkg#linux-image-}
	rel=${rel%-dbg}
	mapfile -t debs < <(scripts/fetch-debian-kernel "$rel")
	if "$ksurf" --db "$work/generic.db" add "${debs[@]}" >> "$log" 2>&1; then
		say "PASS: add ${debs[*]##*/}"
	else
		say "FAIL: add ${debs[*]##*/}"
	fi
	# ksurf reads unit file tables itself: they must equal libdw's, path for path.
	"$BUILD"/tests/test_line_files "$vm" | tee -a "$log"
	"$ksurf" --db "$work/generic.db" list --format jsonl > "$work/list.json"
	"$ksurf" --db "$work/generic.db" show func mempool_alloc --format md > "$work/mempool.md"
	gen_image=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["name"])' "$work/list.json")
	"$ksurf" --db "$work/generic.db" show func mempool_alloc --format json --image "$gen_image" > "$work/mempool.json"
	python3 - "$work/list.json" "$work/mempool.md" "$work/mempool.json" <<'PY' | tee -a "$log"
import json, re, sys
row = json.loads(open(sys.argv[1]).readline())
md = open(sys.argv[2]).read()
grp = json.loads(open(sys.argv[3]).readline())["group"]
def check(desc, ok):
    print(("PASS: " if ok else "FAIL: ") + desc)
n = row["func_groups"]
share = {k: v / n for k, v in row["inline"].items()}
c = row["collision"]
check(f"{row['name']}: {n} groups, about 75.7k", 70000 <= n <= 82000)
check(f"inline No {share['No']:.1%}, about 52%", 0.47 <= share["No"] <= 0.57)
check(f"inline Full {share['Full']:.1%}, about 40%", 0.35 <= share["Full"] <= 0.45)
check(f"inline Selective {share['Selective']:.1%}, about 8%", 0.05 <= share["Selective"] <= 0.11)
check(f"{row['transformed']} transformed groups, about 3.8k", 3000 <= row["transformed"] <= 4600)
check(f"{c['Static Duplication']} Static Duplication, about 6k", 4800 <= c["Static Duplication"] <= 7200)
check(f"{c['Static-Static Collision']} Static-Static, about 350", 250 <= c["Static-Static Collision"] <= 450)
check(f"{c['Static-Global Collision']} Static-Global, about 25", 10 <= c["Static-Global Collision"] <= 40)
check("mempool_alloc is Unique Global, not inlined, not transformed",
      (grp["collision_type"], grp["inline_type"], len(grp["funcs"])) == ("Unique Global", "No", 1))
f = grp["funcs"][0]
check(f"mempool_alloc at {f['loc']} in {f['file']}",
      re.fullmatch(r"mm/mempool\.c:\d+", f["loc"] or "") is not None and f["file"] == "mm/mempool.c")
check("mempool_alloc called directly from block/bio.c:bio_alloc_bioset",
      "block/bio.c:bio_alloc_bioset" in f["caller_func"])
check("mempool_alloc markdown block",
      re.search(r"\*\*Collision:\*\* Unique Global\n\n\*\*Inline:\*\* No\n\n\*\*Transformation:\*\* False\n\n"
                r"\*\*Instances:\*\*\n\n```\nIn mm/mempool\.c \([0-9a-f]{16}\)\nLocation: mm/mempool\.c:\d+\n"
                r"Inline: False\nDirect callers:\n(  - .*\n)+```\n\*\*Symbols:\*\*\n\n```\n"
                r"ffffffff[0-9a-f]{8}-ffffffff[0-9a-f]{8}: mempool_alloc \(STB_GLOBAL\)\n```\n$", md) is not None)
check("no build prefix in the markdown", "debian/build" not in md and "/build/" not in md)
check(f"{row['syscalls']} syscalls, about 450", 400 <= row["syscalls"] <= 500)
check(f"identity {row['release']} / {row['version']} / {row['flavor']} / {row['arch']} / "
      f"{row['distro']} / {row['compiler']}",
      re.fullmatch(r"6\.1\.0-\d+-amd64", row["release"]) is not None and
      re.fullmatch(r"6\.1\.\d+", row["version"]) is not None and row["abi"].isdigit() and
      (row["flavor"], row["arch"], row["distro"]) == ("generic", "amd64", "Debian") and
      "GCC" in row["compiler"] and " 12." in row["compiler"])
check(f"{row['tracepoints']} tracepoints, about 600", 550 <= row["tracepoints"] <= 750)
check(f"{row['lsm_hooks']} LSM hooks, about 200", 150 <= row["lsm_hooks"] <= 260)
check(f"{row['kfuncs']} kfuncs, about 50", 30 <= row["kfuncs"] <= 80)
check(f"{row['config_entries']} config entries, about 8.7k", 7500 <= row["config_entries"] <= 10000)
t = row["types"]
check(f"{t['FUNC']} FUNC types, about 44k", 38000 <= t["FUNC"] <= 50000)
check(f"{t['STRUCT']} STRUCT types, about 7.7k", 6500 <= t["STRUCT"] <= 9000)
check(f"{t['UNION']} UNION types, about 140", 100 <= t["UNION"] <= 200)
check(f"{t['ENUM']} ENUM types, about 1.2k", 900 <= t["ENUM"] <= 1500)
PY
	py_ok "${PIPESTATUS[0]}" "the generic 6.1 checks"
	# Prototypes as the published pages print them; task_struct's declaration.
	examples="$repo/../shared/examples"
	for f in mempool_alloc vfs_read vfs_statx; do
		line=$("$ksurf" --db "$work/generic.db" show func $f --format md | sed -n '/^```c$/{n;p;q}')
		if [ -n "$line" ] && grep -qxF "$line" "$examples"/function-*.md; then
			say "PASS: $f renders as on the published pages: $line"
		else
			say "FAIL: $f renders as '$line', a line not on the published pages"
		fi
	done
	for nr_name in "0 read" "1 write" "321 bpf"; do
		read -r sys_nr sys_name <<<"$nr_name"
		got=$("$ksurf" --db "$work/generic.db" show syscall "$sys_name" --format json --image "$gen_image")
		case $got in
		*"\"nr\": $sys_nr}") say "PASS: syscall $sys_name is number $sys_nr" ;;
		*) say "FAIL: syscall $sys_name: $got, want number $sys_nr" ;;
		esac
	done
	for tp in sched_switch block_rq_issue; do
		"$ksurf" --db "$work/generic.db" show tracepoint $tp --format md > "$work/tp.md"
		"$ksurf" --db "$work/generic.db" show tracepoint $tp --format json --image "$gen_image" > "$work/tp.json"
		if grep -q '^struct trace_event_raw_' "$work/tp.md" &&
			grep -q '^void trace_event_raw_event_.*(void \*__data' "$work/tp.md" &&
			python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not d["fmt_str"])' \
				"$work/tp.json"; then
			say "PASS: tracepoint $tp: $(sed -n '/^struct/p' "$work/tp.md"), with its function and format"
		else
			say "FAIL: tracepoint $tp: $(head -c 300 "$work/tp.md" | tr '\n' '|')"
		fi
	done
	check_image generic "$work/generic.db" "$gen_image"
	# task_struct's layout as pahole -C gives it
	"$ksurf" --db "$work/generic.db" show struct task_struct --layout --format json --image "$gen_image" > "$work/layout.json"
	pahole -C task_struct "$vm" > "$work/pahole.txt" 2>>"$log"
	python3 - "$work/layout.json" "$work/pahole.txt" <<'PY' | tee -a "$log"
import json, re, sys
lay = json.load(open(sys.argv[1]))
want, size = {}, None
for line in open(sys.argv[2]):
    m = re.match(r"^\t[^\t{}].*?(\w+)(?:\[[^]]*\])*(?::\d+)?(?: __attribute__\(\(.*\)\))?;\s+/\*\s+(\d+)(?::\s*\d+)?\s+(\d+) \*/", line)
    if m:
        want[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    m = re.search(r"/\* size: (\d+),", line)
    if m:
        size = int(m.group(1))
got = {m["name"]: (m["offset"], m["size"]) for m in lay["members"] if m["name"] in want}
wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
print(("PASS" if lay["size"] == size and not wrong and len(want) > 150 else "FAIL") +
      f": task_struct --layout: size {lay['size']} (pahole {size}), {len(want) - len(wrong)} of pahole's "
      f"{len(want)} top-level members at its offset and size{': ' + str(list(wrong.items())[:3]) if wrong else ''}")
PY
	py_ok "${PIPESTATUS[0]}" "the layout checks"
	# every struct and union's layout, byte for byte as pahole prints it: no
	# mismatch; what BTF cannot hold is excused by rule, each class counted
	# (tests/real/layout_vs_pahole.py, docs/layout.md)
	python3 tests/real/layout_vs_pahole.py "$ksurf" "$work/generic.db" \
		"$gen_image" "$vm" 2>&1 | tee -a "$log"
	py_ok "${PIPESTATUS[0]/1/0}" "layout_vs_pahole.py"
	"$ksurf" --db "$work/generic.db" show struct task_struct --format md > "$work/task.md"
	if head -6 "$work/task.md" | tail -3 | diff -q - <(printf '%s\n' 'struct task_struct {' \
		'    struct thread_info thread_info;' '    unsigned int __state;') >/dev/null &&
		[ "$(tail -2 "$work/task.md")" = "$(printf '};\n```')" ] &&
		[ "$(grep -c '^    .*;$' "$work/task.md")" -gt 150 ]; then
		say "PASS: task_struct renders ($(grep -c '^    .*;$' "$work/task.md") members)"
	else
		say "FAIL: task_struct rendering: $(head -8 "$work/task.md" | tr '\n' '|')"
	fi
fi

# The newest 6.1 release of FLAVOR (amd64, cloud-amd64, 686-pae, ...) whose
# -dbg package the registry serves for ARCH; "" when none.
newest() { # FLAVOR ARCH
	local p
	for p in $(apt-cache search --names-only "^linux-image-6\.1\.0-[0-9]+-$1-dbg\$" 2>/dev/null |
		awk '{print $1}' | sort -V -r); do
		if apt-cache show "$p:$2" >/dev/null 2>&1; then
			p=${p#linux-image-}
			echo "${p%-dbg}"
			return
		fi
	done
}

# 3. Another ABI revision of the oracle image: the dataset must grow by well
#    under half (types, group contents and strings are shared).
prev=$(apt-cache search --names-only 'linux-image-6\.1\.0-[0-9]+-cloud-amd64-dbg' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -2 | head -1)
if [ -z "$prev" ] || ! vm2=$(scripts/kernel-image.sh "$prev") ||
	! vm1=$(scripts/kernel-image.sh "$(scripts/latest-dbg.sh cloud-amd64)"); then
	say "FAIL: dataset growth: no two cloud-amd64 revisions could be fetched"
else
	"$ksurf" --db "$work/growth.db" add "$vm1" >> "$log" 2>&1
	one=$(stat -c %s "$work/growth.db")
	"$ksurf" --db "$work/growth.db" add "$vm2" >> "$log" 2>&1
	two=$(stat -c %s "$work/growth.db")
	pct=$(( (two - one) * 100 / one ))
	if [ "$pct" -lt 50 ]; then
		say "PASS: a second revision ($prev) grows the dataset by $pct% ($one -> $two bytes)"
	else
		say "FAIL: a second revision ($prev) grows the dataset by $pct% ($one -> $two bytes)"
	fi
	rm -f "$work/growth.db"*
fi

# 5. Other architectures and versions, from their packages (cached): the
#    newest 6.1 arm64 (pointers held in .rela.dyn relocations), 6.12 amd64,
#    and 6.1 on i386 (686-pae and 686), armhf, ppc64el, s390x (big-endian, a
#    system call table of size 0) and mips64el (n64 numbers from 5000, the
#    table of size 0).  Each image must be had: one that cannot fails the run.
other() { # LABEL RELEASE ARCH NR_OF_READ MIN_KFUNCS
	local label=$1 rel=$2 arch=$3 nr=$4 min_kfuncs=$5 db="$work/$1.db"
	if [ -z "$rel" ] || ! mapfile -t debs < <(scripts/fetch-debian-kernel "$rel" "$arch" 2>/dev/null) ||
		[ ${#debs[@]} -eq 0 ]; then
		say "FAIL: $label: no $arch debug package ${rel:-of that flavor} could be fetched"
		return 1
	fi
	if ! "$ksurf" --db "$db" add "${debs[@]}" >> "$log" 2>&1; then
		say "FAIL: $label: add ${debs[*]##*/}"
		return 1
	fi
	"$ksurf" --db "$db" list --format jsonl > "$work/$label.json"
	python3 - "$work/$label.json" "$label" "$arch" "$min_kfuncs" <<'PY' | tee -a "$log"
import json, sys
row = json.loads(open(sys.argv[1]).readline())
label, arch, min_kfuncs = sys.argv[2], sys.argv[3], int(sys.argv[4])
ok = (row["arch"] == arch and row["syscalls"] >= 400 and row["tracepoints"] >= 400 and
      row["lsm_hooks"] >= 150 and row["kfuncs"] >= min_kfuncs and row["config_entries"] >= 5000 and
      row["types"]["STRUCT"] >= 4000 and row["func_groups"] >= 50000)
print(("PASS" if ok else "FAIL") + f": {label} {row['name']}: {row['func_groups']} groups, "
      f"{row['syscalls']} syscalls, {row['tracepoints']} tracepoints, {row['lsm_hooks']} LSM hooks, "
      f"{row['kfuncs']} kfuncs, {row['config_entries']} config entries")
PY
	py_ok "${PIPESTATUS[0]}" "the $label checks"
	local got image
	image=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["name"])' "$work/$label.json")
	got=$("$ksurf" --db "$db" show syscall read --format json --image "$image")
	case $got in
	*"\"nr\": $nr}") say "PASS: $label: syscall read is number $nr" ;;
	*) say "FAIL: $label: syscall read: $got, want number $nr" ;;
	esac
	if "$ksurf" --db "$db" show tracepoint sched_switch --format md | grep -q '^struct trace_event_raw_sched_switch {'; then
		say "PASS: $label: tracepoint sched_switch renders"
	else
		say "FAIL: $label: tracepoint sched_switch"
	fi
	check_image "$label" "$db" "$image"
	other_db=$db other_image=$image
}
if other arm64 "$(newest arm64 arm64)" arm64 63 30; then
	# one source file compiled in two units (KVM's vhe/../ and nvhe/../vgic-v3-sr.c): two entries
	"$ksurf" --db "$other_db" show func __vgic_v3_get_bpr0 --image "$other_image" --format json |
		python3 -c '
import json, sys
g = json.load(sys.stdin)["group"]
files = [f["file"] for f in g["funcs"]]
ok = g["collision_type"] == "Static Duplication" and files == ["arch/arm64/kvm/hyp/vgic-v3-sr.c"] * 2
coll = g["collision_type"]
print(("PASS" if ok else "FAIL") + f": arm64: __vgic_v3_get_bpr0, one source in two units: "
      f"{coll}, {len(files)} instances in {sorted(set(files))}")' | tee -a "$log"
	py_ok "${PIPESTATUS[1]}" "the arm64 unit checks"
	rm -f "$other_db"*
fi
r612=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-dbg$' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -n 1 | sed 's/^linux-image-//; s/-dbg$//')
other 6.12-amd64 "$r612" amd64 0 30 && rm -f "$other_db"*
# the other Debian architectures are served at older ABIs only (47 and 50)
other i386-686-pae "$(newest 686-pae i386)" i386 3 0 && rm -f "$other_db"*
other i386-686 "$(newest 686 i386)" i386 3 0 && rm -f "$other_db"*
other armhf "$(newest armmp armhf)" armhf 3 0 && rm -f "$other_db"*
other ppc64el "$(newest powerpc64le ppc64el)" ppc64el 3 0 && rm -f "$other_db"*
# big-endian: s390x has no .BTF (pahole makes it) and so no kfunc BTF IDs
if other s390x "$(newest s390x s390x)" s390x 3 0; then
	got=$("$ksurf" --db "$other_db" show syscall openat2 --format json --image "$other_image")
	case $got in
	*'"nr": 437}') say "PASS: s390x: openat2 is number 437 (past the 436 a size-0 table was read as)" ;;
	*) say "FAIL: s390x: openat2: $got, want number 437" ;;
	esac
	rm -f "$other_db"*
fi
if other mips64el "$(newest octeon mips64el)" mips64el 5000 0; then
	for nr_name in "5247 openat" "5021 pipe" "5449 futex_waitv"; do
		read -r sys_nr sys_name <<<"$nr_name"
		got=$("$ksurf" --db "$other_db" show syscall "$sys_name" --format json --image "$other_image")
		case $got in
		*"\"nr\": $sys_nr}") say "PASS: mips64el: $sys_name is n64 number $sys_nr" ;;
		*) say "FAIL: mips64el: $sys_name: $got, want number $sys_nr" ;;
		esac
	done
	rm -f "$other_db"*
fi

# 5b. Beyond Debian 12, from the registry's other suites (scripts/debian-apt.sh,
#     a private apt directory): bullseye's newest 5.10 (its tracepoints' prototypes
#     made from btf_trace_EVENT and DWARF: BTF has none) and the newest 7.x amd64
#     (the image near the end of its package, the config in linux-base), each with
#     every invariant.
. scripts/debian-apt.sh
debian_apt_update
newest_suite() { # REGEX -> the newest release whose -dbg package the suites serve
	apt-cache "${APT_OPTS[@]}" search --names-only "^linux-image-$1-dbg\$" 2>/dev/null |
		awk '{print $1}' | sed 's/^linux-image-//; s/-dbg$//' | sort -V | tail -n 1
}
r510=$(newest_suite '5\.10\.0-[0-9]+-amd64')
if other 5.10-amd64 "$r510" amd64 0 5; then
	# the events' names from each image's export; the slots of the event table from nm
	rm -rf "$work/ex510" "$work/ex61"
	"$ksurf" --db "$other_db" export "$work/ex510" --image "$other_image" >>"$log" 2>&1
	"$ksurf" --db "$work/generic.db" export "$work/ex61" >>"$log" 2>&1
	cat "$work"/ex510/tracepoints/*.jsonl 2>/dev/null | python3 -c '
import json, sys
print("\n".join(json.loads(l)["event_name"] for l in sys.stdin))' > "$work/tp510"
	cat "$work"/ex61/tracepoints/*.jsonl 2>/dev/null | python3 -c '
import json, sys
print("\n".join(json.loads(l)["event_name"] for l in sys.stdin))' > "$work/tp61"
	vm510=$(scripts/kernel-image.sh "linux-image-$r510-dbg" 2>>"$log")
	slots=$(nm "$vm510" 2>/dev/null | python3 -c '
import sys
a = {f[2]: int(f[0], 16) for f in (l.split() for l in sys.stdin) if len(f) == 3}
print((a.get("__stop_ftrace_events", 0) - a.get("__start_ftrace_events", 0)) // 8)')
	python3 - "$work/tp510" "$work/tp61" "$slots" <<'PY' | tee -a "$log"
import sys
t510 = set(open(sys.argv[1]).read().split())
t61 = set(open(sys.argv[2]).read().split())
slots = int(float(sys.argv[3] or 0))
shared = len(t510 & t61)
ok = 550 <= len(t510) <= slots and t61 and shared >= 0.9 * len(t510)
print(("PASS" if ok else "FAIL") + f": 5.10: {len(t510)} tracepoints (BTF has none of their functions), "
      f"at most the {slots} _ftrace_events slots; {shared} of them also in 6.1's list of {len(t61)}")
PY
	py_ok "${PIPESTATUS[0]}" "the 5.10 tracepoint checks"
	got=$("$ksurf" --db "$other_db" show tracepoint sched_switch --format md 2>>"$log")
	want='void trace_event_raw_event_sched_switch(void *__data, bool preempt, struct task_struct *prev, struct task_struct *next);'
	case $got in
	*"$want"*) say "PASS: 5.10: sched_switch's function, its parameters named from DWARF: $want" ;;
	*) say "FAIL: 5.10: sched_switch's function is not '$want'" ;;
	esac
	rm -f "$other_db"*
fi
# the whole archive's plan: every suite, every version (nothing fetched)
plan=$(BUILD=$BUILD scripts/build-debian-dataset "$work/plan" --dry-run 2>>"$log")
python3 - "$plan" <<'PY' | tee -a "$log"
import re, sys
lines = sys.argv[1].splitlines()
images = [l.split() for l in lines if " linux-image-" in l and l.split()[1].endswith("-dbg")]
suites = {l[2] for l in images}
want = {"bullseye", "bookworm", "bookworm-security", "bookworm-backports", "trixie", "trixie-security",
        "trixie-backports", "forky", "sid", "experimental"}
series = {re.match(r"linux-image-(5\.10|6\.12|6\.1|7\.\d+)", l[1]).group(1) for l in images
          if re.match(r"linux-image-(5\.10|6\.12|6\.1|7\.\d+)", l[1])}
pkgs = [l[1] for l in images]
ok = (len(images) >= 350 and want <= suites and {"5.10", "6.1", "6.12", "7.2", "7.3"} <= series and
      len(pkgs) == len(set(pkgs)) and any(l.startswith(f"{len(images)} images") for l in lines))
print(("PASS" if ok else "FAIL") + f": build-debian-dataset --dry-run: {len(images)} images, each package once, "
      f"suites {sorted(suites)}, versions {sorted(series)}")
PY
py_ok "${PIPESTATUS[0]}" "the plan checks"
r7=$(newest_suite '7\.[0-9.]+\+deb[0-9]+-amd64')
if other 7.x-amd64 "$r7" amd64 0 30; then
	case $other_image in
	7.*+deb*-generic-amd64) say "PASS: 7.x: named $other_image, the +debNN build in the name" ;;
	*) say "FAIL: 7.x: named $other_image" ;;
	esac
	rm -f "$other_db"*
fi

# 5c. The Toolchain group: one 6.12 release as bookworm (GCC 12) and trixie
#     (GCC 14) built it, two images in one dataset, in show and stats.
r612_13=${r612%+deb12-amd64}+deb13-amd64
if [ -n "$r612" ] && mapfile -t d12 < <(scripts/fetch-debian-kernel "$r612" 2>/dev/null) &&
	mapfile -t d13 < <(scripts/fetch-debian-kernel "$r612_13" 2>/dev/null) &&
	[ ${#d12[@]} -gt 0 ] && [ ${#d13[@]} -gt 0 ] &&
	"$ksurf" --db "$work/toolchain.db" add -j 2 "${d12[@]}" "${d13[@]}" >> "$log" 2>&1; then
	n=$("$ksurf" --db "$work/toolchain.db" list --format jsonl | wc -l)
	page=$("$ksurf" --db "$work/toolchain.db" show func vfs_read --format md 2>>"$log")
	tc=$("$ksurf" --db "$work/toolchain.db" stats --table toolchain --format csv 2>>"$log")
	python3 - "$n" "$page" "$tc" "$r612" "$r612_13" <<'PY' | tee -a "$log"
import csv, io, sys
n, page, tc, r12, r13 = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
rows = list(csv.DictReader(io.StringIO(tc)))
func = [r for r in rows if r.get("kind") == "func"]
ok = (n == 2 and "<b>Toolchain</b>" in page and "<code>deb12 gcc-12</code>" in page and
      "<code>deb13 gcc-14</code>" in page and len(func) == 1 and int(func[0]["changed"]) > 0 and
      "Transformation" in func[0]["what changed"])
print(("PASS" if ok else "FAIL") + f": toolchain: {r12} and {r13} are {n} images; vfs_read's page has the "
      f"Toolchain group; stats: {func[0]['changed'] if func else '?'} functions changed by the toolchain "
      f"alone ({func[0]['what changed'] if func else '?'})")
PY
	py_ok "${PIPESTATUS[0]}" "the toolchain checks"
	rm -f "$work/toolchain.db"*
else
	say "FAIL: toolchain: bookworm's and trixie's $r612 could not be had or added"
fi

# 6. ksurf diff from 6.1 (section 2's image) to 6.12 amd64.
if [ -n "$r612" ] && [ -s "$work/generic.db" ] &&
	mapfile -t debs < <(scripts/fetch-debian-kernel "$r612" 2>/dev/null) && [ ${#debs[@]} -gt 0 ] &&
	"$ksurf" --db "$work/generic.db" add "${debs[@]}" >> "$log" 2>&1; then
	names=$("$ksurf" --db "$work/generic.db" list --format jsonl |
		python3 -c 'import json,sys; print(" ".join(json.loads(l)["name"] for l in sys.stdin))')
	read -r img1 img2 _ <<<"$names"
	"$ksurf" --db "$work/generic.db" diff "$img1" "$img2" --format json > "$work/diff.json"
	python3 - "$work/diff.json" "$img1" "$img2" <<'PY' | tee -a "$log"
import json, sys
doc = json.load(open(sys.argv[1]))
k = {d["kind"]: d for d in doc["kinds"]}
def check(desc, ok):
    print(("PASS: " if ok else "FAIL: ") + desc)
f, s = k["func"], k["struct"]
check(f"diff {sys.argv[2]} -> {sys.argv[3]}: one JSON document, func {len(f['added'])} added, "
      f"{len(f['removed'])} removed, {len(f['changed'])} changed",
      (doc["old"], doc["new"]) == (sys.argv[2], sys.argv[3]) and
      len(f["added"]) > 1000 and len(f["removed"]) > 500 and len(f["changed"]) > 1000)
check(f"... every function change kind seen: {f['issues']}",
      set(f["issues"]) == {"Param added", "Param removed", "Param reordered", "Param type changed",
                           "Return type changed", "Duplicate", "Collision", "Full Inline",
                           "Selective Inline", "Transformation"})
utime = [c["changes"] for c in f["changed"] if c["name"] == "do_utime"]
check(f"... do_utime, fully inlined in 6.12, is changed (Full Inline), not removed: {utime}",
      "do_utime" not in f["removed"] and utime and
      {"issue": "Full Inline", "old": "No", "new": "Full"} in utime[0])
check(f"... struct {len(s['added'])} added, {len(s['removed'])} removed, {len(s['changed'])} changed",
      len(s["added"]) > 500 and len(s["changed"]) > 500 and
      set(s["issues"]) == {"Field added", "Field removed", "Field type changed"})
t = {c["name"]: c["changes"] for c in k["tracepoint"]["changed"]}
check("... tracepoint block_rq_issue: its event gained ioprio",
      {"issue": "Field added", "old": "short unsigned int ioprio", "new": None}
      in t.get("block_rq_issue", []))
check(f"... tracepoints, LSM hooks, syscalls, config changed too: "
      f"{len(k['tracepoint']['changed'])}, {len(k['lsm']['changed'])}, "
      f"{len(k['syscall']['added'])} syscalls added, {len(k['config']['changed'])} options changed",
      all(len(k[x]["changed"]) > 0 for x in ("tracepoint", "lsm", "config")) and k["syscall"]["added"]
      and "ni_syscall" not in k["syscall"]["added"] + k["syscall"]["removed"])
PY
	py_ok "${PIPESTATUS[0]}" "the diff checks"
else
	say "FAIL: diff 6.1 -> 6.12: the 6.12 packages or section 2's dataset are not there"
fi

# 7. Report pages on real images: 6.1 amd64 (the baseline), cloud and rt
#    (Flavor), arm64 (Arch), the previous ABI (Revision) and 6.12 (Regular).
gen=$(scripts/latest-dbg.sh amd64 | sed 's/^linux-image-//; s/-dbg$//')
abi=$(echo "$gen" | sed -E 's/^6\.1\.0-([0-9]+)-amd64$/\1/')
pkgs=()
for rel in "$gen" "6.1.0-$abi-cloud-amd64" "6.1.0-$abi-rt-amd64" "6.1.0-$((abi - 1))-amd64" "$r612"; do
	mapfile -t -O "${#pkgs[@]}" pkgs < <(scripts/fetch-debian-kernel "$rel" 2>/dev/null | sed -n 1p)
done
mapfile -t -O "${#pkgs[@]}" pkgs < <(scripts/fetch-debian-kernel "6.1.0-$abi-arm64" arm64 2>/dev/null | sed -n 1p)
if [ ${#pkgs[@]} -lt 6 ]; then
	say "FAIL: report pages: only ${#pkgs[@]} of the 6 packages could be fetched"
elif ! "$ksurf" --db "$work/pages.db" add -j 2 "${pkgs[@]}" >> "$log" 2>&1; then
	say "FAIL: report pages: add ${pkgs[*]##*/}"
else
	base="6.1.0-$abi-generic-amd64"
	# each anonymous enum apart, against bpftool's reading of the image's BTF,
	# and listed by the index of the groups around it
	if base_vm=$(scripts/kernel-image.sh "linux-image-$gen-dbg" 2>>"$log"); then
		python3 tests/real/anon_enums.py "$ksurf" "$work/pages.db" "$base_vm" "$base" 2>&1 |
			tee -a "$log"
		py_ok "${PIPESTATUS[0]/1/0}" "anon_enums.py"
	else
		say "FAIL: anonymous enums: linux-image-$gen-dbg's vmlinux could not be had"
	fi
	"$ksurf" --db "$work/pages.db" show func mempool_alloc --baseline "$base" \
		--groups regular,arch,flavor,revision --format md > "$work/page.md"
	python3 - "$work/page.md" "$abi" <<'PY' | tee -a "$log"
import re, sys
page, abi = open(sys.argv[1]).read(), sys.argv[2]
def check(desc, ok):
    print(("PASS: " if ok else "FAIL: ") + desc)
status, _, diffs = page.partition("\n## Differences\n")
def labels(section, group):
    m = re.search(rf"<b>{group}</b>\n<ul>\n(.*?)</ul>", section, re.S)
    return re.findall(r"In <code>([^<]+)</code>", m.group(1)) if m else None
check("page mempool_alloc: a page for a function", page.startswith("# Function: <code>mempool_alloc</code>\n\n## Status\n"))
check(f"...Regular {labels(status, 'Regular')}", labels(status, "Regular") == ["6.1", "6.12"])
check(f"...Arch {labels(status, 'Arch')}", labels(status, "Arch") == ["arm64"])
check(f"...Flavor {labels(status, 'Flavor')}", labels(status, "Flavor") == ["cloud", "rt"])
check(f"...Revision {labels(status, 'Revision')}", labels(status, "Revision") == [str(int(abi) - 1), abi])
check("...absent from 6.12 (a macro there since memory allocation profiling)",
      "In <code>6.12</code>: Absent ⚠️" in status)
check("...its block in 6.1: Unique Global, mm/mempool.c",
      re.search(r"In <code>6\.1</code>: ✅</summary>\n\n```c\nvoid \*mempool_alloc\(mempool_t \*pool, "
                r"gfp_t gfp_mask\);\n```\n\n\*\*Collision:\*\* Unique Global\n", status) is not None)
check("...Differences: no change to arm64, cloud, rt and the other revision",
      all(f"No changes between <code>{a}</code> and <code>{b}</code> ✅" in diffs
          for a, b in (("amd64", "arm64"), ("generic", "cloud"), ("generic", "rt"),
                       (str(int(abi) - 1), abi))))
PY
	py_ok "${PIPESTATUS[0]}" "the mempool_alloc page checks"
	for dep in "func blk_account_io_start" "func vfs_read" "struct task_struct" "tracepoint sched_switch"; do
		read -r kind dname <<<"$dep"
		if "$ksurf" --db "$work/pages.db" show "$kind" "$dname" --baseline "$base" --format md > "$work/p.md" &&
			grep -q "^## Differences$" "$work/p.md" && grep -q "<summary>In <code>6.12</code>" "$work/p.md"; then
			say "PASS: page $dep renders ($(grep -c '<summary>' "$work/p.md") image blocks, $(grep -c 'Changed between' "$work/p.md") changes)"
		else
			say "FAIL: page $dep"
		fi
	done
	# the baseline given above is remembered: the default page is the same page
	"$ksurf" --db "$work/pages.db" show func vfs_read --baseline "$base" --format md > "$work/p1.md"
	"$ksurf" --db "$work/pages.db" show func vfs_read --format md > "$work/p2.md"
	if [ -s "$work/p1.md" ] && cmp -s "$work/p1.md" "$work/p2.md"; then
		say "PASS: show without options: the page around the remembered baseline"
	else
		say "FAIL: show without options differs from the page around $base"
	fi
	"$ksurf" --db "$work/pages.db" show field task_struct::pid --format json > "$work/field.json"
	python3 - "$work/field.json" <<'PY' | tee -a "$log"
import json, sys
page = json.load(open(sys.argv[1]))
images = [i for g in page["groups"] for i in g["images"]]
diffs = [d for g in page["groups"] for d in (g["differences"] or [])]
ok = page["name"] == "task_struct::pid" and len(images) >= 5 and all(i["present"] for i in images)
print(("PASS: " if ok else "FAIL: ") + f"page field task_struct::pid: in all {len(images)} images")
ok = len(diffs) >= 4 and not any(d["changes"] for d in diffs)
print(("PASS: " if ok else "FAIL: ") + f"...its type unchanged in {len(diffs)} comparisons")
PY
	py_ok "${PIPESTATUS[0]}" "the field page checks"
	# rt: every unit path loses both of its build prefixes
	check_image rt "$work/pages.db" "6.1.0-$abi-rt-amd64"
	check_image cloud "$work/pages.db" "6.1.0-$abi-cloud-amd64"
	"$ksurf" --db "$work/pages.db" show func vfs_read --image "6.1.0-$abi-rt-amd64" --format md > "$work/rt.md"
	if grep -q "^In fs/read_write.c (" "$work/rt.md" && ! grep -q "debian/" "$work/rt.md"; then
		say "PASS: rt: vfs_read's page says In fs/read_write.c, no debian/ prefix anywhere"
	else
		say "FAIL: rt: vfs_read's page: $(grep -m1 '^In ' "$work/rt.md")"
	fi
	# a function the baseline has a prototype of and arm64 has not: an empty Arch block
	"$ksurf" --db "$work/pages.db" show func do_syscall_64 --baseline "$base" --format md > "$work/x86.md"
	if sed -n '/^## Differences$/,$p' "$work/x86.md" | tr '\n' '|' | grep -q '<b>Arch</b>|<ul>|</ul>|'; then
		say "PASS: page do_syscall_64 (x86 only): Differences keeps <b>Arch</b>, <ul>, </ul> with no item"
	else
		say "FAIL: page do_syscall_64: no empty Arch block in Differences"
	fi
	# the README's examples, as written (today's ABI replaced by the registry's newest)
	readme_ok=0 readme_n=0
	while IFS= read -r cmd; do
		cmd=${cmd%%#*}
		cmd=${cmd//6.1.0-57-/6.1.0-$abi-}
		readme_n=$((readme_n + 1))
		if ! (cd "$work" && KSURF_DB="$work/pages.db" eval "\"$ksurf\"${cmd#ksurf}") > "$work/readme.out" 2>&1; then
			say "FAIL: README example '$cmd': $(head -c 300 "$work/readme.out")"
		else
			readme_ok=$((readme_ok + 1))
		fi
	done < <(sed -n '/^export KSURF_DB=~\/.cache\/ksurf\/demo.db$/,/^```$/p' README.md | grep '^ksurf ')
	if [ "$readme_n" -ge 5 ] && [ "$readme_ok" -eq "$readme_n" ]; then
		say "PASS: the README's $readme_n examples run as written on the demo's images"
	else
		say "FAIL: README examples: $readme_ok of $readme_n ran"
	fi
	# 8. ksurf check on these images: the fixture object (compiled against the
	#    baseline's vmlinux.h), Debian's libbpf-tools, and libbpf's own CO-RE
	#    resolution relocation by relocation.
	tools=()
	for f in $(dpkg -L libbpf-tools 2>/dev/null | grep '^/usr/sbin/'); do
		[ -f "$f" ] && [ ! -L "$f" ] && tools+=("$f")
	done
	if [ ${#tools[@]} -lt 40 ]; then
		say "FAIL: check: Debian's libbpf-tools is not installed (${#tools[@]} tools); run: apt-get install libbpf-tools"
	elif ! gen_vm=$(scripts/kernel-image.sh "linux-image-$gen-dbg" 2>>"$log") ||
		! tests/real/check/build.sh "$work/bpf" "$gen_vm" >> "$log" 2>&1; then
		say "FAIL: check: the BPF fixtures did not build (see the log)"
	else
		python3 tests/real/test_check.py "$ksurf" "$work/pages.db" "$work/bpf" "$base" \
			"$("$ksurf" --db "$work/pages.db" list --format jsonl |
				python3 -c 'import json,sys; print([json.loads(l)["name"] for l in sys.stdin if json.loads(l)["name"].startswith("6.12")][0])')" \
			"${tools[@]}" | tee -a "$log"
		py_ok "${PIPESTATUS[0]}" "the check tests"
		pairs=()
		for rel in "$gen" "6.1.0-$abi-cloud-amd64" "6.1.0-$abi-rt-amd64" "6.1.0-$((abi - 1))-amd64" "$r612" "6.1.0-$abi-arm64"; do
			img=$("$ksurf" --db "$work/pages.db" list --format jsonl | python3 -c '
import json, sys
print(next(r["name"] for r in map(json.loads, sys.stdin) if r["release"] == sys.argv[1]))' "$rel")
			vm=$(scripts/kernel-image.sh "linux-image-$rel-dbg" 2>>"$log") && pairs+=("$img=$vm")
		done
		python3 tests/real/check_agreement.py "$ksurf" "$work/pages.db" "$work/agree" "${pairs[@]}" -- \
			"${tools[@]}" "$work/bpf/fx.bpf.o" "$work/bpf/fx-match.bpf.o" | tee -a "$log" | grep -v '^NOTE'
		py_ok "${PIPESTATUS[0]}" "the libbpf agreement"
		python3 tests/real/dep_recall.py "$ksurf" "$work/pages.db" "$work/recall" "${tools[@]}" |
			tee -a "$log" | grep -v '^NOTE'
		py_ok "${PIPESTATUS[0]}" "the dependency lists"
		# the kernel as the oracle: Debian's own 6.1 and 6.12 kernels boot under
		# qemu and load every program alone (tests/real/oracle/run.sh)
		if tests/real/oracle/run.sh "$ksurf" "$work/pages.db" "$work/oracle" "$gen=$gen" "$r612=$r612" -- \
			"${tools[@]}" tests/real/oracle/progs/*.bpf.c >> "$log" 2>&1; then
			python3 tests/real/oracle/verdict.py "$work/oracle/agreement.json" tests/real/oracle/known.tsv |
				tee -a "$log" | grep -v '^NOTE'
			py_ok "${PIPESTATUS[0]}" "the kernel oracle"
		else
			say "FAIL: oracle: the Debian kernels could not be booted or compared (see the log: $(tail -n 1 "$log"))"
		fi
		# ... and bullseye's 5.10 (step 5b's), where LINUX_KERNEL_VERSION is below
		#     5.11: Debian's biosnoop and biolatency read block_rq_insert's
		#     5.10-era second argument, which Debian's 5.10 no longer has
		if [ -n "${r510:-}" ] && vm510=$(scripts/kernel-image.sh "linux-image-$r510-dbg" 2>>"$log") &&
			"$ksurf" --db "$work/o510.db" add "$vm510" >>"$log" 2>&1; then
			i510=$("$ksurf" --db "$work/o510.db" list --format jsonl |
				python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["name"])')
			if tests/real/oracle/run.sh "$ksurf" "$work/o510.db" "$work/oracle510" "$r510=$i510" -- \
				"${tools[@]}" tests/real/oracle/progs/*.bpf.c >> "$log" 2>&1; then
				python3 tests/real/oracle/verdict.py "$work/oracle510/agreement.json" \
					tests/real/oracle/known.tsv | tee -a "$log" | grep -v '^NOTE'
				py_ok "${PIPESTATUS[0]}" "the kernel oracle on 5.10"
			else
				say "FAIL: oracle: bullseye's $r510 could not be booted or compared (see the log: $(tail -n 1 "$log"))"
			fi
			rm -f "$work/o510.db"*
		else
			say "FAIL: oracle on 5.10: bullseye's 5.10 image (${r510:-none found}) could not be added"
		fi
		# the running kernel, without a dataset
		if [ -r /sys/kernel/btf/vmlinux ]; then
			out=$("$ksurf" --db "$work/none.db" check --running /usr/sbin/biotop --format json 2>>"$log")
			rc=$?
			if [ $rc -le 1 ] && python3 -c '
import json, sys
d = json.loads(sys.argv[1])
sys.exit(not (len(d["images"]) == 1 and d["programs"][0]["verdict"][d["images"][0]]))' "$out" &&
				[ ! -e "$work/none.db" ]; then
				say "PASS: check --running /usr/sbin/biotop: a verdict for this machine's kernel, no dataset touched"
			else
				say "FAIL: check --running /usr/sbin/biotop (exit $rc)"
			fi
		fi
	fi
	# 9. ksurf stats and ksurf site on these images; the site in headless Chromium
	stools=()
	for t in biotop biosnoop runqlat tcpconnect opensnoop execsnoop; do
		[ -f "/usr/sbin/$t" ] && stools+=("/usr/sbin/$t")
	done
	rm -rf "$work/site"
	python3 tests/real/test_stats_site.py "$ksurf" "$work/pages.db" "$work/site" "$base" "${stools[@]}" |
		tee -a "$log" | grep -v '^NOTE'
	py_ok "${PIPESTATUS[0]}" "the stats and site tests"
	if [ -x /usr/bin/chromium ] && [ -d tests/browser/node_modules/playwright-core ]; then
		node tests/browser/site.mjs "$work/site" "$repo/build/screenshots" biotop | tee -a "$log"
		py_ok "${PIPESTATUS[0]}" "the browser tests"
		# hostile names in every field of every page kind: no script runs
		if tests/fixtures/build.sh "$work/fixtures" >/dev/null 2>&1 &&
			hsite=$(python3 tests/hostile_names.py "$ksurf" "$work/fixtures" "$work" --site-only |
				sed -n 's/^SITE: //p') && [ -n "$hsite" ]; then
			node tests/browser/hostile.mjs "$hsite" | tee -a "$log"
			py_ok "${PIPESTATUS[0]}" "the hostile-names browser test"
		else
			say "FAIL: browser, hostile names: the fixtures or the hostile dataset could not be built"
		fi
	else
		say "FAIL: browser: /usr/bin/chromium or playwright-core is missing (apt-get install chromium; npm install --prefix tests/browser)"
	fi
	rm -rf "$work/site"
	rm -f "$work/pages.db"*
fi

# 4. The running kernel, when it exposes its BTF.
if [ -r /sys/kernel/btf/vmlinux ] && [ -r /proc/kallsyms ]; then
	if "$ksurf" --db "$work/running.db" add --running >> "$log" 2>&1; then
		say "PASS: add --running"
		line=$("$ksurf" --db "$work/running.db" show func vfs_read --format md | sed -n '/^```c$/{n;p;q}')
		case $line in
		*" vfs_read(struct file *file, char *buf, size_t count, loff_t *pos);")
			say "PASS: running kernel: $line" ;;
		*) say "FAIL: running kernel: vfs_read renders as '$line'" ;;
		esac
		"$ksurf" --db "$work/running.db" list --format jsonl > "$work/running.json"
		"$ksurf" --db "$work/running.db" show func vfs_read --per-image --format jsonl > "$work/rvfs.json"
		"$ksurf" --db "$work/running.db" show syscall read --per-image --format md > "$work/rread.md"
		"$ksurf" --db "$work/running.db" show tracepoint sched_switch --per-image --format jsonl > "$work/rtp.json"
		python3 - "$work" <<'PY' | tee -a "$log"
import json, sys
w = sys.argv[1]
row = json.loads(open(f"{w}/running.json").readline())
def check(desc, ok):
    print(("PASS: " if ok else "FAIL: ") + "running kernel: " + desc)
check(f"{row['syscalls']} system calls from kallsyms, {row['tracepoints']} tracepoints from tracefs",
      row["syscalls"] > 300 and row["tracepoints"] > 300)
rd = open(f"{w}/rread.md").read()
check(f"syscall read is there, without a number: {rd.splitlines()[:1]}", ": ✅" in rd and "Number" not in rd)
tp = json.loads(open(f"{w}/rtp.json").readline())
check("tracepoint sched_switch: its struct and function",
      (tp["struct"] or {}).get("name") == "trace_event_raw_sched_switch" and
      (tp["func"] or {}).get("name") == "trace_event_raw_event_sched_switch")
syms = json.loads(open(f"{w}/rvfs.json").readline())["group"]["symbols"]
check(f"vfs_read's symbol has a size ({[s['size'] for s in syms]}), not a zero-length range",
      syms and all(s["size"] > 0 for s in syms))
PY
		py_ok "${PIPESTATUS[0]}" "the running-kernel checks"
	else
		say "FAIL: add --running"
	fi
else
	say "SKIPPED: running kernel: /sys/kernel/btf/vmlinux or /proc/kallsyms not readable"
	skipped=$((skipped + 1))
fi
# 8. SIGKILLs at random moments of add, add --replace, add PKG.deb, import and
#    two creators of one dataset, on the cloud image and its package: no
#    corrupt dataset, no partial or lost image, no file left (8 rounds, 40 kills;
#    docs/robustness.md has a 200-kill run); a memory budget too small; every
#    kind of damage to a DWARF unit header, in the ASan/UBSan build.
cached=("${KSURF_CACHE:-$HOME/.cache/ksurf}"/debs/linux-image-6.1.0-56-cloud-amd64-dbg_*.deb)
deb=${cached[-1]} # the newest, if any
if [ -e "$deb" ] && vm=$(scripts/kernel-image.sh linux-image-6.1.0-56-cloud-amd64-dbg 2>>"$log"); then
	tests/robustness/kill_loop.sh "$ksurf" "$vm" "$deb" 8 2>&1 | tee -a "$log"
	# a memory budget below what the image needs (~1 GB with its mapping): one
	# line naming it, exit 2, no dataset; every other add here ran in the default 4G
	err=$("$ksurf" --db "$work/budget.db" add --memory-limit 700M "$vm" 2>&1 >/dev/null)
	rc=$?
	left=$(find "$work" -mindepth 1 -maxdepth 1 -name '*budget*' -printf '%f\n' | sort)
	if [ $rc = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] && [[ $err == *"$vm: out of memory"*"past the memory budget of 700 MB"* ]] &&
		[ -z "$left" ]; then
		say "PASS: add --memory-limit 700M of the cloud image: '$err', no dataset"
	else
		say "FAIL: add --memory-limit 700M of the cloud image: exit $rc, '$err', $left"
	fi
	# every kind of damage to a DWARF unit header, on this real image, in the
	# ASan/UBSan build: refused in one line, nothing stored, no sanitizer report
	if make -s SAN=1 BUILD=build-san build-san/ksurf >> "$log" 2>&1; then
		python3 tests/robustness/unit_headers.py build-san/ksurf "$vm" "$work/unit-headers" 2>&1 |
			sed 's/^\(PASS\|FAIL\): /\1: real 6.1.0-56-cloud (ASan): /' | tee -a "$log"
	else
		say "FAIL: the ASan/UBSan build (make SAN=1 BUILD=build-san)"
	fi
else
	say "FAIL: kill loop: the 6.1.0-56 cloud image or its package cannot be had"
fi
# 9. The archive build over shard workers (GNU parallel, one killed and rerun)
#    and `ksurf merge`: the same export as one dataset (tests/real/shards.sh).
tests/real/shards.sh "$ksurf" "$work" 2>&1 | tee -a "$log"
# No two images of the tests share a name.
dups=$(sort "$work/names" | uniq -d | tr '\n' ' ')
if [ -z "$dups" ] && [ "$(wc -l < "$work/names")" -ge 10 ]; then
	say "PASS: $(wc -l < "$work/names") images checked, no two share a name"
else
	say "FAIL: images sharing a name: ${dups:-none, but only $(wc -l < "$work/names") images were checked}"
fi
passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
