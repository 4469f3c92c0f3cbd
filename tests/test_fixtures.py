"""Function surface of the gcc-built fixture images, checked value by value.

The four images (upstream DWARF 5, Ubuntu DWARF 4, Debian, Debian rt layouts)
are added to one dataset and exported; each image's checks are a test per image
(-k upstream, -k rt...).
"""
import json
import os
import re
import subprocess

import pytest

from conftest import ksurf_runner

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "src")
IMAGES = {"upstream": 5, "ubuntu": 4, "debian": 5, "rt": 4}


def line_of(path, tag):
    with open(os.path.join(src, path)) as f:
        for i, l in enumerate(f, 1):
            if f"LINE:{tag} " in l or l.rstrip().endswith(f"LINE:{tag} */"):
                return i
    raise KeyError(tag)


def symbols_of(image):
    out = subprocess.run(["nm", image], capture_output=True, text=True).stdout
    return {l.split()[2]: int(l.split()[0], 16) for l in out.splitlines() if len(l.split()) == 3}


@pytest.fixture(scope="module")
def dataset(ksurf, fixdir, tmp_path_factory):
    """The four images added (the add results by name), then exported."""
    d = tmp_path_factory.mktemp("fixtures")
    run = ksurf_runner(ksurf, d / "fixtures.db")
    added = {name: run("add", "--name", f"fx-{name}", os.path.join(fixdir, f"vmlinux-{name}")) for name in IMAGES}
    exp = os.path.join(d, "export")
    return run, added, exp, run("export", exp)


@pytest.fixture(scope="module")
def run(dataset):
    return dataset[0]


@pytest.fixture(scope="module")
def exp(dataset):
    return dataset[2]


def groups_of(exp, name):
    return {g["name"]: g for g in map(json.loads, open(os.path.join(exp, "func_groups", f"fx-{name}.jsonl")))}


@pytest.mark.parametrize("name", IMAGES)
def test_add(dataset, name):
    r = dataset[1][name]
    assert (r.returncode, r.stderr) == (0, ""), f"add fx-{name} exits 0"


def test_export(dataset):
    assert dataset[3].returncode == 0, "export exits 0"


@pytest.fixture(scope="module")
def image(request, exp, fixdir):
    """(name, its groups by name, its symbols' addresses, the check prefix)"""
    name = request.param
    img = f"fx-{name}"
    text = open(os.path.join(exp, "func_groups", f"{img}.jsonl")).read()
    groups = {g["name"]: g for g in map(json.loads, text.splitlines())}
    syms = symbols_of(os.path.join(fixdir, f"vmlinux-{name}"))
    return name, text, groups, syms, f"[{img}, DWARF {IMAGES[name]}]"


def per_image(f):
    return pytest.mark.parametrize("image", IMAGES, indirect=True)(f)


@per_image
def test_no_build_prefix(image, fixdir):
    name, text, groups, syms, t = image
    assert re.findall(r"/build/|debian/build|" + re.escape(fixdir), text) == [], f"{t} no build prefix in any path"


@per_image
def test_global_fn(image):
    name, text, groups, syms, t = image
    g = groups["global_fn"]
    assert g["collision_type"] == "Unique Global", f"{t} global_fn collision"
    assert g["inline_type"] == "No", f"{t} global_fn inline"
    f = g["funcs"][0]
    assert (f["external"], f["loc"], f["file"], f["inline"]) == \
        (True, f"mm/alpha.c:{line_of('mm/alpha.c', 'global_fn')}", "mm/alpha.c", "seen, unknown"), \
        f"{t} global_fn entry"
    assert f["addr"] == syms["global_fn"], f"{t} global_fn addr is its symbol's"
    assert f["caller_func"] == ["kernel/beta.c:beta_calls"], f"{t} global_fn direct callers"
    assert [(s["name"], s["bind"], s["addr"]) for s in g["symbols"]] == \
        [("global_fn", "STB_GLOBAL", syms["global_fn"])], f"{t} global_fn symbols"


@per_image
def test_sel_fn(image):
    name, text, groups, syms, t = image
    g = groups["sel_fn"]
    assert (g["collision_type"], g["inline_type"]) == ("Unique Global", "Selective"), f"{t} sel_fn selective"
    f = g["funcs"][0]
    assert f["inline"] == "not declared, inlined", f"{t} sel_fn inline status"
    assert f["caller_inline"] == ["mm/alpha.c:alpha_uses_sel"], f"{t} sel_fn inline callers"
    assert f["caller_func"] == ["kernel/beta.c:beta_calls"], f"{t} sel_fn direct callers"


@per_image
def test_hdr_dup(image):
    name, text, groups, syms, t = image
    g = groups["hdr_dup"]
    hl = f"include/linux/fixture.h:{line_of('include/linux/fixture.h', 'hdr_dup')}"
    assert (g["collision_type"], g["inline_type"]) == ("Static Duplication", "Full"), f"{t} hdr_dup duplication"
    assert [(e["loc"], e["file"], e["external"], e["inline"]) for e in g["funcs"]] == \
        [(hl, u, False, "declared, inlined") for u in ("mm/alpha.c", "kernel/beta.c", "kernel/gamma.c")], \
        f"{t} hdr_dup entries"
    assert [e["caller_inline"] for e in g["funcs"]] == \
        [["mm/alpha.c:global_fn"], ["kernel/beta.c:beta_calls"], ["kernel/gamma.c:coll_sg"]], \
        f"{t} hdr_dup inline callers"


@per_image
def test_coll_ss(image):
    name, text, groups, syms, t = image
    g = groups["coll_ss"]
    assert g["collision_type"] == "Static-Static Collision", f"{t} coll_ss collision"
    assert [(e["loc"], e["file"]) for e in g["funcs"]] == \
        [(f"mm/alpha.c:{line_of('mm/alpha.c', 'coll_ss_alpha')}", "mm/alpha.c"),
         (f"kernel/beta.c:{line_of('kernel/beta.c', 'coll_ss_beta')}", "kernel/beta.c")], f"{t} coll_ss locations"
    assert [(s["name"], s["bind"]) for s in g["symbols"]] == [("coll_ss", "STB_LOCAL"), ("coll_ss", "STB_LOCAL")], \
        f"{t} coll_ss symbols"
    assert [e["caller_func"] for e in g["funcs"]] == \
        [["mm/alpha.c:alpha_uses_coll", "mm/alpha.c:alpha_uses_coll"], ["kernel/beta.c:beta_calls"]], \
        f"{t} coll_ss direct callers"


@per_image
def test_coll_sg(image):
    name, text, groups, syms, t = image
    g = groups["coll_sg"]
    assert g["collision_type"] == "Static-Global Collision", f"{t} coll_sg collision"
    assert [(e["external"], e["loc"]) for e in g["funcs"]] == \
        [(False, f"kernel/beta.c:{line_of('kernel/beta.c', 'coll_sg_beta')}"),
         (True, f"kernel/gamma.c:{line_of('kernel/gamma.c', 'coll_sg_gamma')}")], f"{t} coll_sg entries"


@per_image
def test_full_fn(image):
    name, text, groups, syms, t = image
    g = groups["full_fn"]
    assert (g["collision_type"], g["inline_type"], g["symbols"]) == ("Unique Static", "Full", []), \
        f"{t} full_fn full inline"
    assert g["funcs"][0]["caller_inline"] == ["mm/alpha.c:alpha_uses_full", "mm/alpha.c:alpha_uses_full"], \
        f"{t} full_fn inline callers"


@per_image
@pytest.mark.parametrize("fn, suffix", (("cp_fn", "constprop"), ("isra_fn", "isra"), ("part_fn", "part"),
                                        ("cold_fn", "cold")))
def test_suffixed_symbols(image, fn, suffix):
    name, text, groups, syms, t = image
    g = groups[fn]
    names = [s["name"] for s in g["symbols"]]
    assert any(f".{suffix}" in n for n in names), f"{t} {fn} has a .{suffix} symbol"
    assert [s["addr"] for s in g["symbols"]] == [syms[n] for n in names], f"{t} {fn} symbol addresses"


@per_image
def test_part_and_cold(image):
    name, text, groups, syms, t = image
    assert groups["part_fn"]["inline_type"] == "Selective", f"{t} part_fn is selective"
    assert [s["bind"] for s in groups["cold_fn"]["symbols"]] == ["STB_LOCAL", "STB_GLOBAL"], \
        f"{t} cold_fn keeps its global symbol"
    # cold_fn's DIE has only DW_AT_ranges: the lowest range start is its address.
    assert groups["cold_fn"]["funcs"][0]["addr"] == min(syms["cold_fn"], syms["cold_fn.cold"]), \
        f"{t} cold_fn addr from DW_AT_ranges"


@per_image
def test_group_count(image):
    name, text, groups, syms, t = image
    # 20 in mm/, kernel/{beta,gamma}.c; 4 shapes.c; 8 events.c; rt: hyp_sr_get
    assert len(groups) == (33 if name == "rt" else 32), f"{t} group count"


def test_rt_layout(exp):
    # Debian rt: two build prefixes in every unit name, and one source file in two units.
    groups_rt = groups_of(exp, "rt")
    g = groups_rt["hyp_sr_get"]
    hl = f"kernel/hyp/sr.c:{line_of('kernel/hyp/sr.c', 'hyp_sr_get')}"
    assert (g["collision_type"], [(e["loc"], e["file"]) for e in g["funcs"]], len(g["symbols"])) == \
        ("Static Duplication", [(hl, "kernel/hyp/sr.c")] * 2, 2), \
        "[fx-rt] hyp_sr_get, compiled in two units: a Static Duplication of two entries"
    assert sorted({e["file"] for x in groups_rt.values() for e in x["funcs"] if e["file"]}) == \
        ["kernel/beta.c", "kernel/events.c", "kernel/gamma.c", "kernel/hyp/sr.c", "kernel/shapes.c", "mm/alpha.c"], \
        "[fx-rt] unit paths lose both build prefixes"


def test_layouts_agree(exp):
    # The same program gives the same surface whatever the layout or DWARF version.
    def comparable(name):
        gs = [json.loads(l) for l in open(os.path.join(exp, "func_groups", f"fx-{name}.jsonl"))]
        for g in gs:
            for f in g["funcs"]:
                f.pop("addr")
            for s in g["symbols"]:
                s.pop("addr")
        return gs
    assert comparable("upstream"), "the upstream image has function groups"
    assert comparable("ubuntu") == comparable("upstream"), "DWARF 4 and 5 images agree"
    assert comparable("debian") == comparable("upstream"), "Debian layout agrees"
    assert [g for g in comparable("rt") if g["name"] != "hyp_sr_get"] == comparable("upstream"), \
        "Debian rt layout agrees"


def test_show_func_markdown(run, exp):
    # show func: the report block, and JSON.
    groups = groups_of(exp, "upstream")
    r = run("show", "func", "coll_ss", "--image", "fx-upstream", "--format", "md")
    want = f"""In <code>fx-upstream</code>: Collision ⚠️

```c
int coll_ss(int x);
```

**Collision:** Static-Static Collision

**Inline:** No

**Transformation:** False

**Instances:**

```
In mm/alpha.c ({groups['coll_ss']['funcs'][0]['addr']:x})
Location: mm/alpha.c:{line_of('mm/alpha.c', 'coll_ss_alpha')}
Inline: False
Direct callers:
  - mm/alpha.c:alpha_uses_coll
  - mm/alpha.c:alpha_uses_coll
```
```
In kernel/beta.c ({groups['coll_ss']['funcs'][1]['addr']:x})
Location: kernel/beta.c:{line_of('kernel/beta.c', 'coll_ss_beta')}
Inline: False
Direct callers:
  - kernel/beta.c:beta_calls
```
**Symbols:**

```
"""
    assert r.stdout[:len(want)] == want, "show func coll_ss markdown (head)"


def test_show_func_in_no_image(run):
    r = run("show", "func", "no_such_fn")
    assert (r.returncode, r.stdout, r.stderr) == \
        (2, "", "ksurf: show: func no_such_fn is in none of the 4 images\n"), \
        "show func of a name in no image: exit 2, one line, nothing on stdout"


def test_show_per_image(run):
    r = run("show", "func", "global_fn", "--per-image", "--format", "md")
    assert (r.returncode, r.stdout.count("In <code>")) == (0, 4), "show --per-image: every image's item"


def test_show_json(run, exp):
    r = run("show", "func", "sel_fn", "--format", "json", "--image", "fx-debian")
    assert json.loads(r.stdout)["group"] == json.loads(re.sub(
        r'"addr": (\d+)', lambda m: f'"addr": "{int(m[1]):#x}"',
        [l for l in open(os.path.join(exp, "func_groups", "fx-debian.jsonl")) if '"name": "sel_fn"' in l][0])), \
        "show --format json is the func_groups object, addresses in hex"


def test_list_counts(run):
    r = run("list", "--format", "jsonl")
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert [(x["name"], x["func_groups"], x["collision"]["Static Duplication"], x["inline"]["Full"])
            for x in rows] == \
        [(f"fx-{n}", 33 if n == "rt" else 32, 2 if n == "rt" else 1, 2) for n in IMAGES], "list counts"
