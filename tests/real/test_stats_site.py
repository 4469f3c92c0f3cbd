#!/usr/bin/env python3
"""ksurf stats and ksurf site on the real images of the report-page tests.

Usage: test_stats_site.py KSURF DB SITE_DIR BASELINE TOOL...
Prints PASS/FAIL lines; the site is left in SITE_DIR for the browser test.
"""
import csv
import io
import json
import os
import subprocess
import sys
import time

ksurf, db, site, base = sys.argv[1:5]
tools = sys.argv[5:]
failed = 0


def check(desc, ok):
    global failed
    print(("PASS: " if ok else "FAIL: ") + desc)
    failed += not ok


def run(*args):
    return subprocess.run([ksurf, "--db", db, *args], capture_output=True, text=True)


r = run("stats", "--baseline", base, "--format", "json")
doc = json.loads(r.stdout) if r.returncode == 0 else {"tables": []}
check(f"stats --format json: one document (exit {r.returncode})", r.returncode == 0 and doc["tables"])
tables = {t["id"]: t for t in doc["tables"]}
want = ["versions", "issues", "configs", "revisions", "collisions", "inline", "suffixes"]
check(f"stats: every table filled ({[(i, len(tables.get(i, {}).get('rows', []))) for i in want]})",
      all(tables.get(i, {}).get("rows") for i in want))


def rows(tid):
    t = tables.get(tid, {"columns": [], "rows": []})
    return [dict(zip(t["columns"], r)) for r in t["rows"]]


images = [json.loads(l) for l in run("list", "--format", "jsonl").stdout.splitlines()]
text = run("list").stdout.splitlines()
check(f"list: real images, every line within 100 columns (widest {max(map(len, text))})",
      len(text) > 3 * len(images) and max(map(len, text)) <= 100)
inl = rows("inline")
check(f"stats: per image, inline shares sum to 100 % ({[round(x['not %'] + x['full %'] + x['selective %'], 2) for x in inl]})",
      len(inl) == len(images) and all(abs(x["not %"] + x["full %"] + x["selective %"] - 100) < 0.02 for x in inl))
check("stats: per image, not + full + selective = the groups",
      all(x["not"] + x["full"] + x["selective"] == x["groups"] for x in inl))
col = rows("collisions")
by_name = {i["name"]: i for i in images}
check("stats: per image, the collision classes sum to the group count, which `ksurf list` gives",
      len(col) == len(images) and
      all(x["UG"] + x["US"] + x["DUP"] + x["SS"] + x["SG"] == x["groups"] == by_name[x["image"]]["func_groups"] for x in col))
suf = rows("suffixes")
check(f"stats: transformed symbols per suffix, each image with its compiler ({[(x['image'], x['total']) for x in suf]})",
      len(suf) == len(images) and all(x["total"] > 100 and "GCC" in x["compiler"] for x in suf))
# the 6.1 -> 6.12 row against `ksurf diff`
ver = [x for x in rows("versions") if x["group"] == "Regular"]
agree = []
for x in ver:
    d = json.loads(run("diff", x["old"], x["new"], "--kind", x["kind"], "--format", "json").stdout)["kinds"][0]
    agree.append((x["kind"], (x["added"], x["removed"], x["changed"]) == (len(d["added"]), len(d["removed"]), len(d["changed"]))))
check(f"stats: the 6.1 -> 6.12 rows' added/removed/changed equal ksurf diff's ({agree})",
      len(agree) == 3 and all(ok for _, ok in agree))
rev = rows("revisions")
check(f"stats: the Revision group's pair ({rev[0]['old'] if rev else None} -> {rev[0]['new'] if rev else None}), every kind",
      len({x["kind"] for x in rev}) == 9)
cfg = rows("configs")
with_config = all(i["config_entries"] > 0 for i in images)
check(f"stats: Arch and Flavor images against the baseline ({sorted({x['image'] for x in cfg})}), "
      f"config options {'compared' if with_config else 'absent from these images'}",
      len({x["image"] for x in cfg}) == 3 and all(x["baseline"] == base for x in cfg) and
      any(x["kind"] == "func" and x["added"] + x["removed"] > 0 for x in cfg) and
      (not with_config or any(x["kind"] == "config" and x["added"] + x["removed"] + x["changed"] > 0 for x in cfg)))
r = run("stats", "--baseline", base, "--format", "csv", "--table", "inline")
csv_rows = list(csv.reader(io.StringIO(r.stdout)))
check("stats --format csv --table inline: a header and a row per image",
      r.returncode == 0 and csv_rows[0][:2] == ["image", "groups"] and len(csv_rows) == len(images) + 1)
r = run("stats", "--table", "nope")
check("stats --table nope: one error line, exit 2", r.returncode == 2 and len(r.stderr.splitlines()) == 1)

# the site: every kind, the tools as programs
t0 = time.monotonic()
r = run("site", site, "--baseline", base, *sum((["--check", t] for t in tools), []))
t1 = time.monotonic() - t0
print("NOTE: " + r.stdout.strip())
check(f"site: generated in {t1:.1f} s (exit {r.returncode})", r.returncode == 0)
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs)
n_files = sum(len(fs) for _, _, fs in os.walk(site))
print(f"NOTE: site size {size / 1e6:.1f} MB in {n_files} files")
snap = {os.path.join(d, f): os.stat(os.path.join(d, f)).st_mtime_ns for d, _, fs in os.walk(site) for f in fs}
r2 = run("site", site, "--baseline", base, *sum((["--check", t] for t in tools), []))
after = {os.path.join(d, f): os.stat(os.path.join(d, f)).st_mtime_ns for d, _, fs in os.walk(site) for f in fs}
check(f"site: a second run rewrites no file ({r2.stdout.strip()})",
      r2.returncode == 0 and snap == after and " 0 written" in r2.stdout)
kinds = ["func", "struct", "union", "enum", "tracepoint", "lsm", "kfunc", "syscall"]
counts = {k: sum(len(os.listdir(os.path.join(site, k, d))) for d in os.listdir(os.path.join(site, k))
              if os.path.isdir(os.path.join(site, k, d)))
          for k in kinds if os.path.isdir(os.path.join(site, k))}
check(f"site: a page per dependency of every kind ({counts})", len(counts) == 8 and all(counts.values())
      and counts["func"] > 80000 and counts["struct"] > 7000)
idx = [json.loads(l) for l in run("index", "struct", "--baseline", base, "--format", "jsonl").stdout.splitlines()]
check(f"site: the struct pages are the index's rows ({len(idx)})", counts.get("struct") == len(idx))
page = open(os.path.join(site, "func", "me", "mempool_alloc.html"), encoding="utf-8").read()
md = run("show", "func", "mempool_alloc", "--baseline", base, "--format", "md").stdout
check("site: mempool_alloc's page holds the report page's Status items (as `ksurf show`)",
      page.count("<details>") == md.count("<details>") > 0 and md.count("<summary>") == page.count("<summary>"))
progs = [f for f in os.listdir(os.path.join(site, "programs")) if f != "index.html"]
check(f"site: a page per checked program ({len(progs)} for {len(tools)} tools)", len(progs) == len(tools))
bt = open(os.path.join(site, "programs", "biotop.html"), encoding="utf-8").read() if "biotop.html" in progs else ""
check("site: biotop's matrix links request::__data_len to struct request's page",
      'href="../struct/re/request.html"><code>request::__data_len</code>' in bt)
import shutil
if shutil.which("tidy"):
    bad = []
    for f in ["index.html", "programs/index.html", "programs/biotop.html", "func/me/mempool_alloc.html",
              "struct/re/request.html", "tracepoint/bl/block_rq_issue.html", "func/letter-m.html"]:
        t = subprocess.run(["tidy", "-q", "-e", os.path.join(site, f)], capture_output=True, text=True)
        if t.returncode >= 2:
            bad.append((f, t.stderr.splitlines()[:2]))
    check(f"site: HTML Tidy finds no HTML5 error in the front, program, report and index pages {bad[:2]}", not bad)
sys.exit(1 if failed else 0)
