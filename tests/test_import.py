#!/usr/bin/env python3
"""ksurf import: the published layout back into a dataset (the inverse of export).

Usage: test_import.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import filecmp
import json
import lzma
import os
import shutil
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
check = checks.check


def tree_diff(a, b):
    out = []

    def walk(c, prefix=""):
        out.extend(prefix + f for f in c.diff_files + c.left_only + c.right_only)
        for sub, sc in c.subdirs.items():
            walk(sc, prefix + sub + "/")
    walk(filecmp.dircmp(a, b))
    return out


src = checks.fresh(ksurf, work, "imp-src.db")
src("add", os.path.join(fixdir, "linux-image-5.4.0-26-generic-dbgsym.ddeb"),
    os.path.join(fixdir, "linux-image-5.4.0-26-generic.deb"))
src("add", "--name", "fx-raw", os.path.join(fixdir, "fixture.btf"))
one = os.path.join(work, "imp-one")
shutil.rmtree(one, ignore_errors=True)
src("export", one)
dst = checks.fresh(ksurf, work, "imp-dst.db")
r = dst("import", one)
check("import exits 0", (r.returncode, r.stderr), (0, ""))
check("one line per image", len(r.stdout.splitlines()), 2)
two = os.path.join(work, "imp-two")
shutil.rmtree(two, ignore_errors=True)
dst("export", two)
check("export, import, export: the same files", tree_diff(one, two), [])
ident = ("name", "kind", "release", "version", "abi", "flavor", "arch", "distro", "banner", "compiler",
         "syscalls", "types")
rows = [[{k: row[k] for k in ident} for row in map(json.loads, db("list", "--format", "jsonl").stdout.splitlines())]
        for db in (src, dst)]
check("...and the same identity and counts in the dataset", rows[1], rows[0])
r = dst("show", "func", "coll_ss", "--image", "5.4.0-26-generic-amd64")
check("an imported image shows as the original", r.stdout,
      src("show", "func", "coll_ss", "--image", "5.4.0-26-generic-amd64").stdout)

# xz-compressed files, as the published dataset ships them
xzd = os.path.join(work, "imp-xz")
shutil.rmtree(xzd, ignore_errors=True)
shutil.copytree(one, xzd)
for sub in ("func_groups", "types_struct"):
    p = os.path.join(xzd, sub, "5.4.0-26-generic-amd64.jsonl")
    with open(p, "rb") as f, lzma.open(p + ".xz", "wb") as g:
        g.write(f.read())
    os.remove(p)
x = checks.fresh(ksurf, work, "imp-xz.db")
r = x("import", xzd, "--image", "5.4.0-26-generic-amd64")
three = os.path.join(work, "imp-three")
shutil.rmtree(three, ignore_errors=True)
x("export", three)
same = all(filecmp.cmp(os.path.join(one, sub, "5.4.0-26-generic-amd64.jsonl"),
                       os.path.join(three, sub, "5.4.0-26-generic-amd64.jsonl"), shallow=False)
           for sub in ("func_groups", "types_struct"))
check(".jsonl.xz files read as .jsonl", (r.returncode, same), (0, True))

# untrusted files: a clear error naming file and line, the other images still land
bad = os.path.join(work, "imp-bad")
shutil.rmtree(bad, ignore_errors=True)
shutil.copytree(one, bad)
with open(os.path.join(bad, "func_groups", "5.4.0-26-generic-amd64.jsonl"), "a") as f:
    f.write('{"name": "broken", "collision_type": "Unique Global", "funcs": [\n')
b = checks.fresh(ksurf, work, "imp-bad.db")
r = b("import", bad)
check("a malformed line: exit 2, one line naming file and line",
      (r.returncode, len(r.stderr.splitlines()), "5.4.0-26-generic-amd64.jsonl:" in r.stderr),
      (2, 1, True))
check("...the other image landed", b("list", "--format", "jsonl").stdout.count("\n"), 1)
r = checks.fresh(ksurf, work, "imp-none.db")("import", os.path.join(fixdir, "linux"))
check("not a dataset directory: exit 2", (r.returncode, "published layout" in r.stderr), (2, True))
sys.exit(1 if checks.failed else 0)
