#!/usr/bin/env bash
# run.sh [SECONDS] — build the libFuzzer targets with clang (ASan, UBSan) and run
# each for SECONDS (default 30), seeded from tests/fixtures; crashes land in
# build-fuzz/crashes.  `make fuzz`.  Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
out=build-fuzz
mkdir -p "$out/obj" "$out/crashes"
pkgs="libelf libdw libbpf sqlite3 zlib libarchive liblzma"
cflags="-std=c11 -D_GNU_SOURCE -g -O1 -Isrc -pthread -fsanitize=fuzzer-no-link,address,undefined $(pkg-config --cflags $pkgs)"
objs=()
for src in src/*/*.c; do
	case $src in src/cli/*) continue ;; esac
	o="$out/obj/$(echo "$src" | tr / _).o"
	[ "$o" -nt "$src" ] || clang $cflags -c "$src" -o "$o"
	objs+=("$o")
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tests/fixtures/build.sh "$tmp/fx" >/dev/null 2>&1 || true
for t in json line_files btf blobs bpf_object; do
	clang $cflags -fsanitize=fuzzer "fuzz/fuzz_$t.c" "${objs[@]}" -o "$out/fuzz_$t" \
		$(pkg-config --libs $pkgs) -pthread
	seeds="$tmp/seeds_$t"
	mkdir -p "$seeds"
	case $t in
	json) head -n 3 "$tmp"/fx/*.jsonl 2>/dev/null > "$seeds/a" || true
	      printf '{"kind": "STRUCT", "name": "x", "members": [{"name": "a", "val": -1}]}' > "$seeds/b" ;;
	btf) cp "$tmp/fx/fixture.btf" "$seeds/" 2>/dev/null || true ;;
	line_files) objcopy -O binary --only-section=.debug_line "$tmp/fx/vmlinux-upstream" "$seeds/line" 2>/dev/null || true ;;
	blobs) printf 'seed' > "$seeds/s" ;;
	bpf_object) cp "$tmp/fx/mini.bpf.o" "$tmp/fx/mini-skel" "$seeds/" 2>/dev/null || true ;;
	esac
	echo "fuzz_$t: $secs s"
	"$out/fuzz_$t" -max_total_time="$secs" -artifact_prefix="$out/crashes/$t-" "$seeds" \
		2>&1 | grep -E "^(Done|==[0-9]+==ERROR|SUMMARY)" || true
done
ls "$out/crashes" | grep -q . && { echo "fuzz: crashes in $out/crashes"; exit 1; }
echo "fuzz: no crash"
