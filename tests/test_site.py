#!/usr/bin/env python3
"""ksurf stats and ksurf site on the study's dataset (tests/golden/functions.py, 25 images).

Usage: test_site.py KSURF WORK_DIR (after test_pages.py wrote WORK_DIR/golden-functions).
Prints one PASS/FAIL line per check.
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys

import checks

ksurf, work = sys.argv[1:3]
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(work, "golden-functions")
if not os.path.isdir(data):
    print("SKIPPED: stats and site: no golden-functions dataset (the published examples are missing)")
    sys.exit(0)
sys.path.insert(0, os.path.join(here, "golden"))
from study_images import BASELINE  # noqa: E402

check = checks.check
run = checks.fresh(ksurf, work, "site.db")
run("import", data)

# stats
r = run("stats", "--baseline", BASELINE, "--format", "json")
doc = json.loads(r.stdout) if r.returncode == 0 else {"tables": []}
tables = {t["id"]: [dict(zip(t["columns"], row)) for row in t["rows"]] for t in doc["tables"]}
check("stats: one JSON document around the baseline", (r.returncode, doc.get("baseline")), (0, BASELINE))
images = [json.loads(l) for l in run("list", "--format", "jsonl").stdout.splitlines()]
regular = [x for x in tables.get("versions", []) if x["group"] == "Regular"]
check("stats versions: a row per kind for each consecutive pair of the Regular group",
      (len(regular), sorted({x["kind"] for x in regular})), (3 * 16, ["func", "struct", "tracepoint"]))
pair = [x for x in regular if x["kind"] == "func" and x["new"].startswith("4.13")][0]
d = json.loads(run("diff", pair["old"], pair["new"], "--kind", "func", "--format", "json").stdout)["kinds"][0]
check(f"stats versions: {pair['old']} -> {pair['new']} as ksurf diff counts it",
      (pair["added"], pair["removed"], pair["changed"]), (len(d["added"]), len(d["removed"]), len(d["changed"])))
check("stats versions: the shares are of the old image's count",
      round(pair["added %"], 2), round(100 * pair["added"] / pair["old count"], 2) if pair["old count"] else 0)
inl = tables.get("inline", [])
check("stats inline: a row per image, shares summing to 100 %",
      (len(inl), all(abs(x["not %"] + x["full %"] + x["selective %"] - 100) < 0.02 for x in inl if x["groups"])),
      (len(images), True))
col = tables.get("collisions", [])
check("stats collisions: the classes sum to the groups",
      all(x["UG"] + x["US"] + x["DUP"] + x["SS"] + x["SG"] == x["groups"] for x in col) and len(col) == len(images), True)
check("stats configs: the Arch and Flavor images against the baseline",
      sorted({x["group"] for x in tables.get("configs", [])}), ["Arch", "Flavor"])
r = run("stats", "--format", "md", "--baseline", BASELINE)
check("stats --format md: a section per table", r.stdout.count("\n## "), len(doc["tables"]))
for tid in ("collisions", "versions"):
    r = run("stats", "--baseline", BASELINE, "--format", "json", "--table", tid)
    one = json.loads(r.stdout)["tables"] if r.returncode == 0 else []
    check(f"stats --table {tid}: that table alone, as the whole run has it",
          one, [t for t in doc["tables"] if t["id"] == tid])
r = run("stats", "--table", "programs")
check("stats --table programs without --check: one error line, exit 2", (r.returncode, len(r.stderr.splitlines())), (2, 1))
r = run("stats", "--format", "xml")
check("stats --format xml: a usage error", (r.returncode, len(r.stderr.splitlines())), (2, 1))

# the site
site, site2 = os.path.join(work, "site"), os.path.join(work, "site2")
shutil.rmtree(site, ignore_errors=True)
shutil.rmtree(site2, ignore_errors=True)
r = run("site", site, "--baseline", BASELINE)
check(f"site: built ({r.stdout.strip()})", (r.returncode, r.stderr), (0, ""))
files = sorted(os.path.relpath(os.path.join(dp, f), site) for dp, _, fs in os.walk(site) for f in fs)
check("site: the front page, search, style, figures, an index per kind",
      all(f in files for f in ["index.html", "search.html", "search.js", "search-index.js", "style.css",
                               "figures/inline.svg", "figures/suffixes.svg", "figures/changes.svg",
                               "func/index.html", "func/letter-m.html", "lsm/index.html", "syscall/index.html"]), True)
idx = [json.loads(l)["name"] for l in run("index", "func", "--baseline", BASELINE, "--format", "jsonl").stdout.splitlines()]
pages = sorted(os.path.basename(f)[:-5] for f in files if f.startswith("func/") and f.count("/") == 2)
check("site: a page per row of `ksurf index func`", pages, sorted(idx))
example = os.path.join(here, "..", "..", "shared", "examples", "function-mempool_alloc.md")
page = open(os.path.join(site, "func", "me", "mempool_alloc.html"), encoding="utf-8").read()
md = open(example, encoding="utf-8").read() if os.path.exists(example) else run("show", "func", "mempool_alloc").stdout
check("site: mempool_alloc's page has the published page's Status items and code blocks",
      (page.count("<details>"), page.count("<pre><code")), (md.count("<details>"), md.count("```") // 2))


class Links(html.parser.HTMLParser):
    VOID = {"meta", "link", "input", "img", "br", "hr"}

    def __init__(self):
        super().__init__()
        self.links, self.stack, self.bad = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("href", "src"):
            if a.get(k) and not a[k].startswith(("http:", "https:", "#")):
                self.links.append(a[k].split("?")[0].split("#")[0])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.bad.append(tag)
        else:
            self.stack.pop()


broken, unbalanced, n_html = [], [], 0
for f in files:
    if not f.endswith(".html"):
        continue
    n_html += 1
    p = Links()
    p.feed(open(os.path.join(site, f), encoding="utf-8").read())
    if p.bad or p.stack:
        unbalanced.append(f)
    for link in p.links:
        if link and not os.path.exists(os.path.normpath(os.path.join(site, os.path.dirname(f), link))):
            broken.append((f, link))
check(f"site: every link of the {n_html} pages leads to a file of the site", broken[:3], [])
check("site: every page's tags are balanced", unbalanced[:3], [])
if shutil.which("tidy"):
    bad = []
    for f in ["index.html", "search.html", "func/index.html", "func/letter-m.html", "func/me/mempool_alloc.html",
              "struct/re/request.html", "programs/index.html"]:
        t = subprocess.run(["tidy", "-q", "-e", os.path.join(site, f)], capture_output=True, text=True)
        if t.returncode >= 2:
            bad.append((f, t.stderr.splitlines()[:2]))
    check("site: HTML Tidy finds no error in the pages (HTML5)", bad, [])
r = run("site", site, "--baseline", BASELINE)
check("site: a second run rewrites nothing", (r.returncode, " 0 written," in r.stdout), (0, True))
run("site", site2, "--baseline", BASELINE)
diff = subprocess.run(["diff", "-r", site, site2], capture_output=True, text=True)
check("site: two builds give identical bytes", (diff.returncode, diff.stdout[:200]), (0, ""))
os.remove(os.path.join(site, "func", "me", "mempool_alloc.html"))
with open(os.path.join(site, "func", "vf", "vfs_read.html"), "a") as f:
    f.write("edited")
r = run("site", site, "--baseline", BASELINE)
check("site: a run after two pages changed rewrites those two", (r.returncode, " 2 written," in r.stdout), (0, True))
r = run("site")
check("site without DIR: a usage error", (r.returncode, r.stderr.startswith("ksurf site: missing DIR")), (2, True))
shutil.rmtree(site2, ignore_errors=True)
sys.exit(1 if checks.failed else 0)
