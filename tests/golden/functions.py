#!/usr/bin/env python3
"""functions.py OUTDIR — the dataset behind the six examples/function-*.md pages.

The function groups (collision, inline, instances with their callers, symbols)
are in data/func-NAME.jsonl, one line per image that has the function: the
Status blocks of each page transcribed into the published func_groups records
(addresses from hex, a symbol's size from its end; an instance's inline status
is "declared, ..." when its location is a header).  What a page computes —
issue marks, labels, groups, Differences — is not in the data.

The prototypes are written below by hand from what each page shows; an image
has a function's BTF prototype exactly where the page shows a ```c block.
Writes func_groups/, symtab/ and types_func/ per image for `ksurf import`.
"""
import json
import os
import sys

from study_images import ALL, version

out = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))


def t(kind, name):
    return {"kind": kind, "name": name}


def ptr(ty):
    return {"kind": "PTR", "type": ty}


def const(ty):
    return {"kind": "CONST", "name": "(anon)", "type": ty}


def proto(name, ret, *params):
    return {"kind": "FUNC", "name": name, "type": {
        "kind": "FUNC_PROTO", "ret_type": ret,
        "params": [{"name": n, "type": ty} for n, ty in params]}}


INT, UINT, VOID = t("INT", "int"), t("INT", "unsigned int"), t("VOID", "void")
REQUEST = ("rq", ptr(t("STRUCT", "request")))

MEMPOOL_ALLOC = proto("mempool_alloc", ptr(VOID), ("pool", ptr(t("TYPEDEF", "mempool_t"))),
                      ("gfp_mask", t("TYPEDEF", "gfp_t")))
VFS_READ = proto("vfs_read", t("TYPEDEF", "ssize_t"), ("file", ptr(t("STRUCT", "file"))),
                 ("buf", ptr(t("INT", "char"))), ("count", t("TYPEDEF", "size_t")),
                 ("pos", ptr(t("TYPEDEF", "loff_t"))))


def vfs_statx(filename):
    return proto("vfs_statx", INT, ("dfd", INT), ("filename", filename), ("flags", INT),
                 ("stat", ptr(t("STRUCT", "kstat"))), ("request_mask", t("TYPEDEF", "u32")))


BIND_THERMAL = proto("__bind", VOID, ("tz", ptr(t("STRUCT", "thermal_zone_device"))),
                     ("mask", INT), ("cdev", ptr(t("STRUCT", "thermal_cooling_device"))),
                     ("limits", ptr(t("INT", "long unsigned int"))), ("weight", UINT))
BIND_DM = proto("__bind", ptr(t("STRUCT", "dm_table")), ("md", ptr(t("STRUCT", "mapped_device"))),
                ("t", ptr(t("STRUCT", "dm_table"))), ("limits", ptr(t("STRUCT", "queue_limits"))))


def prototypes(name):
    """The functions' BTF prototypes in image NAME, as its page shows them."""
    v, regular = version(name), name.endswith("-generic-amd64")
    yield MEMPOOL_ALLOC
    yield VFS_READ
    if v >= (4, 13):
        yield vfs_statx(ptr(t("STRUCT", "filename")) if v >= (5, 19)
                        else ptr(const(t("INT", "char"))))
    if v < (5, 8):
        yield proto("blk_account_io_start", VOID, REQUEST, ("new_io", t("TYPEDEF", "bool")))
    elif v < (5, 19):
        yield proto("blk_account_io_start", VOID, REQUEST)
    # the thermal __bind until 6.2, dm's (the only one left) from 6.5
    yield BIND_DM if v >= (6, 5) and regular else BIND_THERMAL


groups = {name: [] for name in ALL}
for entry in sorted(os.listdir(os.path.join(here, "data"))):
    if entry.startswith("func-"):
        with open(os.path.join(here, "data", entry)) as f:
            for line in f:
                rec = json.loads(line)
                groups[rec["image"]].append(rec["group"])

for sub in ("func_groups", "symtab", "types_func"):
    os.makedirs(os.path.join(out, sub), exist_ok=True)
for name in ALL:
    with open(os.path.join(out, "func_groups", name + ".jsonl"), "w") as f:
        for g in sorted(groups[name], key=lambda g: g["name"]):
            f.write(json.dumps(g) + "\n")
    with open(os.path.join(out, "symtab", name + ".jsonl"), "w") as f:
        for g in groups[name]:
            for s in g["symbols"]:
                f.write(json.dumps({"name": s["name"], "section": s["section"],
                                    "bind": s["bind"], "type": "STT_FUNC",
                                    "visibility": "STV_DEFAULT", "value": s["addr"],
                                    "size": s["size"]}) + "\n")
    with open(os.path.join(out, "types_func", name + ".jsonl"), "w") as f:
        for p in prototypes(name):
            f.write(json.dumps(p) + "\n")
