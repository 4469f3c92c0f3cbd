#!/usr/bin/env bash
# build.sh OUTDIR VMLINUX — the check fixtures against a real image: vmlinux.h
# dumped from VMLINUX's BTF (bpftool), fx.bpf.o compiled with clang -target
# bpf -g -O2, fx-match.bpf.o (its type test turned into TYPE_MATCHES, which
# clang 14 cannot emit), and fx-skel, a binary built from bpftool's skeleton.
set -euo pipefail
out=$1 vmlinux=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
bpftool btf dump file "$vmlinux" format c > "$out/vmlinux.h"
clang -target bpf -g -O2 -D__TARGET_ARCH_x86 -I"$out" -c "$here/fx.bpf.c" -o "$out/fx.bpf.o"
python3 - "$out/fx.bpf.o" "$out/fx-match.bpf.o" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
shoff, = struct.unpack_from("<Q", d, 40)
shnum, shstrndx = struct.unpack_from("<HH", d, 60)
hdrs = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * 64) for i in range(shnum)]
names = hdrs[shstrndx][4]
for h in hdrs:
    if d[names + h[0]:].split(b"\0")[0] == b".BTF.ext":
        ext = h[4]
hdr_len, = struct.unpack_from("<I", d, ext + 4)
off, length = struct.unpack_from("<II", d, ext + 24)
at = ext + hdr_len + off
rec, = struct.unpack_from("<I", d, at)
at += 4
end = at + length - 4
while at < end:
    _, n = struct.unpack_from("<II", d, at)
    at += 8
    for k in range(n):
        if struct.unpack_from("<I", d, at + 12)[0] == 8:  # TYPE_EXISTS
            struct.pack_into("<I", d, at + 12, 12)  # TYPE_MATCHES
            # one is enough
            open(sys.argv[2], "wb").write(d)
            sys.exit(0)
        at += rec
sys.exit("no TYPE_EXISTS relocation to turn into TYPE_MATCHES")
PY
bpftool gen skeleton "$out/fx.bpf.o" name fx > "$out/fx.skel.h"
cat > "$out/fx-skel.c" <<'C'
#include "fx.skel.h"
int main(void)
{
	struct fx *skel = fx__open(); /* as a tool opens its skeleton */
	if (!skel)
		return 1;
	fx__destroy(skel);
	return 0;
}
C
gcc -O2 -I"$out" -o "$out/fx-skel" "$out/fx-skel.c" -lbpf
