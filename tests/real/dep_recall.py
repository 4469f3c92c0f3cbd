#!/usr/bin/env python3
"""ksurf check's struct and field dependencies against the published tool's way of listing them.

Usage: dep_recall.py KSURF DB OUTDIR FILE...

The published study lists an object's type dependencies from libbpf's own
reading of it: `bpftool gen min_core_btf OBJ OUT OBJ` keeps the types and
members the object's CO-RE relocations touch, and every named STRUCT left
(flavor suffix dropped, user_pt_regs skipped) is a dependency, with each of
its members (anonymous members flattened into their parent) as
STRUCT::MEMBER.  Objects libbpf refuses there (a "field offset ambiguity"
between a type and its flavor in the object's own BTF) give no list and are
counted apart, as the study lost them.  Prints the share of those
dependencies ksurf lists, each one it misses, and PASS when it is >= 98 %.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpf_objects  # noqa: E402

ksurf, db, out = sys.argv[1:4]
files = sys.argv[4:]
os.makedirs(out, exist_ok=True)


def first_object(path):
    """The first BPF object of PATH (its bytes), None when it holds none."""
    found = bpf_objects.objects(open(path, "rb").read())
    return found[0][1] if found else None


def published(obj):
    """The study's list for OBJ, None when libbpf refuses it."""
    btf = obj + ".min.btf"
    if subprocess.run(["bpftool", "gen", "min_core_btf", obj, btf, obj], capture_output=True).returncode:
        return None
    dump = subprocess.run(["bpftool", "btf", "dump", "file", btf, "-j"], capture_output=True, text=True)
    types = {t["id"]: t for t in json.loads(dump.stdout)["types"]}

    def members(t, acc):
        for m in t.get("members", []):
            mt = types.get(m["type_id"])
            while mt and mt["kind"] in ("TYPEDEF", "CONST", "VOLATILE", "RESTRICT", "TYPE_TAG"):
                mt = types.get(mt["type_id"])
            if m["name"] == "(anon)" and mt and mt["kind"] in ("STRUCT", "UNION"):
                members(mt, acc)
            else:
                acc.append(m["name"])
        return acc

    want = set()
    for t in types.values():
        if t["kind"] != "STRUCT" or t["name"] == "(anon)":
            continue
        name = t["name"].split("___")[0]
        if name == "user_pt_regs":
            continue
        want.add(("struct", name))
        want |= {("field", f"{name}::{m}") for m in members(t, [])}
    return want


r = subprocess.run([ksurf, "--db", db, "check", *files, "--format", "json"], capture_output=True, text=True)
if r.returncode not in (0, 1):
    print(f"FAIL: dependency lists: ksurf check exited {r.returncode}: {r.stderr.strip()}")
    sys.exit(1)
have = {p["file"]: {(d["kind"], d["name"]) for d in p["dependencies"]} for p in json.loads(r.stdout)["programs"]}
total = found = refused = 0
for f in files:
    data = first_object(f)
    if data is None:
        continue
    obj = os.path.join(out, os.path.basename(f) + ".o")
    open(obj, "wb").write(data)
    want = published(obj)
    if want is None:
        refused += 1
        continue
    miss = sorted(w for w in want if w not in have.get(f, set()))
    total += len(want)
    found += len(want) - len(miss)
    for kind, name in miss:
        print(f"NOTE: dependency lists: {os.path.basename(f)} lacks {kind} {name}")
share = found / total if total else 0
print(f"{'PASS' if total and share >= 0.98 else 'FAIL'}: dependency lists: ksurf lists {found} of the "
      f"{total} struct and field dependencies the published tool's method gives ({100 * share:.1f} %) over "
      f"{len(files) - refused} objects ({refused} refused by libbpf there, as the study lost them)")
