"""The site's dependency pages (ksurf site): links, anchors, summary, status words.

On the gcc-built fixture images (upstream 5.4.0, v2 5.4.0, v2-newer 5.5.0), and on
the same images exported, patched and imported again: a function renamed in
the newest image, a Debian -rc version, hostile names in a caller and a flavor.
"""
import html
import json
import os
import re
import subprocess
import urllib.parse

import pytest

from conftest import ksurf_runner

IMAGES = ("upstream", "v2", "v2-newer")
HOSTILE_FN = 'beta"><img src=x onerror=alert(1)>'
HOSTILE_FLAVOR = 'generic" id="x"><svg/onload=alert(4)>'


def shard(name):
    """The shard directory of a page named NAME (a plain identifier)."""
    return re.sub(r"[^a-z0-9]", "_", name.lstrip("_")[:2].lower())


def dep_page(site, kind, name):
    return os.path.join(site, kind, shard(name), name + ".html")


def link(kind, name):
    """A dependency page's link to another's."""
    return f"../../{kind}/{shard(name)}/{name}.html"


def main_of(path):
    text = open(path, encoding="utf-8").read()
    return text[text.index("<main>"):text.index("</main>")]


@pytest.fixture(scope="module")
def plain(ksurf, fixdir, tmp_path_factory):
    """A site of the three fixture images, as added."""
    d = tmp_path_factory.mktemp("site-pages")
    run = ksurf_runner(ksurf, d / "fx.db")
    for name in IMAGES:
        r = run("add", "--name", name, os.path.join(fixdir, f"vmlinux-{name}"))
        assert r.returncode == 0, r.stderr
    r = run("site", str(d / "site"), "--baseline", "upstream")
    assert r.returncode == 0, r.stderr
    return {"dir": d, "site": str(d / "site"), "run": run}


def rename_in(path, fn):
    lines = [json.loads(l) for l in open(path)]
    with open(path, "w") as f:
        for o in lines:
            f.write(json.dumps(fn(o)) + "\n")


def renamed(o, old, new):
    """O with every string OLD, OLD.suffix and UNIT:OLD renamed."""
    if isinstance(o, dict):
        return {k: renamed(v, old, new) for k, v in o.items()}
    if isinstance(o, list):
        return [renamed(v, old, new) for v in o]
    if isinstance(o, str):
        if o == old or o.startswith(old + "."):
            return new + o[len(old):]
        if o.endswith(":" + old):
            return o[:-len(old)] + new
    return o


@pytest.fixture(scope="module")
def patched(ksurf, plain, tmp_path_factory):
    """The plain site's images exported, patched and imported: global_fn renamed
    global_fn_noprof in v2-newer, whose version becomes Debian's 5.6~rc3;
    beta_calls (a caller of global_fn) and v2's flavor hostile."""
    d = tmp_path_factory.mktemp("site-pages-patched")
    exp = d / "exp"
    r = plain["run"]("export", str(exp))
    assert r.returncode == 0, r.stderr
    for name in IMAGES:
        for sub in ("func_groups", "symtab", "types_func"):
            path = exp / sub / f"{name}.jsonl"
            if not path.exists():
                continue
            rename_in(path, lambda o: renamed(o, "beta_calls", HOSTILE_FN))
            if name == "v2-newer":
                rename_in(path, lambda o: renamed(o, "global_fn", "global_fn_noprof"))
    for name, key, value in (("v2-newer", "version", "5.6~rc3"), ("v2", "flavor", HOSTILE_FLAVOR)):
        p = exp / "image" / f"{name}.json"
        o = json.load(open(p))
        o[key] = value
        json.dump(o, open(p, "w"))
    run = ksurf_runner(ksurf, d / "p.db")
    r = run("import", str(exp))
    assert r.returncode == 0, r.stderr
    r = run("site", str(d / "site"), "--baseline", "upstream", "--groups", "regular,flavor")
    assert r.returncode == 0, r.stderr
    return {"site": str(d / "site"), "run": run}


def hrefs(page):
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def test_caller_links_lead_to_the_callers_pages(plain):
    page = main_of(dep_page(plain["site"], "func", "global_fn"))
    assert f'  - kernel/beta.c:<a href="{link("func", "beta_calls")}">beta_calls</a>' in page
    target = dep_page(plain["site"], "func", "beta_calls")
    assert "<h1>Function: <code>beta_calls</code></h1>" in main_of(target)


def test_type_links_lead_to_existing_type_pages(plain):
    site, seen = plain["site"], 0
    for kind in ("func", "struct"):
        for d in os.listdir(os.path.join(site, kind)):
            if not os.path.isdir(os.path.join(site, kind, d)):
                continue
            for f in os.listdir(os.path.join(site, kind, d)):
                page = main_of(os.path.join(site, kind, d, f))
                for h in hrefs(page):
                    m = re.match(r"\.\./\.\./(struct|union|enum)/(.+\.html)$", h)
                    if m:
                        seen += 1
                        assert os.path.exists(os.path.join(site, m.group(1), m.group(2))), (f, h)
    assert seen > 0
    shapes = main_of(dep_page(site, "struct", "shapes"))
    assert f'struct <a href="{link("struct", "shape_inner")}">shape_inner</a>' in shapes


def test_struct_pages_show_offsets_and_holes(plain):
    page = main_of(dep_page(plain["site"], "struct", "shapes"))
    assert '<pre class="layout">' in page
    assert re.search(r"/\*\s+0\s+\d+ \*/", page)  # the first member at offset 0
    assert "/* size: " in page and "holes: " in page
    # pahole's text from the image's BTF: its anonymous members nested, its
    # tabs as spaces (no escaped control in the page)
    bits = main_of(dep_page(plain["site"], "struct", "layout_bits"))
    assert "} vlan[2]; /*" in bits and "\\x09" not in bits and "\t" not in bits


def test_source_lines_link_to_elixir_at_the_image_version(plain):
    page = main_of(dep_page(plain["site"], "func", "global_fn"))
    links = [h for h in hrefs(page) if h.startswith("https://")]
    # 5.4.0 is the upstream tag v5.4, 5.5.0 v5.5
    assert "https://elixir.bootlin.com/linux/v5.4/source/mm/alpha.c#L11" in links
    assert "https://elixir.bootlin.com/linux/v5.5/source/mm/alpha.c#L11" in links


def test_each_status_item_has_an_anchor(plain):
    page = main_of(dep_page(plain["site"], "func", "global_fn"))
    ids = re.findall(r'<li id="([^"]*)">', page)
    assert ids[:2] == ["5.4", "5.5"]
    assert len(ids) == len(set(re.findall(r' id="([^"]*)"', page)))  # unique
    assert '<a class="anchor" href="#5.4"' in page
    # the Differences name the images by their anchors
    assert '<a href="#5.4"><code>5.4</code></a>' in page


def test_summary_line(plain, patched):
    page = main_of(dep_page(plain["site"], "func", "global_fn"))
    assert '<p class="summary">present 5.4–5.5</p>' in page
    page = main_of(dep_page(patched["site"], "func", "global_fn"))
    summary = re.search(r'<p class="summary">(.*)</p>', page).group(1)
    # the release candidate's series is 5.6, as Regular labels it
    assert summary == (f'present 5.4; absent 5.6; renamed <code><a href="{link("func", "global_fn_noprof")}">'
                       'global_fn_noprof</a></code> in 5.6')


def test_status_in_words_and_full_image_names(plain, patched):
    page = main_of(dep_page(plain["site"], "func", "global_fn"))
    assert ('In <code>5.4</code> <span class="image">(upstream)</span>: '
            '<span class="status present">present</span>') in page
    # every emoji is decoration, hidden from screen readers
    for emoji in ("✅", "⚠️", "➡️"):
        assert page.count(emoji) == page.count(f'aria-hidden="true"> {emoji}</span>')
    # ... and a text symbol that fonts without emoji show: no empty box
    assert "✅" not in page and 'aria-hidden="true"> \u2713</span>' in page
    page = main_of(dep_page(patched["site"], "func", "global_fn"))
    assert '<span class="status absent">absent</span>' in page
    # the md page keeps the published layout: no words added
    md = patched["run"]("show", "func", "global_fn", "--baseline", "upstream", "--format", "md").stdout
    assert "Absent ⚠️" in md and "class=\"summary\"" not in md and "present" not in md


def test_rc_version_links_to_its_rc_tag(patched):
    page = main_of(dep_page(patched["site"], "func", "global_fn_noprof"))
    assert "https://elixir.bootlin.com/linux/v5.6-rc3/source/mm/alpha.c#L11" in hrefs(page)


def test_hostile_names_escaped_in_links_and_anchors(patched):
    site = patched["site"]
    page = main_of(dep_page(site, "func", "global_fn"))
    assert "<img" not in page and "<svg" not in page
    callers = [h for h in hrefs(page) if h.startswith("../../func/be/beta")]
    assert callers and all(re.fullmatch(r"\.\./\.\./func/be/[A-Za-z0-9_.-]+\.html", h) for h in callers)
    assert all(os.path.exists(os.path.join(site, h[len("../../"):])) for h in callers)
    assert ">" + html.escape(HOSTILE_FN, quote=True) + "</a>" in page
    # the hostile flavor labels a Flavor item: an escaped id, a percent-encoded link to it
    page = main_of(dep_page(site, "struct", "shapes"))
    ids = [html.unescape(i) for i in re.findall(r'<li id="([^"]*)">', page)]
    want = HOSTILE_FLAVOR.replace(" ", "_")
    assert want in ids
    frag = [h for h in hrefs(page) if h.startswith("#") and urllib.parse.unquote(h[1:]) == want]
    assert frag and all(re.fullmatch(r"#[A-Za-z0-9._~%-]+", h) for h in frag)
    assert "<svg" not in page


def test_caller_links_capped_per_status_item(ksurf, plain, tmp_path_factory):
    """A function called from thousands of places links its first callers only
    (per Status item), naming the rest: the page stays small enough to open."""
    d = tmp_path_factory.mktemp("site-pages-callers")
    exp = d / "exp"
    assert plain["run"]("export", str(exp)).returncode == 0

    def many(o):
        if o.get("name") == "global_fn":
            for f in o["funcs"]:
                f["caller_func"] = ["kernel/beta.c:beta_calls"] * 250
        return o
    for name in IMAGES:
        rename_in(exp / "func_groups" / f"{name}.jsonl", many)
    run = ksurf_runner(ksurf, d / "c.db")
    assert run("import", str(exp)).returncode == 0
    r = run("site", str(d / "site"), "--baseline", "upstream")
    assert r.returncode == 0, r.stderr
    page = main_of(dep_page(str(d / "site"), "func", "global_fn"))
    items = page.split("<li id=")[1:]
    assert items
    for item in items:
        assert item.count("  - kernel/beta.c:") == 250
        assert item.count(f'<a href="{link("func", "beta_calls")}">beta_calls</a>') == 200
        assert item.count("  - kernel/beta.c:beta_calls\n") == 50
