#!/usr/bin/env python3
"""The invariants every real image must hold, each checked against an independent count.

Usage: invariants.py LABEL EXPORT_DIR IMAGE_NAME VMLINUX ENTRIES LIST_ROW.json

  - no exported path or caller starts with debian/ or /build/, or holds /../
    (every build prefix stripped, ".." normalised);
  - the function entries ksurf stored equal ENTRIES, the count
    tests/tools/count_entries makes with libdw alone;
  - the system calls ksurf stored equal the real length of sys_call_table, from
    readelf: its symbol's size, else up to the next symbol of its section, else
    the section's end, over the pointer size, less the zero slots at its end
    (a slot filled by a relocation, as on arm64 and s390x, is not zero);
  - the image's name is what its release and arch say (flavor and arch rules).
Prints PASS/FAIL lines.
"""
import json
import re
import subprocess
import sys

label, export, name, vmlinux, entries, row_file = sys.argv[1:7]
row = json.load(open(row_file))


def check(desc, ok):
    print(("PASS: " if ok else "FAIL: ") + f"{label}: {desc}")


bad = []
with open(f"{export}/func_groups/{name}.jsonl") as f:
    for line in f:
        g = json.loads(line)
        for e in g["funcs"]:
            for p in [e["file"], e["loc"]] + e["caller_inline"] + e["caller_func"]:
                if p and (p.startswith("debian/") or p.startswith("/build/") or "/../" in p):
                    bad.append(p)
check(f"no exported path or caller starts with debian/ or /build/ or holds /../ "
      f"({len(bad)} do{': ' + bad[0] if bad else ''})", not bad)
check(f"{row['func_entries']} entries, as libdw counts them alone: {entries}",
      row["func_entries"] == int(entries))

# sys_call_table's real length, from readelf
syms = subprocess.run(["readelf", "-sW", vmlinux], capture_output=True, text=True).stdout
secs = subprocess.run(["readelf", "-SW", vmlinux], capture_output=True, text=True).stdout
cls = subprocess.run(["readelf", "-hW", vmlinux], capture_output=True, text=True).stdout
ptr = 8 if "ELF64" in cls else 4
table, by_sec = None, {}
for line in syms.splitlines():
    f = line.split()
    if len(f) < 8 or not f[0].endswith(":") or not f[6].isdigit():
        continue
    size = int(f[2], 16) if f[2].startswith("0x") else int(f[2])
    value, ndx, sym = int(f[1], 16), f[6], f[7]
    by_sec.setdefault(ndx, []).append(value)
    if sym == "sys_call_table":
        table = (value, size, ndx)
length = None
if table:
    value, size, ndx = table
    end = value + size if size else None
    if end is None:
        later = [v for v in by_sec.get(ndx, []) if v > value]
        end = min(later) if later else None
    sec_addr = sec_off = None
    for line in secs.replace("[ ", "[").splitlines():
        f = line.split()
        if len(f) > 6 and f[0] == f"[{ndx}]":
            sec_addr, sec_off, sec_size = int(f[3], 16), int(f[4], 16), int(f[5], 16)
            if end is None:
                end = sec_addr + sec_size
    # the slots that hold a pointer: non-zero bytes, or a relocation there
    # (arm64, s390x); trailing zero slots are the section's alignment
    data = open(vmlinux, "rb").read()
    relocated = set()
    if "ELF64" in cls and ("AArch64" in cls or "S/390" in cls or "IBM S/390" in cls):
        for line in subprocess.run(["readelf", "-rW", vmlinux], capture_output=True, text=True).stdout.splitlines():
            f = line.split()
            if f and re.fullmatch(r"[0-9a-f]{8,16}", f[0]):
                addr = int(f[0], 16)
                if value <= addr < end:
                    relocated.add(addr)
    filled = 0
    for k in range((end - value) // ptr):
        a = value + k * ptr
        raw = data[sec_off + a - sec_addr:sec_off + a - sec_addr + ptr]
        if a in relocated or raw != bytes(ptr):
            filled = k + 1
    length = filled
check(f"{row['syscalls']} system calls, sys_call_table's real length {length}",
      length is not None and row["syscalls"] == length)

# the name: VERSION-ABI-FLAVOR-ARCH with the release's flavor; a build glued to
# the version (+deb12) stays in it: two builds of one release are two images
m = re.fullmatch(r"(\d+\.\d+(?:\.\d+)?(?:\+[^-]+)?)-(?:(\d+)-)?(.+)", row["release"])
suffix = m.group(3) if m else ""
arch_only = {"amd64", "arm64", "s390x", "powerpc64le", "riscv64", "loong64"}
flavor = ("generic" if suffix in arch_only else
          "cloud" if suffix.startswith("cloud-") and suffix[6:] in arch_only else
          "rt" if suffix.startswith("rt-") and suffix[3:] in arch_only else suffix)
want = "-".join(x for x in (m.group(1) if m else "", m.group(2) if m and m.group(2) else None, flavor, row["arch"]) if x)
check(f"named {row['name']} (flavor {row['flavor']}, arch {row['arch']}) as its release {row['release']} says",
      row["name"] == want and row["flavor"] == flavor)
