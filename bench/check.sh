#!/usr/bin/env bash
# check.sh [--record] — `ksurf check` of every Debian libbpf-tools binary against
# six real images (the newest 6.1 amd64, cloud, rt, the previous ABI, 6.12 and
# arm64; packages cached in ~/.cache/ksurf), next to what the published study
# ran for the same answer: `bpftool gen min_core_btf VMLINUX OUT OBJ` for each
# object against each image (libbpf's CO-RE resolution, the relocations only).
# Best of RUNS (default 3); the ratio is bpftool's loop over ksurf.  Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
record=0
[ "${1:-}" = --record ] && record=1
runs=${RUNS:-3}
. bench/lib.sh
six_images
"$ksurf" --db "$work/six.db" add -j 2 "${pkgs[@]}" >/dev/null
tools=()
for f in $(dpkg -L libbpf-tools | grep '^/usr/sbin/'); do
	[ -f "$f" ] && [ ! -L "$f" ] && tools+=("$f")
done
# the objects the tools embed, cut out for bpftool
mkdir -p "$work/objs"
python3 - "$work/objs" "${tools[@]}" <<'PY'
import os, struct, sys
for path in sys.argv[2:]:
    d = open(path, "rb").read()
    i = d.find(b"\x7fELF", 1)
    while i >= 0 and not (d[i + 4] == 2 and struct.unpack_from("<H", d, i + 18)[0] == 247):
        i = d.find(b"\x7fELF", i + 1)
    if i < 0:
        continue
    shoff, = struct.unpack_from("<Q", d, i + 40)
    shnum, = struct.unpack_from("<H", d, i + 60)
    end = shoff + shnum * 64
    for k in range(shnum):
        t, = struct.unpack_from("<I", d, i + shoff + k * 64 + 4)
        off, size = struct.unpack_from("<QQ", d, i + shoff + k * 64 + 24)
        if t != 8:
            end = max(end, off + size)
    open(os.path.join(sys.argv[1], os.path.basename(path) + ".bpf.o"), "wb").write(d[i:i + end])
PY
nobj=$(find "$work/objs" -mindepth 1 -maxdepth 1 -name '[!.]*' | wc -l)
cat > "$work/bpftool-loop" <<SH
#!/bin/sh
for o in $work/objs/*.bpf.o; do
	for v in ${vms[*]}; do
		bpftool gen min_core_btf "\$v" $work/min.btf "\$o" >/dev/null 2>&1
	done
done
SH
chmod +x "$work/bpftool-loop"
# exit 1 (a verdict fails) is an answer here, not an error
cat > "$work/ksurf-check" <<SH
#!/bin/sh
"$ksurf" --db "$work/six.db" check "\$@" --format json >/dev/null
[ \$? -le 1 ]
SH
chmod +x "$work/ksurf-check"
ks=$(measure "$runs" "ksurf-check-${#tools[@]}-tools-6-images" "$work/ksurf-check" "${tools[@]}")
ks1=$(measure "$runs" "ksurf-check-biotop-6-images" "$work/ksurf-check" /usr/sbin/biotop)
bt=$(measure 1 "bpftool-min_core_btf-${nobj}-objects-x-6" "$work/bpftool-loop")
table=$(
	table "$ks" "$ks1" "$bt"
	kw=$(col 2 "$ks")
	bw=$(col 2 "$bt")
	echo
	echo "ratio bpftool gen min_core_btf loop / ksurf check: wall $(awk "BEGIN{printf \"%.1f\", $bw/$kw}")"
)
echo "images: ${rels[*]}"
echo "$table"
record "ksurf check: ${#tools[@]} libbpf-tools binaries x 6 images; $(nproc) CPUs" "$table"
