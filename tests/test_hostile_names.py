"""Hostile names in every field a page shows: the site, show, index and diff.

The dataset and site of tests/hostile_names.py (names with an <img onerror>,
terminal controls, a <script>, a newline and a code fence, an <svg onload>):
  - no page of `ksurf site` holds any of those as markup (only escaped);
  - `show`, `index`, `diff` in md hold no raw markup, in text no control byte.
No command crashes.
"""
import json
import os
import re
import shutil
import sqlite3

import pytest

from hostile_names import IMG, INDEX, LONG, SCRIPT, SPACE, SPACE_OLD, TERM, Hostile

RAW = re.compile(rb"<img src=x|<svg/onload|<script>alert|\x1b")
FENCE = re.compile(rb"^```.*?^```$", re.M | re.S)  # Markdown code: shown as it is
WANT = {SPACE: "cold-20fn.html", SPACE_OLD: "cold_20fn.html", INDEX: "-69ndex.html"}


@pytest.fixture(scope="module")
def h(ksurf, fixdir, tmp_path_factory):
    return Hostile(ksurf, fixdir, str(tmp_path_factory.mktemp("hostile")))


@pytest.fixture(scope="module")
def run(h):
    """h.run, a crash a failure of the test."""
    def run(*args, db=None):
        r = h.run(*args, db=db)
        assert r.returncode >= 0, f"hostile names: {' '.join(args)} does not crash: signal {-r.returncode}"
        return r
    return run


@pytest.mark.parametrize("i", (0, 1))
def test_fixture_added(h, i):
    img, r = h.added[i]
    assert r.returncode == 0, f"hostile names: fixture {img} added: {r.stderr.decode()}"


def test_patched_export_imports(h):
    assert h.imported.returncode == 0, f"hostile names: the patched export imports: {h.imported.stderr.decode()}"


def test_site_builds(h):
    assert h.site_built.returncode == 0, f"hostile names: site builds: {h.site_built.stderr.decode()}"
    assert h.crashes == [], "hostile names: no step crashed"


def test_site_pages(h):
    bad, pages, hostile_pages = [], 0, 0
    for root, _, files in os.walk(h.site):
        for f in files:
            if not f.endswith(".html"):
                continue
            data = open(os.path.join(root, f), "rb").read()
            pages += 1
            hostile_pages += b"&lt;img src=x onerror=alert(1)&gt;" in data or b"&lt;script&gt;" in data
            if RAW.search(data):
                bad.append(os.path.relpath(os.path.join(root, f), h.site))
    assert pages > 20 and hostile_pages >= 3 and not bad, \
        f"hostile names: {pages} site pages, {hostile_pages} showing a hostile name escaped, none as markup: " \
        f"raw markup in {bad[:5]}"


def func_pages(site):
    """The file names of the function pages: func/SHARD/FILE.html."""
    top = os.path.join(site, "func")
    return [f for d in os.listdir(top) if os.path.isdir(os.path.join(top, d))
            for f in os.listdir(os.path.join(top, d))]


def test_img_function_page(h):
    fn_pages = [f for f in func_pages(h.site) if f.startswith("cold_fn")]
    assert len(fn_pages) >= 1, f"hostile names: the <img> function has its own page ({fn_pages})"


@pytest.fixture(scope="module")
def groups(h):
    return set(json.loads(l)["name"] for l in open(os.path.join(h.w, "exp", "func_groups", "e.jsonl")))


def test_file_names(h, groups):
    func = func_pages(h.site)
    present = {n: f for n, f in WANT.items() if n in groups}
    assert len(present) == 3 and all(f in func for f in present.values()) and \
        "Functions" in open(os.path.join(h.site, "func", "index.html")).read(), \
        f"hostile names: file names: {sorted(present.values())} for {sorted(present)}, the index page kept: " \
        f"func/ holds {sorted(func)[:40]}"


def test_long_name(h, groups):
    longs = [f for f in func_pages(h.site) if f.startswith("fff")]
    assert LONG in groups and len(longs) == 1 and len(longs[0]) <= 205 and "--" in longs[0], \
        f"hostile names: a 300-character name: one page, {len(longs[0]) if longs else 0} bytes of file name, " \
        f"hashed: {longs}"


def test_page_per_function(h, run):
    func = func_pages(h.site)
    rows = run("index", "func", "--format", "jsonl", "--baseline", "e").stdout.decode().splitlines()
    n_func = len(func)
    assert n_func == len(rows) > 20, f"hostile names: one page per function of the index ({n_func} pages, " \
        f"{len(rows)} rows)"


def test_rebuild(h, run):
    # a rebuild into the same directory: a stale page and a dead run's temporary
    # file removed, a live page untouched; a symlink planted at a page replaced, not followed
    site, w = h.site, h.w
    stale = os.path.join(site, "func", "co", "gone_function.html")
    open(stale, "w").write("old")
    dead = os.path.join(site, "func", "co", ".vfs_read.html.tmp-AbC123")
    open(dead, "w").write("half")
    outside = os.path.join(w, "outside.txt")
    open(outside, "w").write("keep me")
    planted = os.path.join(site, "func", "co", WANT[SPACE])
    os.unlink(planted)
    os.symlink(outside, planted)
    r = run("site", site, "--baseline", "e")
    assert r.returncode == 0 and b"1 stale removed" in r.stdout, \
        f"hostile names: a rebuild: {r.stdout.decode().strip()}: {r.stderr.decode()}"
    assert not os.path.exists(stale) and not os.path.exists(dead), \
        "hostile names: the stale page and the dead run's temporary file are gone"
    assert not os.path.islink(planted) and open(outside).read() == "keep me" and \
        "cold fn" in open(planted).read(), \
        "hostile names: a symlink planted at a page is replaced by the page, its target untouched"


def test_two_objects_one_name(h, run, fixdir):
    # two checked objects with the same file name: a page each
    objs = []
    for d in ("one", "two"):
        os.makedirs(os.path.join(h.w, d), exist_ok=True)
        objs.append(os.path.join(h.w, d, "mini.bpf.o"))
        shutil.copyfile(os.path.join(fixdir, "mini.bpf.o"), objs[-1])
    r = run("site", os.path.join(h.w, "site2"), "--baseline", "e", "--check", objs[0], "--check", objs[1])
    progs = sorted(os.listdir(os.path.join(h.w, "site2", "programs"))) if r.returncode == 0 else []
    assert progs == ["index.html", "mini--2.html", "mini.html"], \
        f"hostile names: two objects named mini.bpf.o: pages {progs}: {r.stderr.decode()}"


@pytest.mark.parametrize("what, args", (("show func md", ("show", "func", IMG, "--format", "md")),
                                        ("show struct md", ("show", "struct", SCRIPT, "--format", "md")),
                                        ("index func md", ("index", "func", "--format", "md")),
                                        ("diff md", ("diff", "e", "f", "--format", "md"))),
                         ids=("show func md", "show struct md", "index func md", "diff md"))
def test_md(run, what, args):
    r = run(*args, "--baseline", "e") if args[0] == "index" or args[0] == "show" else run(*args)
    out = FENCE.sub(b"", r.stdout)
    assert r.returncode == 0 and not RAW.search(out), \
        f"hostile names: {what}: exit 0, no raw markup: " \
        f"exit {r.returncode} {r.stderr.decode()[:200]} {RAW.findall(out)[:3]}"


@pytest.mark.parametrize("what, args", (("show func text", ("show", "func", TERM)),
                                        ("index func text", ("index", "func", "--format", "text")),
                                        ("list", ("list",))),
                         ids=("show func text", "index func text", "list"))
def test_text(run, what, args):
    r = run(*args)
    assert (r.returncode == 0 and not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", r.stdout) and
            b"cold_term\\x1b[2J" in r.stdout
            if args[0] != "list" else r.returncode == 0 and b"\x1b" not in r.stdout), \
        f"hostile names: {what}: exit 0, no control byte but newlines: " \
        f"exit {r.returncode} {r.stderr.decode()[:200]} {r.stdout[:300]!r}"


def test_bytes_not_utf8(h, run):
    # bytes no import takes (not UTF-8), written into the dataset itself: a lead byte
    # 0xC2 before ESC, BEL and the 8-bit CSI must not let those through
    con = sqlite3.connect(os.path.join(h.w, "h.db"))
    con.execute("UPDATE image_syscalls SET name = CAST(X'6f6e65c21b5b324a' AS TEXT) WHERE nr = "
                "(SELECT min(nr) FROM image_syscalls)")
    con.execute("UPDATE image_syscalls SET name = CAST(X'74776fc207c2c29b' AS TEXT) WHERE nr = "
                "(SELECT max(nr) FROM image_syscalls)")
    con.commit()
    con.close()
    r = run("index", "syscall", "--format", "text", "--baseline", "e")
    out = r.stdout
    assert r.returncode == 0 and not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", out) and \
        b"one\\xc2\\x1b[2J" in out and b"two\\xc2\\x07\\xc2\\u009b" in out, \
        "hostile names: index with 0xC2 before ESC, BEL and CSI: shown as \\xc2, nothing raw: " \
        f"exit {r.returncode} {r.stderr.decode()[:200]} {out[:300]!r}"


def test_damaged_dataset_json(h, run):
    # a damaged dataset: index --format json prints nothing rather than half a document
    shutil.copyfile(os.path.join(h.w, "h.db"), os.path.join(h.w, "damaged.db"))
    con = sqlite3.connect(os.path.join(h.w, "damaged.db"))
    con.execute("UPDATE func_groups SET inline = 'bogus'")
    con.commit()
    con.close()
    r = run("index", "func", "--format", "json", "--baseline", "e", db=os.path.join(h.w, "damaged.db"))
    assert (r.returncode, r.stdout) == (2, b""), \
        f"hostile names: index --format json over a damaged dataset: exit 2, nothing on stdout: " \
        f"exit {r.returncode}, stdout {r.stdout[:120]!r}"


def test_error_line(run):
    r = run("show", "func", TERM + "x")
    err = r.stderr
    assert r.returncode == 2 and err.count(b"\n") == 1 and b"\x1b" not in err, \
        f"hostile names: an error naming a hostile name is one line without control bytes: {err[:300]!r}"
