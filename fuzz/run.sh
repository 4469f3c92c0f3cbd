#!/usr/bin/env bash
# run.sh [SECONDS] — build the libFuzzer targets with clang (ASan, UBSan) and run
# each for SECONDS (default 30), two at a time, seeded from the gcc-built fixtures,
# on its corpus: build-fuzz/corpus/TARGET (local, every input that added coverage)
# and fuzz/corpus/TARGET (kept in the repository: the inputs of at most 4 KB that
# add coverage, merged after each run); crashes land in
# build-fuzz/crashes and fail the run.  Prints per target its executions and
# coverage, and the total.  `make fuzz` (FUZZ_SECONDS); `.ci/run` runs 60 s each.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
out=build-fuzz
mkdir -p "$out/obj" "$out/crashes" "$out/logs"
pkgs=(libelf libdw libbpf sqlite3 zlib libarchive liblzma)
pc=$(pkg-config --cflags "${pkgs[@]}")
read -ra pc_cflags <<<"$pc"
pc=$(pkg-config --libs "${pkgs[@]}")
read -ra pc_libs <<<"$pc"
# the version the Makefile gives (make fuzz sets KSURF_VERSION)
cflags=(-std=c11 -D_GNU_SOURCE -g -O1 -Isrc -Ifuzz -pthread "-fsanitize=fuzzer-no-link,address,undefined"
	"-DKSURF_VERSION=\"${KSURF_VERSION:-0.0.0}\"" "${pc_cflags[@]}")
objs=()
# an object is rebuilt when its source or any header (a struct's layout) is newer
header=$(find src fuzz -name '*.h' -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
for src in src/*/*.c; do
	case $src in src/cli/*) continue ;; esac
	o="$out/obj/$(echo "$src" | tr / _).o"
	if [ ! "$o" -nt "$src" ] || [ ! "$o" -nt "$header" ]; then
		clang "${cflags[@]}" -c "$src" -o "$o"
	fi
	objs+=("$o")
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tests/fixtures/build.sh "$tmp/fx" >/dev/null 2>&1 || true
targets=(json line_files btf blobs bpf_object vmlinux deb text import type_diff page names)
for t in "${targets[@]}"; do
	clang "${cflags[@]}" -fsanitize=fuzzer "fuzz/fuzz_$t.c" "${objs[@]}" -o "$out/fuzz_$t" \
		"${pc_libs[@]}" -pthread
	seeds="$tmp/seeds_$t"
	mkdir -p "$seeds" "fuzz/corpus/$t"
	case $t in
	json) head -n 3 "$tmp"/fx/*.jsonl 2>/dev/null > "$seeds/a" || true
	      printf '{"kind": "STRUCT", "name": "x", "members": [{"name": "a", "val": -1}]}' > "$seeds/b" ;;
	btf) cp "$tmp/fx/fixture.btf" "$seeds/" 2>/dev/null || true ;;
	line_files) objcopy -O binary --only-section=.debug_line "$tmp/fx/vmlinux-upstream" "$seeds/line" 2>/dev/null || true ;;
	blobs) printf 'seed' > "$seeds/s" ;;
	names) printf 'cold fn\0cold_20fn' > "$seeds/a"; printf 'index\0-69ndex' > "$seeds/b"
	       printf 'x<img src=y>\033[2J\0\302\233' > "$seeds/c" ;;
	bpf_object) cp "$tmp/fx/mini.bpf.o" "$tmp/fx/mini-skel" "$seeds/" 2>/dev/null || true ;;
	vmlinux) cp "$tmp"/fx/vmlinux-upstream "$tmp"/fx/vmlinux-v2 "$tmp"/fx/dec-table-size0 "$seeds/" 2>/dev/null || true ;;
	deb) cp "$tmp"/fx/*.ddeb "$tmp"/fx/linux-image-5.4.0-26-generic.deb "$seeds/" 2>/dev/null || true ;;
	text) { printf '\001'; cat "$tmp/fx/config-fixture"; } > "$seeds/config" 2>/dev/null || true
	      { printf '\001'; gzip -c "$tmp/fx/config-fixture"; } > "$seeds/config-gz" 2>/dev/null || true
	      { printf '\000'; printf 'ffffffff81000000 T _stext\nffffffff81001000 t vfs_read\t[ext4]\n0000000000000000 A fixed_percpu_data\n'; } > "$seeds/kallsyms" ;;
	import) if "$PWD/${BUILD:-build}/ksurf" --db "$tmp/i.db" add --name F "$tmp/fx/vmlinux-upstream" >/dev/null 2>&1 &&
		   "$PWD/${BUILD:-build}/ksurf" --db "$tmp/i.db" export "$tmp/exp" >/dev/null 2>&1; then
			for f in image/F.json func_groups/F.jsonl symtab/F.jsonl types_struct/F.jsonl tracepoints/F.jsonl syscalls/F.json; do
				cat "$tmp/exp/$f" 2>/dev/null; printf '\n--\n'
			done > "$seeds/F"
		fi ;;
	page) if "$PWD/${BUILD:-build}/ksurf" --db "$tmp/p.db" add --name F "$tmp/fx/vmlinux-upstream" >/dev/null 2>&1 &&
		 "$PWD/${BUILD:-build}/ksurf" --db "$tmp/p.db" add --name G "$tmp/fx/vmlinux-debian" >/dev/null 2>&1 &&
		 "$PWD/${BUILD:-build}/ksurf" --db "$tmp/p.db" export "$tmp/pexp" >/dev/null 2>&1; then
			for img in F G; do
				for k in image func_groups symtab types_struct types_func types_union types_enum tracepoints syscalls; do
					fs=("$tmp/pexp/$k/$img".*) # the first, if any
					[ -e "${fs[0]}" ] && cat "${fs[0]}"; printf '\n--\n'
				done
			done > "$seeds/FG"
		fi ;;
	type_diff) if [ -s "$tmp/exp/types_struct/F.jsonl" ]; then
			for k in struct func enum union; do
				f="$tmp/exp/types_$k/F.jsonl"
				if [ -s "$f" ]; then
					head -n 2 "$f" > "$seeds/$k" || true
					sed -n '2p;1p' "$f" > "$seeds/$k-rev" || true
				fi
			done
		fi ;;
	esac
done
run_one() { # TARGET: fuzz; merge what it found into the local corpus, and the small
	# inputs that add coverage into the kept one (fuzz/corpus, at most 4 KB each)
	local t=$1 new="$tmp/new_$1"
	mkdir -p "$new" "$out/corpus/$t"
	"$out/fuzz_$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -close_fd_mask=2 \
		-artifact_prefix="$out/crashes/$t-" -print_final_stats=1 "$new" "$out/corpus/$t" "fuzz/corpus/$t" \
		"$tmp/seeds_$t" > "$out/logs/$t.log" 2>&1 || true
	"$out/fuzz_$t" -merge=1 -max_len=65536 -close_fd_mask=2 "$out/corpus/$t" "$new" > "$out/logs/$t.merge.log" 2>&1 || true
	"$out/fuzz_$t" -merge=1 -max_len=4096 -close_fd_mask=2 "fuzz/corpus/$t" "$out/corpus/$t" >> "$out/logs/$t.merge.log" 2>&1 || true
	find "fuzz/corpus/$t" -type f -size +4k -delete
}
export -f run_one
export out tmp secs
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run_one {}'
total=0
printf '%-12s %12s %8s %8s %s\n' target executions edges features corpus
for t in "${targets[@]}"; do
	execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$out/logs/$t.log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$out/logs/$t.log" | tail -n 1 || true)
	read -r _ edges _ features _ <<<"$cov"
	files=$(find "fuzz/corpus/$t" -mindepth 1 -maxdepth 1 -name '[!.]*' | wc -l)
	printf '%-12s %12s %8s %8s %s\n' "$t" "${execs:-0}" "${edges:-0}" "${features:-0}" "$files files"
	total=$((total + ${execs:-0}))
done
echo "total executions: $total"
crashes=()
for f in "$out"/crashes/*; do
	[ -e "$f" ] && crashes+=("${f##*/}")
done
if [ ${#crashes[@]} -gt 0 ]; then
	echo "fuzz: crashes in $out/crashes: ${crashes[*]}"
	exit 1
fi
echo "fuzz: no crash"
