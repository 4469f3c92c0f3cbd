#!/usr/bin/env python3
"""ksurf diff between the fixture kernel and its next "version" (built with -DFX_V2).

Usage: test_diff.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import json
import os
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
check = checks.check
run = checks.fresh(ksurf, work, "diff.db")
run("add", "--name", "v1", os.path.join(fixdir, "vmlinux-upstream"))
run("add", "--name", "v2", os.path.join(fixdir, "vmlinux-v2"))
r = run("diff", "v1", "v2", "--format", "json")
check("diff exits 0", (r.returncode, r.stderr), (0, ""))
doc = json.loads(r.stdout)
check("json is one document naming both images", (doc["old"], doc["new"], len(doc["kinds"])), ("v1", "v2", 9))
kinds = {d["kind"]: d for d in doc["kinds"]}
r = run("diff", "v1", "v2", "--format", "jsonl")
check("jsonl: one kind per line, the same objects",
      [json.loads(line) for line in r.stdout.splitlines()], doc["kinds"])
check("every kind, in order", list(kinds),
      ["func", "struct", "union", "enum", "tracepoint", "lsm", "kfunc", "syscall", "config"])
f = {c["name"]: c["changes"] for c in kinds["func"]["changed"]}
check("function changes: added, removed, reordered (all names), in that order",
      f.get("shapes_params"),
      [{"issue": "Param added", "old": "long int flags", "new": None},
       {"issue": "Param removed", "old": "int (*cb)(int, int)", "new": None},
       {"issue": "Param reordered", "old": "cb, argv, p", "new": "flags, p, argv"}])
check("return type changed", f.get("shapes_void"),
      [{"issue": "Return type changed", "old": "void", "new": "int"}])
check("union field added", kinds["union"]["changed"],
      [{"name": "shape_union", "changes": [{"issue": "Field added", "old": "int extra", "new": None}]}])
check("enum value added and changed", kinds["enum"]["changed"],
      [{"name": "small_enum", "changes": [
          {"issue": "Value added", "old": "SMALL_C = 7", "new": None},
          {"issue": "Value changed", "old": "SMALL_B = 5", "new": "SMALL_B = 6"}]}])
# the fixture's table has 4 entries, two of them the ni_syscall placeholder: 2 system calls
check("counts", [(kinds[k]["old"], kinds[k]["new"], len(kinds[k]["added"]), len(kinds[k]["removed"]))
                 for k in ("func", "struct", "syscall")], [(32, 32, 0, 0), (9, 9, 0, 0), (2, 2, 0, 0)])
check("issue counts", kinds["func"]["issues"],
      {"Param added": 1, "Param removed": 1, "Param reordered": 1, "Return type changed": 1,
       "Full Inline": 1})
check("a function fully inlined in v2 is changed, not removed: Full Inline",
      ([c for c in kinds["func"]["changed"] if c["name"] == "shapes_step"], "shapes_step" in kinds["func"]["removed"]),
      ([{"name": "shapes_step", "changes": [{"issue": "Full Inline", "old": "No", "new": "Full"}]}], False))
r = run("diff", "v1", "v1", "--format", "jsonl")
check("an image against itself: nothing changed",
      sum(len(d["added"]) + len(d["removed"]) + len(d["changed"]) for d in map(json.loads, r.stdout.splitlines())), 0)
r = run("diff", "v1", "nope")
check("unknown image: exit 2, one line", (r.returncode, r.stderr.strip()),
      (2, "ksurf: diff: no image named nope in the dataset"))
r = run("diff", "v1", "v2", "--kind", "bogus")
check("unknown kind: exit 2", r.returncode, 2)
sys.exit(1 if checks.failed else 0)
