#!/usr/bin/env python3
"""Anonymous enums apart, against bpftool's own reading of the image's BTF.

Usage: anon_enums.py KSURF DB VMLINUX IMAGE
VMLINUX is the file IMAGE was added from.  Its anonymous ENUM and ENUM64
types (bpftool btf dump ... format raw) get their identities as
src/report/dep_anon.h names them, independently: `ksurf show enum NAME
--image IMAGE` must give each with bpftool's value names, and `ksurf index
enum` must list each.  Prints PASS/FAIL lines and the figures.
"""
import collections
import json
import re
import subprocess
import sys

ksurf, db, vmlinux, image = sys.argv[1:5]
failed = 0


def check(desc, ok):
    global failed
    print(("PASS: " if ok else "FAIL: ") + desc)
    failed += not ok


raw = subprocess.run(["bpftool", "btf", "dump", "file", vmlinux, "format", "raw"],
                     capture_output=True, text=True, check=True).stdout
enums, cur = [], None
for line in raw.split("\n"):
    m = re.match(r"^\[\d+\] (ENUM|ENUM64) '(.*?)' .*vlen=(\d+)", line)
    if m:
        cur = [] if m.group(2) == "(anon)" and m.group(3) != "0" else None
        if cur is not None:
            enums.append(cur)
    elif line.startswith("["):
        cur = None
    elif cur is not None and (m := re.match(r"^\s+'(.*?)' val=", line)):
        cur.append(m.group(1))
names, seen = [], collections.Counter()
for values in enums:
    seen[values[0]] += 1
    k = seen[values[0]]
    names.append(f"(anon {values[0]})" if k == 1 else f"(anon {values[0]} #{k})")
print(f"bpftool: {len(enums)} anonymous enums, {sum(map(len, enums))} values, "
      f"{sum(1 for n in names if '#' in n)} sharing a first value")

bad = []
for name, values in zip(names, enums):
    r = subprocess.run([ksurf, "--db", db, "show", "enum", name, "--image", image, "--format",
                        "json"], capture_output=True, text=True)
    t = json.loads(r.stdout)["type"] if r.returncode == 0 else None
    if not t or [v["name"] for v in t["values"]] != values:
        bad.append(name)
check(f"show: each of the {len(names)} with bpftool's values ({bad[:5]} differ)", not bad)

r = subprocess.run([ksurf, "--db", db, "index", "enum", "--baseline", image, "--format", "jsonl"],
                   capture_output=True, text=True)
if r.returncode == 2 and "forms no group" in r.stderr:
    # an index needs groups: a dataset of this image alone has none
    print(f"NOTE: index enum: {image} forms no group in {db}; the index is not checked")
    sys.exit(1 if failed else 0)
rows = {json.loads(line)["name"] for line in r.stdout.splitlines()}
missing = sorted(set(names) - rows)
print(f"index enum: {len(rows)} rows, {sum(n.startswith('(anon ') for n in rows)} anonymous "
      "enums apart (in the groups' images)")
check(f"index: lists each ({missing[:5]} missing)", r.returncode == 0 and not missing)
sys.exit(1 if failed else 0)
