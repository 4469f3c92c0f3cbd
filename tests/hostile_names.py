#!/usr/bin/env python3
"""Hostile names in every field a page shows: the site, show, index and diff.

Usage: hostile_names.py KSURF FIXTURE_DIR WORK_DIR [--site-only].  Builds a dataset
of two fixture images through export, a patch and import (a downloaded dataset
is how such names arrive): a function named with an <img onerror>, one with
terminal controls (clear screen, an OSC title), a struct named with a <script>,
a member whose name holds a newline and a code fence, and an image flavor
(its label) with an <svg onload>.  Then:
  - no page of `ksurf site` holds any of those as markup (only escaped);
  - `show`, `index`, `diff` in md hold no raw markup, in text no control byte;
  - with --site-only, prints the site's directory (for the browser test).
Prints PASS/FAIL lines.
"""
import json
import os
import re
import shutil
import subprocess
import sys

ksurf, fx, work = sys.argv[1:4]
site_only = "--site-only" in sys.argv
w = os.path.join(work, "hostile-names")
shutil.rmtree(w, ignore_errors=True)
os.makedirs(w)
failed = 0


def check(desc, ok, detail=""):
    global failed
    failed += not ok
    print(f"{'PASS' if ok else 'FAIL'}: hostile names: {desc}{'' if ok else ': ' + detail}")


def run(*args, db=None):
    r = subprocess.run([ksurf, "--db", db or os.path.join(w, "h.db"), *args], capture_output=True,
                       timeout=300)
    if r.returncode == -11 or r.returncode < 0:
        check(f"{' '.join(args)} does not crash", False, f"signal {-r.returncode}")
    return r


IMG = "cold_fn<img src=x onerror=alert(1)>"
# file names: a name with a space and the identifier its old escape gave; the
# kind's index page; a legal C name of 300 characters
SPACE, SPACE_OLD, INDEX, LONG = "cold fn", "cold_20fn", "index", "f" * 300
TERM = "cold_term\x1b[2J\x1b]0;pwned\x07"
SCRIPT = "big<script>alert(2)</script>"
MEMBER = "a\n```\n</code></pre><script>alert(3)</script>"
FLAVOR = "generic<svg/onload=alert(4)>"
src = os.path.join(w, "src.db")
for name, img in (("e", "vmlinux-upstream"), ("f", "vmlinux-upstream")):
    r = run("add", "--name", name, os.path.join(fx, img), db=src)
    check(f"fixture {img} added", r.returncode == 0, r.stderr.decode())
run("export", os.path.join(w, "exp"), db=src)


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
r = run("import", os.path.join(w, "exp"))
check("the patched export imports", r.returncode == 0, r.stderr.decode())
site = os.path.join(w, "site")
r = run("site", site, "--baseline", "e")
check("site builds", r.returncode == 0, r.stderr.decode())
if site_only:
    print(f"SITE: {site}")
    sys.exit(1 if failed else 0)

RAW = re.compile(rb"<img src=x|<svg/onload|<script>alert|\x1b")
FENCE = re.compile(rb"^```.*?^```$", re.M | re.S)  # Markdown code: shown as it is
bad, pages, hostile_pages = [], 0, 0
for root, _, files in os.walk(site):
    for f in files:
        if not f.endswith(".html"):
            continue
        data = open(os.path.join(root, f), "rb").read()
        pages += 1
        hostile_pages += b"&lt;img src=x onerror=alert(1)&gt;" in data or b"&lt;script&gt;" in data
        if RAW.search(data):
            bad.append(os.path.relpath(os.path.join(root, f), site))
check(f"{pages} site pages, {hostile_pages} showing a hostile name escaped, none as markup",
      pages > 20 and hostile_pages >= 3 and not bad, f"raw markup in {bad[:5]}")
# a function's page is func/SHARD/FILE.html
func = [f for d in os.listdir(os.path.join(site, "func")) if os.path.isdir(os.path.join(site, "func", d))
        for f in os.listdir(os.path.join(site, "func", d))]
fn_pages = [f for f in func if f.startswith("cold_fn")]
check(f"the <img> function has its own page ({fn_pages})", len(fn_pages) >= 1)

groups = set(json.loads(l)["name"] for l in open(os.path.join(w, "exp", "func_groups", "e.jsonl")))
want = {SPACE: "cold-20fn.html", SPACE_OLD: "cold_20fn.html", INDEX: "-69ndex.html"}
present = {n: f for n, f in want.items() if n in groups}
check(f"file names: {sorted(present.values())} for {sorted(present)}, the index page kept",
      len(present) == 3 and all(f in func for f in present.values()) and
      "Functions" in open(os.path.join(site, "func", "index.html")).read(), f"func/ holds {sorted(func)[:40]}")
longs = [f for f in func if f.startswith("fff")]
check(f"a 300-character name: one page, {len(longs[0]) if longs else 0} bytes of file name, hashed",
      LONG in groups and len(longs) == 1 and len(longs[0]) <= 205 and "--" in longs[0], str(longs))
rows = run("index", "func", "--format", "jsonl", "--baseline", "e").stdout.decode().splitlines()
n_func = len(func)
check(f"one page per function of the index ({n_func} pages, {len(rows)} rows)", n_func == len(rows) > 20)
# a rebuild into the same directory: a stale page and a dead run's temporary
# file removed, a live page untouched; a symlink planted at a page replaced, not followed
stale = os.path.join(site, "func", "co", "gone_function.html")
open(stale, "w").write("old")
dead = os.path.join(site, "func", "co", ".vfs_read.html.tmp-AbC123")
open(dead, "w").write("half")
outside = os.path.join(w, "outside.txt")
open(outside, "w").write("keep me")
planted = os.path.join(site, "func", "co", want[SPACE])
os.unlink(planted)
os.symlink(outside, planted)
r = run("site", site, "--baseline", "e")
check(f"a rebuild: {r.stdout.decode().strip()}", r.returncode == 0 and b"1 stale removed" in r.stdout,
      r.stderr.decode())
check("the stale page and the dead run's temporary file are gone",
      not os.path.exists(stale) and not os.path.exists(dead))
check("a symlink planted at a page is replaced by the page, its target untouched",
      not os.path.islink(planted) and open(outside).read() == "keep me" and
      "cold fn" in open(planted).read())

# two checked objects with the same file name: a page each
objs = []
for d in ("one", "two"):
    os.makedirs(os.path.join(w, d), exist_ok=True)
    objs.append(os.path.join(w, d, "mini.bpf.o"))
    shutil.copyfile(os.path.join(fx, "mini.bpf.o"), objs[-1])
r = run("site", os.path.join(w, "site2"), "--baseline", "e", "--check", objs[0], "--check", objs[1])
progs = sorted(os.listdir(os.path.join(w, "site2", "programs"))) if r.returncode == 0 else []
check(f"two objects named mini.bpf.o: pages {progs}", progs == ["index.html", "mini--2.html",
                                                                "mini.html"], r.stderr.decode())

for what, args in (("show func md", ("show", "func", IMG, "--format", "md")),
                   ("show struct md", ("show", "struct", SCRIPT, "--format", "md")),
                   ("index func md", ("index", "func", "--format", "md")),
                   ("diff md", ("diff", "e", "f", "--format", "md"))):
    r = run(*args, "--baseline", "e") if args[0] == "index" or args[0] == "show" else run(*args)
    out = FENCE.sub(b"", r.stdout)
    check(f"{what}: exit 0, no raw markup", r.returncode == 0 and not RAW.search(out),
          f"exit {r.returncode} {r.stderr.decode()[:200]} {RAW.findall(out)[:3]}")
for what, args in (("show func text", ("show", "func", TERM)),
                   ("index func text", ("index", "func", "--format", "text")),
                   ("list", ("list",))):
    r = run(*args)
    check(f"{what}: exit 0, no control byte but newlines", r.returncode == 0 and
          not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", r.stdout) and b"cold_term\\x1b[2J" in r.stdout
          if args[0] != "list" else r.returncode == 0 and b"\x1b" not in r.stdout,
          f"exit {r.returncode} {r.stderr.decode()[:200]} {r.stdout[:300]!r}")
# bytes no import takes (not UTF-8), written into the dataset itself: a lead byte
# 0xC2 before ESC, BEL and the 8-bit CSI must not let those through
import sqlite3
con = sqlite3.connect(os.path.join(w, "h.db"))
con.execute("UPDATE image_syscalls SET name = CAST(X'6f6e65c21b5b324a' AS TEXT) WHERE nr = "
            "(SELECT min(nr) FROM image_syscalls)")
con.execute("UPDATE image_syscalls SET name = CAST(X'74776fc207c2c29b' AS TEXT) WHERE nr = "
            "(SELECT max(nr) FROM image_syscalls)")
con.commit()
con.close()
r = run("index", "syscall", "--format", "text", "--baseline", "e")
out = r.stdout
check("index with 0xC2 before ESC, BEL and CSI: shown as \\xc2, nothing raw",
      r.returncode == 0 and not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", out) and
      b"one\\xc2\\x1b[2J" in out and b"two\\xc2\\x07\\xc2\\u009b" in out,
      f"exit {r.returncode} {r.stderr.decode()[:200]} {out[:300]!r}")
# a damaged dataset: index --format json prints nothing rather than half a document
shutil.copyfile(os.path.join(w, "h.db"), os.path.join(w, "damaged.db"))
con = sqlite3.connect(os.path.join(w, "damaged.db"))
con.execute("UPDATE func_groups SET inline = 'bogus'")
con.commit()
con.close()
r = run("index", "func", "--format", "json", "--baseline", "e", db=os.path.join(w, "damaged.db"))
check("index --format json over a damaged dataset: exit 2, nothing on stdout",
      (r.returncode, r.stdout) == (2, b""), f"exit {r.returncode}, stdout {r.stdout[:120]!r}")
r = run("show", "func", TERM + "x")
err = r.stderr
check("an error naming a hostile name is one line without control bytes",
      r.returncode == 2 and err.count(b"\n") == 1 and b"\x1b" not in err, repr(err[:300]))
sys.exit(1 if failed else 0)
