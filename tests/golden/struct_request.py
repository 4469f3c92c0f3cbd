#!/usr/bin/env python3
"""struct_request.py OUTDIR — the dataset behind examples/struct-request.md.

struct request's members per image are in data/struct-request.txt, one C
declaration per line as the page shows them; this script turns each
declaration into the normalized type of the published types_struct layout
(the few forms that occur: base types, typedefs, struct/enum tags, the
anonymous struct, pointers, one-dimensional arrays).  Offsets are not shown on
the page and do not count as changes (SPEC §7): members get consecutive
64-bit slots.  The Differences the page lists are not in the data.
"""
import json
import os
import re
import sys

out = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
BASE = {"int", "unsigned int", "short unsigned int", "long unsigned int", "unsigned char",
        "long long unsigned int", "char"}


def base_type(text):
    if text == "void":
        return {"name": "void", "kind": "VOID"}
    if text in BASE:
        return {"kind": "INT", "name": text}
    kw, _, tag = text.partition(" ")
    if kw == "struct":
        return {"kind": "STRUCT", "name": tag}
    if kw == "enum":
        return {"kind": "ENUM", "name": tag, "size": 4}
    return {"kind": "TYPEDEF", "name": text}


def member(decl):
    """'TYPE [*]NAME[[N]];' -> (name, type)."""
    m = re.fullmatch(r"(.+?) (\**)(\w+)(?:\[(\d+)\])?;", decl)
    if not m:
        raise SystemExit(f"struct-request.txt: cannot read {decl!r}")
    ty = base_type(m.group(1))
    for _ in m.group(2):
        ty = {"kind": "PTR", "type": ty}
    if m.group(4):
        ty = {"kind": "ARRAY", "name": "(anon)", "nr_elems": int(m.group(4)), "type": ty}
    return m.group(3), ty


images = {}
with open(os.path.join(here, "data", "struct-request.txt")) as f:
    current = []
    for line in f:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line[1:-1].split()
            for name in current:
                images[name] = []
        else:
            for name in current:
                images[name].append(member(line))

os.makedirs(os.path.join(out, "types_struct"), exist_ok=True)
for name, members in images.items():
    struct = {"kind": "STRUCT", "name": "request", "size": 8 * len(members),
              "members": [{"name": n, "bits_offset": 64 * i, "type": ty}
                          for i, (n, ty) in enumerate(members)]}
    with open(os.path.join(out, "types_struct", name + ".jsonl"), "w") as f:
        f.write(json.dumps(struct) + "\n")
