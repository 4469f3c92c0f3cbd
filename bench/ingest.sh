#!/usr/bin/env bash
# ingest.sh [VMLINUX] — time `ksurf add` on a real vmlinux next to `pahole -J`
# (BTF encoding from the same DWARF) and `bpftool btf dump ... format raw`
# (reading its BTF) in one run, with GNU time: wall, CPU, peak RSS, and the
# ratios.  `ksurf add --no-types` gives what the types cost.
# Default image: the newest Debian 6.1 cloud-amd64 -dbg
# (cached in ~/.cache/ksurf).  Writes the table to stdout and, with
# --record, appends it to docs/performance.md.  Not a test: nothing asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
record=0
[ "${1:-}" = --record ] && { record=1; shift; }
vm=${1:-$(scripts/kernel-image.sh "$(scripts/latest-dbg.sh cloud-amd64)")}
runs=${RUNS:-3}

. bench/lib.sh

cp "$vm" "$work/vmlinux" # pahole -J writes into its input
ks=$(measure "$runs" "ksurf-add" "$ksurf" --db "$work/db" add "$vm")
ks1=$(measure "$runs" "ksurf-add-1-thread" "$ksurf" --db "$work/db" add --threads-per-image 1 "$vm")
kn=$(measure "$runs" "ksurf-add-no-types" "$ksurf" --db "$work/db" add --no-types "$vm")
ph=$(measure "$runs" "pahole-J" pahole -J --btf_encode_detached="$work/btf" "$work/vmlinux")
bt=$(measure "$runs" "bpftool-btf-dump-raw" bpftool btf dump file "$vm" format raw)
# the decoders (syscalls, tracepoints, LSM hooks, kfuncs, IKCONFIG): their phase, best of $runs
dec=""
for _ in $(seq "$runs"); do
	rm -f "$work"/db*
	d=$(KSURF_TIMING=1 "$ksurf" --db "$work/db" add "$vm" 2>&1 >/dev/null | awk '/timing: decoders/ {print $4}')
	if [ -z "$dec" ] || awk "BEGIN{exit !($d < $dec)}"; then dec=$d; fi
done

table=$(
	table "$ks" "$ks1" "$kn" "$ph" "$bt"
	kw=$(col 2 "$ks") krss=$(col 5 "$ks")
	pw=$(col 2 "$ph") prss=$(col 5 "$ph")
	echo
	echo "ratio ksurf add / pahole -J: wall $(awk "BEGIN{printf \"%.2f\", $kw/$pw}"), peak RSS $(awk "BEGIN{printf \"%.2f\", $krss/$prss}")"
	nw=$(col 2 "$kn")
	echo "types: ksurf add - ksurf add --no-types = $(awk "BEGIN{printf \"%.2f\", $kw-$nw}") s wall; bpftool btf dump (format raw) alone: $(col 2 "$bt") s"
	echo "decoders (syscalls, tracepoints, LSM hooks, kfuncs, IKCONFIG): $dec s"
)
echo "image: $(basename "$vm") ($(($(stat -c %s "$vm") / 1048576)) MB), best of $runs runs"
echo "$table"
record "$(basename "$vm"), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$table"
