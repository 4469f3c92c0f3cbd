#!/usr/bin/env bash
# run.sh — real-kernel tests: Debian 6.1 -dbg images from the package registry
# (downloaded once into ~/.cache/ksurf).  Closes with "N passed, N failed".
#  1. the oracle: 6.1.0-56-cloud-amd64 against ../shared/reference (SKIPPED,
#     with the reason, when the registry or the reference does not have it);
#  2. the newest 6.1 amd64 (generic) image: magnitudes of SPEC §4 and mempool_alloc.
set -u
cd "$(dirname "$0")/../.."
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

# 1. Oracle.
ref="$repo/../shared/reference/func_groups/6.1.0-56-cloud-amd64.jsonl.xz"
if [ ! -f "$ref" ]; then
	say "SKIPPED: oracle comparison: $ref is not there"
	skipped=$((skipped + 1))
elif ! vm=$(scripts/kernel-image.sh linux-image-6.1.0-56-cloud-amd64-dbg); then
	say "SKIPPED: oracle comparison: the registry no longer serves linux-image-6.1.0-56-cloud-amd64-dbg"
	skipped=$((skipped + 1))
else
	"$ksurf" --db "$work/oracle.db" add "$vm" >> "$log" 2>&1 &&
		say "PASS: add $vm" || say "FAIL: add $vm"
	"$ksurf" --db "$work/oracle.db" export "$work/oracle" >> "$log" 2>&1 &&
		say "PASS: export of 6.1.0-56-cloud-amd64" || say "FAIL: export"
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
	deb=$(ls "${KSURF_CACHE:-$HOME/.cache/ksurf}"/debs/linux-image-6.1.0-56-cloud-amd64-dbg_*.deb | tail -n 1)
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
	rm -rf "$work/oracle"
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
	"$ksurf" --db "$work/generic.db" add "${debs[@]}" >> "$log" 2>&1 &&
		say "PASS: add ${debs[*]##*/}" || say "FAIL: add ${debs[*]##*/}"
	# ksurf reads unit file tables itself: they must equal libdw's, path for path.
	"$BUILD"/tests/test_line_files "$vm" | tee -a "$log"
	"$ksurf" --db "$work/generic.db" list --format jsonl > "$work/list.json"
	"$ksurf" --db "$work/generic.db" show func mempool_alloc > "$work/mempool.md"
	"$ksurf" --db "$work/generic.db" show func mempool_alloc --format json > "$work/mempool.json"
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
		line=$("$ksurf" --db "$work/generic.db" show func $f | sed -n '/^```c$/{n;p;q}')
		if [ -n "$line" ] && grep -qxF "$line" "$examples"/function-*.md; then
			say "PASS: $f renders as on the published pages: $line"
		else
			say "FAIL: $f renders as '$line', a line not on the published pages"
		fi
	done
	for nr_name in "0 read" "1 write" "321 bpf"; do
		set -- $nr_name
		got=$("$ksurf" --db "$work/generic.db" show syscall "$2" --format json)
		case $got in
		*"\"nr\": $1}") say "PASS: syscall $2 is number $1" ;;
		*) say "FAIL: syscall $2: $got, want number $1" ;;
		esac
	done
	for tp in sched_switch block_rq_issue; do
		"$ksurf" --db "$work/generic.db" show tracepoint $tp > "$work/tp.md"
		"$ksurf" --db "$work/generic.db" show tracepoint $tp --format json > "$work/tp.json"
		if grep -q '^struct trace_event_raw_' "$work/tp.md" &&
			grep -q '^void trace_event_raw_event_.*(void \*__data' "$work/tp.md" &&
			python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not d["fmt_str"])' \
				"$work/tp.json"; then
			say "PASS: tracepoint $tp: $(sed -n '/^struct/p' "$work/tp.md"), with its function and format"
		else
			say "FAIL: tracepoint $tp: $(head -c 300 "$work/tp.md" | tr '\n' '|')"
		fi
	done
	"$ksurf" --db "$work/generic.db" show struct task_struct > "$work/task.md"
	if head -6 "$work/task.md" | tail -3 | diff -q - <(printf '%s\n' 'struct task_struct {' \
		'    struct thread_info thread_info;' '    unsigned int __state;') >/dev/null &&
		[ "$(tail -2 "$work/task.md")" = "$(printf '};\n```')" ] &&
		[ "$(grep -c '^    .*;$' "$work/task.md")" -gt 150 ]; then
		say "PASS: task_struct renders ($(grep -c '^    .*;$' "$work/task.md") members)"
	else
		say "FAIL: task_struct rendering: $(head -8 "$work/task.md" | tr '\n' '|')"
	fi
fi

# 3. Another ABI revision of the oracle image: the dataset must grow by well
#    under half (types, group contents and strings are shared).
prev=$(apt-cache search --names-only 'linux-image-6\.1\.0-[0-9]+-cloud-amd64-dbg' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -2 | head -1)
if [ -z "$prev" ] || ! vm2=$(scripts/kernel-image.sh "$prev") ||
	! vm1=$(scripts/kernel-image.sh "$(scripts/latest-dbg.sh cloud-amd64)"); then
	say "SKIPPED: dataset growth: no two cloud-amd64 revisions could be fetched"
	skipped=$((skipped + 1))
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
fi

# 5. Other architectures and versions, from their packages (cached): the
#    newest 6.1 arm64 (pointers held in .rela.dyn relocations), 6.12 amd64,
#    and 6.1 s390x (big-endian).
other() { # LABEL RELEASE ARCH NR_OF_READ MIN_KFUNCS
	local label=$1 rel=$2 arch=$3 nr=$4 min_kfuncs=$5 db="$work/$1.db"
	if [ -z "$rel" ] || ! mapfile -t debs < <(scripts/fetch-debian-kernel "$rel" "$arch" 2>/dev/null) ||
		[ ${#debs[@]} -eq 0 ]; then
		say "SKIPPED: $label: no $arch debug package could be fetched"
		skipped=$((skipped + 1))
		return
	fi
	if ! "$ksurf" --db "$db" add "${debs[@]}" >> "$log" 2>&1; then
		say "FAIL: $label: add ${debs[*]##*/}"
		return
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
	local got
	got=$("$ksurf" --db "$db" show syscall read --format json)
	case $got in
	*"\"nr\": $nr}") say "PASS: $label: syscall read is number $nr" ;;
	*) say "FAIL: $label: syscall read: $got, want number $nr" ;;
	esac
	if "$ksurf" --db "$db" show tracepoint sched_switch | grep -q '^struct trace_event_raw_sched_switch {'; then
		say "PASS: $label: tracepoint sched_switch renders"
	else
		say "FAIL: $label: tracepoint sched_switch"
	fi
	rm -f "$db"*
}
arm=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-arm64-dbg$' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -n 1 | sed 's/^linux-image-//; s/-dbg$//')
other arm64 "${arm:-6.1.0-56-arm64}" arm64 63 30
r612=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-dbg$' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -n 1 | sed 's/^linux-image-//; s/-dbg$//')
other 6.12-amd64 "$r612" amd64 0 30
# big-endian: s390x has no .BTF (pahole makes it) and so no kfunc BTF IDs
s390=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-s390x-dbg$' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -n 1 | sed 's/^linux-image-//; s/-dbg$//')
other s390x "$s390" s390x 3 0

# 6. ksurf diff from 6.1 (section 2's image) to 6.12 amd64.
if [ -n "$r612" ] && [ -s "$work/generic.db" ] &&
	mapfile -t debs < <(scripts/fetch-debian-kernel "$r612" 2>/dev/null) && [ ${#debs[@]} -gt 0 ] &&
	"$ksurf" --db "$work/generic.db" add "${debs[@]}" >> "$log" 2>&1; then
	names=$("$ksurf" --db "$work/generic.db" list --format jsonl |
		python3 -c 'import json,sys; print(" ".join(json.loads(l)["name"] for l in sys.stdin))')
	set -- $names
	"$ksurf" --db "$work/generic.db" diff "$1" "$2" --format jsonl > "$work/diff.json"
	python3 - "$work/diff.json" "$1" "$2" <<'PY' | tee -a "$log"
import json, sys
k = {d["kind"]: d for d in map(json.loads, open(sys.argv[1]))}
def check(desc, ok):
    print(("PASS: " if ok else "FAIL: ") + desc)
f, s = k["func"], k["struct"]
check(f"diff {sys.argv[2]} -> {sys.argv[3]}: func {len(f['added'])} added, {len(f['removed'])} "
      f"removed, {len(f['changed'])} changed",
      len(f["added"]) > 1000 and len(f["removed"]) > 500 and len(f["changed"]) > 1000)
check(f"... every function change kind seen: {f['issues']}",
      set(f["issues"]) == {"Param added", "Param removed", "Param reordered", "Param type changed",
                           "Return type changed"})
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
      all(len(k[x]["changed"]) > 0 for x in ("tracepoint", "lsm", "config")) and k["syscall"]["added"])
PY
	py_ok "${PIPESTATUS[0]}" "the diff checks"
else
	say "SKIPPED: diff 6.1 -> 6.12: the 6.12 packages or section 2's dataset are not there"
	skipped=$((skipped + 1))
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
	say "SKIPPED: report pages: only ${#pkgs[@]} of the 6 packages could be fetched"
	skipped=$((skipped + 1))
elif ! "$ksurf" --db "$work/pages.db" add -j 2 "${pkgs[@]}" >> "$log" 2>&1; then
	say "FAIL: report pages: add ${pkgs[*]##*/}"
else
	base="6.1.0-$abi-generic-amd64"
	"$ksurf" --db "$work/pages.db" show func mempool_alloc --baseline "$base" \
		--groups regular,arch,flavor,revision > "$work/page.md"
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
		set -- $dep
		if "$ksurf" --db "$work/pages.db" show $1 $2 --baseline "$base" > "$work/p.md" &&
			grep -q "^## Differences$" "$work/p.md" && grep -q "<summary>In <code>6.12</code>" "$work/p.md"; then
			say "PASS: page $1 $2 renders ($(grep -c '<summary>' "$work/p.md") image blocks, $(grep -c 'Changed between' "$work/p.md") changes)"
		else
			say "FAIL: page $1 $2"
		fi
	done
	# the baseline given above is remembered: the default page is the same page
	"$ksurf" --db "$work/pages.db" show func vfs_read --baseline "$base" > "$work/p1.md"
	"$ksurf" --db "$work/pages.db" show func vfs_read > "$work/p2.md"
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
	rm -f "$work/pages.db"*
fi

# 4. The running kernel, when it exposes its BTF.
if [ -r /sys/kernel/btf/vmlinux ] && [ -r /proc/kallsyms ]; then
	if "$ksurf" --db "$work/running.db" add --running >> "$log" 2>&1; then
		say "PASS: add --running"
		line=$("$ksurf" --db "$work/running.db" show func vfs_read | sed -n '/^```c$/{n;p;q}')
		case $line in
		*" vfs_read(struct file *file, char *buf, size_t count, loff_t *pos);")
			say "PASS: running kernel: $line" ;;
		*) say "FAIL: running kernel: vfs_read renders as '$line'" ;;
		esac
	else
		say "FAIL: add --running"
	fi
else
	say "SKIPPED: running kernel: /sys/kernel/btf/vmlinux or /proc/kallsyms not readable"
	skipped=$((skipped + 1))
fi
passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
