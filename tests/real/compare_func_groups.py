#!/usr/bin/env python3
"""Compare ksurf's func_groups export with the published tool's, group for group.

Usage: compare_func_groups.py REFERENCE.jsonl[.xz] OURS.jsonl

The reference's known defects (docs/reference-defects.md) are normalised away
before comparing: Debian build prefixes in unit paths and callers, unnormalised
".." in declaration paths (and the collision class that follows from them),
callers dropped inside out-of-line copies (ours may list more), and address 0
where the function's DIEs carry only DW_AT_ranges.  Prints PASS/FAIL lines.
"""
import collections
import json
import lzma
import posixpath
import re
import sys

STRIP = re.compile(r"^debian/build/(build|source)_[^/]*/")


def norm_path(p):
    return None if p is None else STRIP.sub("", p)


def norm_loc(loc):
    if loc is None:
        return None
    path, sep, line = loc.rpartition(":")
    if not sep or not line.isdigit():
        path, line = loc, None
    path = posixpath.normpath(norm_path(path))
    return f"{path}:{line}" if line is not None else path


def collision(funcs):
    if len(funcs) == 1:
        return "Unique Global" if funcs[0]["external"] else "Unique Static"
    if len({f["loc"] for f in funcs}) == 1:
        return "Static Duplication"
    if all(not f["external"] for f in funcs):
        return "Static-Static Collision"
    return "Static-Global Collision"


def load(path):
    opener = lzma.open if path.endswith(".xz") else open
    with opener(path, "rt") as f:
        return [json.loads(line) for line in f]


ref, ours = load(sys.argv[1]), load(sys.argv[2])
failed = 0
tolerated = collections.Counter()
problems = collections.Counter()
examples = {}


def report(desc, ok):
    global failed
    print(("PASS: " if ok else "FAIL: ") + desc)
    failed += not ok


report(f"group count {len(ours)} == reference {len(ref)}", len(ours) == len(ref))
report("groups in the reference's order", [g["name"] for g in ours] == [g["name"] for g in ref])
by_name = {g["name"]: g for g in ours}


def problem(kind, example):
    problems[kind] += 1
    examples.setdefault(kind, example)


def contains(small, big):
    cs, cb = collections.Counter(small), collections.Counter(big)
    return all(cb[k] >= n for k, n in cs.items())


for r in ref:
    o = by_name.get(r["name"])
    if o is None:
        problem("missing group", r["name"])
        continue
    for f in r["funcs"]:
        f["file"] = norm_path(f["file"])
        dotdot = f["loc"] is not None and "/../" in f["loc"]
        f["loc"] = norm_loc(f["loc"])
        if dotdot:
            tolerated["'..' in a reference location"] += 1
        f["caller_inline"] = [norm_path(c) for c in f["caller_inline"]]
        f["caller_func"] = [norm_path(c) for c in f["caller_func"]]
    want_collision = collision(r["funcs"])
    if want_collision != r["collision_type"]:
        tolerated["collision class fixed by '..' normalisation"] += 1
    if o["collision_type"] != want_collision:
        problem("collision_type", (r["name"], r["collision_type"], o["collision_type"]))
    if o["inline_type"] != r["inline_type"]:
        problem("inline_type", (r["name"], r["inline_type"], o["inline_type"]))
    if o["symbols"] != r["symbols"]:
        problem("symbols", r["name"])
    if len(o["funcs"]) != len(r["funcs"]):
        problem("entry count", r["name"])
        continue
    for fr, fo in zip(r["funcs"], o["funcs"]):
        for k in ("name", "external", "loc", "file", "inline"):
            if fr[k] != fo[k]:
                problem(f"entry {k}", (r["name"], fr[k], fo[k]))
        if fr["addr"] != fo["addr"]:
            if fr["addr"] == 0:
                tolerated["address the reference left 0 (DW_AT_ranges)"] += 1
            else:
                problem("entry addr", (r["name"], fr["addr"], fo["addr"]))
        for k in ("caller_inline", "caller_func"):
            if fr[k] != fo[k]:
                if contains(fr[k], fo[k]):
                    tolerated[f"{k}: callers inside out-of-line copies"] += 1
                else:
                    problem(k, (r["name"], fr[k][:4], fo[k][:4]))

for kind in ("missing group", "collision_type", "inline_type", "symbols", "entry count",
             "entry name", "entry external", "entry loc", "entry file", "entry inline",
             "entry addr", "caller_inline", "caller_func"):
    n = problems[kind]
    report(f"{kind}: {n} differences" + (f" (e.g. {examples[kind]})" if n else ""), n == 0)
for kind, n in sorted(tolerated.items()):
    print(f"note: {n} x {kind}")
sys.exit(1 if failed else 0)
