#!/usr/bin/env python3
"""A dataset and a site with hostile names in every field a page shows.

Builds a dataset of two fixture images through export, a patch and import (a
downloaded dataset is how such names arrive): a function named with an <img
onerror>, one with terminal controls (clear screen, an OSC title), a struct
named with a <script>, a member whose name holds a newline and a code fence,
and an image flavor (its label) with an <svg onload>; then its site.
tests/test_hostile_names.py checks the site, show, index and diff on it.

Usage: hostile_names.py KSURF FIXTURE_DIR WORK_DIR [--site-only]: builds them
under WORK_DIR/hostile-names, prints a PASS/FAIL line per step and the site's
directory as "SITE: DIR" (for the browser test, tests/browser/hostile.mjs).
"""
import json
import os
import shutil
import subprocess
import sys

IMG = "cold_fn<img src=x onerror=alert(1)>"
# file names: a name with a space and the identifier its old escape gave; the
# kind's index page; a legal C name of 300 characters
SPACE, SPACE_OLD, INDEX, LONG = "cold fn", "cold_20fn", "index", "f" * 300
TERM = "cold_term\x1b[2J\x1b]0;pwned\x07"
SCRIPT = "big<script>alert(2)</script>"
MEMBER = "a\n```\n</code></pre><script>alert(3)</script>"
FLAVOR = "generic<svg/onload=alert(4)>"


def patch_jsonl(path, fn):
    lines = [json.loads(l) for l in open(path)]
    with open(path, "w") as f:
        for o in lines:
            f.write(json.dumps(fn(o)) + "\n")


def rename(o, old, new):
    """Every string equal to OLD (or OLD.suffix) in O, renamed."""
    if isinstance(o, dict):
        return {k: rename(v, old, new) for k, v in o.items()}
    if isinstance(o, list):
        return [rename(v, old, new) for v in o]
    if isinstance(o, str) and (o == old or o.startswith(old + ".")):
        return new + o[len(old):]
    return o


class Hostile:
    """The dataset (w/h.db) and site (w/site) built, each step's result kept:
    added (the two adds), imported, site_built; crashes, every command that died
    by a signal."""

    def __init__(self, ksurf, fx, work):
        self.ksurf, self.fx = ksurf, fx
        self.w = w = os.path.join(work, "hostile-names")
        shutil.rmtree(w, ignore_errors=True)
        os.makedirs(w)
        self.crashes = []
        src = os.path.join(w, "src.db")
        self.added = [(img, self.run("add", "--name", name, os.path.join(fx, img), db=src))
                      for name, img in (("e", "vmlinux-upstream"), ("f", "vmlinux-upstream"))]
        self.run("export", os.path.join(w, "exp"), db=src)
        for name in ("e", "f"):
            exp = os.path.join(w, "exp")
            renames = (("cold_fn", IMG), ("fixture_sink", TERM), ("fixture_fail", SPACE),
                       ("cp_fn", SPACE_OLD), ("full_fn", INDEX), ("global_fn", LONG))

            def all_renames(o):
                for old, new in renames:
                    o = rename(o, old, new)
                return o
            for sub in ("func_groups", "symtab"):
                patch_jsonl(f"{exp}/{sub}/{name}.jsonl", all_renames)

            def struct(o):
                o = rename(o, "big", SCRIPT)
                if o.get("name") == SCRIPT and name == "f":
                    o["members"][0]["name"] = MEMBER
                return o
            patch_jsonl(f"{exp}/types_struct/{name}.jsonl", struct)
            p = f"{exp}/image/{name}.json"
            o = json.load(open(p))
            o["flavor"] = FLAVOR if name == "f" else o["flavor"]
            json.dump(o, open(p, "w"))
        self.imported = self.run("import", os.path.join(w, "exp"))
        self.site = os.path.join(w, "site")
        self.site_built = self.run("site", self.site, "--baseline", "e")

    def run(self, *args, db=None):
        r = subprocess.run([self.ksurf, "--db", db or os.path.join(self.w, "h.db"), *args], capture_output=True,
                           timeout=300)
        if r.returncode < 0:
            self.crashes.append(f"{' '.join(args)}: signal {-r.returncode}")
        return r


if __name__ == "__main__":
    ksurf, fx, work = sys.argv[1:4]
    h = Hostile(ksurf, fx, work)
    steps = [(f"fixture {img} added", r) for img, r in h.added] + \
        [("the patched export imports", h.imported), ("site builds", h.site_built)]
    for desc, r in steps:
        print(f"{'PASS' if r.returncode == 0 else 'FAIL'}: hostile names: {desc}"
              f"{'' if r.returncode == 0 else ': ' + r.stderr.decode()}")
    for crash in h.crashes:
        print(f"FAIL: hostile names: {crash}")
    print(f"SITE: {h.site}")
    sys.exit(1 if h.crashes or any(r.returncode for _, r in steps) else 0)
