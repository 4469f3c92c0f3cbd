"""ksurf stats and ksurf site on the study's dataset (tests/golden/functions.py, 25 images)."""
import html.parser
import json
import os
import shutil
import subprocess

import pytest

from conftest import EXAMPLES, HERE, ksurf_runner

import sys
sys.path.insert(0, os.path.join(HERE, "golden"))
from study_images import BASELINE  # noqa: E402


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return str(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def run(ksurf, golden, work):
    if not os.path.exists(os.path.join(EXAMPLES, "function-mempool_alloc.md")):
        pytest.skip("stats and site: no golden-functions dataset (the published examples are missing)")
    run = ksurf_runner(ksurf, os.path.join(work, "site.db"))
    run("import", golden("functions.py"))
    return run


# stats
@pytest.fixture(scope="module")
def stats(run):
    r = run("stats", "--baseline", BASELINE, "--format", "json")
    doc = json.loads(r.stdout) if r.returncode == 0 else {"tables": []}
    tables = {t["id"]: [dict(zip(t["columns"], row)) for row in t["rows"]] for t in doc["tables"]}
    return r, doc, tables


def test_stats(run, stats):
    r, doc, tables = stats
    assert (r.returncode, doc.get("baseline")) == (0, BASELINE), "stats: one JSON document around the baseline"
    images = [json.loads(l) for l in run("list", "--format", "jsonl").stdout.splitlines()]
    regular = [x for x in tables.get("versions", []) if x["group"] == "Regular"]
    assert (len(regular), sorted({x["kind"] for x in regular})) == (3 * 16, ["func", "struct", "tracepoint"]), \
        "stats versions: a row per kind for each consecutive pair of the Regular group"
    pair = [x for x in regular if x["kind"] == "func" and x["new"].startswith("4.13")][0]
    d = json.loads(run("diff", pair["old"], pair["new"], "--kind", "func", "--format", "json").stdout)["kinds"][0]
    assert (pair["added"], pair["removed"], pair["changed"]) == (len(d["added"]), len(d["removed"]), len(d["changed"])), \
        f"stats versions: {pair['old']} -> {pair['new']} as ksurf diff counts it"
    assert round(pair["added %"], 2) == \
        (round(100 * pair["added"] / pair["old count"], 2) if pair["old count"] else 0), \
        "stats versions: the shares are of the old image's count"
    inl = tables.get("inline", [])
    assert (len(inl), all(abs(x["not %"] + x["full %"] + x["selective %"] - 100) < 0.02 for x in inl if x["groups"])) \
        == (len(images), True), "stats inline: a row per image, shares summing to 100 %"
    col = tables.get("collisions", [])
    assert all(x["UG"] + x["US"] + x["DUP"] + x["SS"] + x["SG"] == x["groups"] for x in col) and \
        len(col) == len(images), "stats collisions: the classes sum to the groups"
    assert sorted({x["group"] for x in tables.get("configs", [])}) == ["Arch", "Flavor"], \
        "stats configs: the Arch and Flavor images against the baseline"
    r = run("stats", "--format", "md", "--baseline", BASELINE)
    assert r.stdout.count("\n## ") == len(doc["tables"]), "stats --format md: a section per table"


@pytest.mark.parametrize("tid", ("collisions", "versions"))
def test_stats_table(run, stats, tid):
    doc = stats[1]
    r = run("stats", "--baseline", BASELINE, "--format", "json", "--table", tid)
    one = json.loads(r.stdout)["tables"] if r.returncode == 0 else []
    assert one == [t for t in doc["tables"] if t["id"] == tid], \
        f"stats --table {tid}: that table alone, as the whole run has it"


def test_stats_errors(run):
    r = run("stats", "--table", "programs")
    r = run("stats", "--table", "programs")
    assert (r.returncode, len(r.stderr.splitlines())) == (2, 1), \
        "stats --table programs without --check: one error line, exit 2"
    r = run("stats", "--format", "xml")
    assert (r.returncode, len(r.stderr.splitlines())) == (2, 1), "stats --format xml: a usage error"


# the site
@pytest.fixture(scope="module")
def site(run, work):
    """The site built: its directory, the build's result, its files."""
    site = os.path.join(work, "site")
    r = run("site", site, "--baseline", BASELINE)
    files = sorted(os.path.relpath(os.path.join(dp, f), site) for dp, _, fs in os.walk(site) for f in fs)
    return site, r, files


def test_site_built(site):
    r = site[1]
    assert (r.returncode, r.stderr) == (0, ""), f"site: built ({r.stdout.strip()})"


def test_site_files(run, site):
    site, _, files = site
    assert all(f in files for f in ["index.html", "search.html", "search.js", "search-index.js", "style.css",
                                    "figures/inline.svg", "figures/suffixes.svg", "figures/changes.svg",
                                    "func/index.html", "func/letter-m.html", "lsm/index.html", "syscall/index.html"]), \
        "site: the front page, search, style, figures, an index per kind"
    idx = [json.loads(l)["name"] for l in
           run("index", "func", "--baseline", BASELINE, "--format", "jsonl").stdout.splitlines()]
    pages = sorted(os.path.basename(f)[:-5] for f in files if f.startswith("func/") and f.count("/") == 2)
    assert idx, "index func has rows"
    assert pages == sorted(idx), "site: a page per row of `ksurf index func`"


def test_site_mempool_alloc(run, site):
    example = os.path.join(EXAMPLES, "function-mempool_alloc.md")
    page = open(os.path.join(site[0], "func", "me", "mempool_alloc.html"), encoding="utf-8").read()
    md = open(example, encoding="utf-8").read() if os.path.exists(example) else \
        run("show", "func", "mempool_alloc").stdout
    assert (page.count("<details>"), page.count("<pre><code")) == (md.count("<details>"), md.count("```") // 2), \
        "site: mempool_alloc's page has the published page's Status items and code blocks"


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


def test_site_links_and_tags(site):
    site, _, files = site
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
    assert n_html > 0, "site: pages to check"
    assert broken[:3] == [], f"site: every link of the {n_html} pages leads to a file of the site"
    assert unbalanced[:3] == [], "site: every page's tags are balanced"


@pytest.mark.skipif(not shutil.which("tidy"), reason="no tidy")
def test_site_tidy(site):
    bad = []
    for f in ["index.html", "search.html", "func/index.html", "func/letter-m.html", "func/me/mempool_alloc.html",
              "struct/re/request.html", "programs/index.html"]:
        t = subprocess.run(["tidy", "-q", "-e", os.path.join(site[0], f)], capture_output=True, text=True)
        if t.returncode >= 2:
            bad.append((f, t.stderr.splitlines()[:2]))
    assert bad == [], "site: HTML Tidy finds no error in the pages (HTML5)"


def test_site_rebuilds(run, site, work):
    """Rebuilds of the site (last: it changes the site's pages and builds them again)."""
    site = site[0]
    site2 = os.path.join(work, "site2")
    r = run("site", site, "--baseline", BASELINE)
    assert (r.returncode, " 0 written," in r.stdout) == (0, True), "site: a second run rewrites nothing"
    run("site", site2, "--baseline", BASELINE)
    diff = subprocess.run(["diff", "-r", site, site2], capture_output=True, text=True)
    assert (diff.returncode, diff.stdout[:200]) == (0, ""), "site: two builds give identical bytes"
    os.remove(os.path.join(site, "func", "me", "mempool_alloc.html"))
    with open(os.path.join(site, "func", "vf", "vfs_read.html"), "a") as f:
        f.write("edited")
    r = run("site", site, "--baseline", BASELINE)
    assert (r.returncode, " 2 written," in r.stdout) == (0, True), \
        "site: a run after two pages changed rewrites those two"
    shutil.rmtree(site2, ignore_errors=True)


def test_site_usage(run):
    r = run("site")
    assert (r.returncode, r.stderr.startswith("ksurf site: missing DIR")) == (2, True), \
        "site without DIR: a usage error"
