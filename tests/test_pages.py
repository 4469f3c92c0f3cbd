"""Report pages, byte for byte against the published examples (../shared/examples).

Each dataset in tests/golden/ (a script writing the published layout from data
written or transcribed by hand from the pages' Status sections) is loaded with
ksurf import; ksurf index must give the marks per group read off the pages, and
ksurf show must render each page around the study's baseline byte for byte
(ksurf computes the labels, groups, issue marks and Differences).  Skipped when
the examples are not there.
"""
import json
import os
import shutil

import pytest

from conftest import EXAMPLES as examples, HERE, ksurf_runner

import sys
sys.path.insert(0, os.path.join(HERE, "golden"))
from study_images import ARCH, BASELINE  # noqa: E402

DATASETS = [  # (fixture script, its pages as (page, kind, name), index kind, index rows)
    ("lsm_file_open.py", [("lsm-file_open.md", "lsm", "file_open")],
     "lsm", ["| file_open | Δ |  |  |"]),
    ("tracepoint_block_rq_issue.py",
     [("tracepoint-block_rq_issue.md", "tracepoint", "block_rq_issue")],
     "tracepoint", ["| block_rq_issue | Δ |  |  |"]),
    ("struct_request.py", [("struct-request.md", "struct", "request")],
     "struct", ["| request | Δ |  |  |"]),
    ("functions.py",
     [("function-" + n + ".md", "func", n) for n in
      ("mempool_alloc", "vfs_read", "vfs_statx", "blk_account_io_start", "__bind", "__d_entry_type")],
     "func", ["| __bind | ΔSCT | SC | SCT |", "| __d_entry_type | FD | FD | FD |",
              "| blk_account_io_start | ΔSF |  |  |", "| mempool_alloc |  |  |  |",
              "| vfs_read | S | S | S |", "| vfs_statx | ∅Δ |  |  |"]),
]
PAGES = [(script, page, kind, name) for script, pages, _, _ in DATASETS for page, kind, name in pages]


def differs(page, got, want):
    """Where a page differs from the published one."""
    got, exp = got.splitlines(), want.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(got, exp)) if a != b), min(len(got), len(exp)))
    return (f"page {page}: differs at line {line + 1}: "
            f"{got[line] if line < len(got) else '(end)'!r} vs {exp[line] if line < len(exp) else '(end)'!r}")


def need_examples(pages):
    missing = [p for p in pages if not os.path.exists(os.path.join(examples, p))]
    if missing:
        pytest.skip(f"pages {', '.join(missing)}: not in {examples}")


@pytest.fixture(scope="module")
def imported(ksurf, golden, tmp_path_factory):
    """A function: SCRIPT's dataset imported (a runner on it, the import's result), once."""
    made = {}
    d = tmp_path_factory.mktemp("pages")

    def imported(script):
        if script not in made:
            run = ksurf_runner(ksurf, d / f"golden-{script[:-3]}.db")
            made[script] = run, run("import", golden(script))
        return made[script]
    return imported


@pytest.mark.parametrize("script, pages, kind, index_rows", DATASETS, ids=[d[0] for d in DATASETS])
def test_index(imported, script, pages, kind, index_rows):
    need_examples([p for p, _, _ in pages])
    run, r = imported(script)
    assert (r.returncode, r.stderr) == (0, ""), f"{script}: the dataset imports"
    r = run("index", kind, "--baseline", BASELINE, "--format", "md")
    assert r.stdout == f"| {kind} | Regular | Arch | Flavor |\n|---|---|---|---|\n" + \
        "".join(row + "\n" for row in index_rows), f"{script}: index {kind}, the marks per group"


@pytest.mark.parametrize("script, page, kind, name", PAGES, ids=[p[1] for p in PAGES])
def test_page(imported, script, page, kind, name):
    need_examples([page])
    run, _ = imported(script)
    r = run("show", kind, name, "--baseline", BASELINE, "--format", "md")
    want = open(os.path.join(examples, page)).read()
    assert r.stdout == want, differs(page, r.stdout, want)


# The same datasets, beyond the published pages: the page is what `show` gives
# by default (the study's middle amd64 generic image is its baseline), its JSON
# form, and STRUCT::FIELD pages.
@pytest.fixture(scope="module")
def run(ksurf, golden, tmp_path_factory):
    need_examples(["function-mempool_alloc.md"])
    run = ksurf_runner(ksurf, tmp_path_factory.mktemp("pages-default") / "golden-default.db")
    run("import", golden("functions.py"))
    return run


def test_default_baseline(run):
    r = run("show", "func", "mempool_alloc", "--format", "md")
    assert r.stdout == open(os.path.join(examples, "function-mempool_alloc.md")).read(), \
        "show without options: the page around the default baseline"


def test_json_page(run):
    page = json.loads(run("show", "func", "vfs_statx", "--format", "json").stdout)
    regular = page["groups"][0]
    assert (page["baseline"], [g["group"] for g in page["groups"]]) == (BASELINE, ["Regular", "Arch", "Flavor"]), \
        "json page: baseline and groups"
    assert [i["label"] for i in regular["images"] if not i["present"]] == ["4.4", "4.8", "4.10"], \
        "json page: absent before 4.13"
    changed = [(d["old"], d["new"], d["changes"]) for d in regular["differences"] if d["changes"]]
    assert changed == [("5.15", "5.19", [{"issue": "Param type changed",
                                          "old": "const char *filename", "new": "struct filename *filename"}])], \
        "json page: the one change, 5.15 -> 5.19"
    page = json.loads(run("show", "func", "__d_entry_type", "--format", "json").stdout)
    assert [(g["differences"], g["images"][0]["issues"]) for g in page["groups"]] == \
        [(None, ["Duplicate", "Full Inline"])] * 3, "json page: no prototype anywhere, no differences; issues listed"


def test_per_image_and_names(run):
    r = run("show", "func", "vfs_statx", "--per-image", "--format", "jsonl")
    assert (r.returncode, len(r.stdout.splitlines()),
            sum(json.loads(line)["group"] is None for line in r.stdout.splitlines())) == (0, 25, 3), \
        "--per-image jsonl: one line per image, null where the image lacks it"
    r = run("show", "func", "vfs_statx", "--image", "4.4.0-21-generic-amd64", "--format", "md")
    assert (r.returncode, r.stdout) == (0, "In <code>4.4.0-21-generic-amd64</code>: Absent ⚠️\n"), \
        "--image where it is absent: Absent, exit 0"
    r = run("show", "func", "vfs_statz")
    assert (r.returncode, r.stdout, r.stderr) == \
        (2, "", "ksurf: show: func vfs_statz is in none of the 25 images of the page; did you mean vfs_statx?\n"), \
        "a misspelt name: no page, exit 2, one line"


def test_lts(run):
    page = json.loads(run("show", "func", "blk_account_io_start", "--groups", "lts", "--format", "json").stdout)
    lts = page["groups"][0]
    assert ([i["label"] for i in lts["images"]],
            [(d["old"], d["new"], [c["issue"] for c in d["changes"]]) for d in lts["differences"]]) == \
        (["4.4", "5.4", "5.15"], [("4.4", "5.4", []), ("5.4", "5.15", ["Param removed"])]), \
        "LTS group: the study's long-term series, compared in turn"
    run("show", "func", "blk_account_io_start", "--groups", "lts", "--lts", "4.15,5.4")
    r = run("index", "func", "--groups", "lts,regular", "--lts", "4.15,5.4", "--format", "md")
    assert [line for line in r.stdout.splitlines() if "blk_account_io_start" in line] == \
        ["| blk_account_io_start | ΔSF |  |"], \
        "--lts given: the index takes 4.15 and 5.4 (no change between them)"


def test_differences_without_prototype(ksurf, golden, tmp_path):
    # Differences keep a group whose baseline has the prototype even when none of
    # its other images has one: <b>Arch</b>, <ul>, </ul> with no item between.
    need_examples(["function-mempool_alloc.md"])
    data = os.path.join(tmp_path, "golden-functions-noproto")
    shutil.copytree(golden("functions.py"), data)
    for img in ARCH:
        path = os.path.join(data, "types_func", img + ".jsonl")
        keep = [line for line in open(path) if json.loads(line)["name"] != "vfs_read"]
        open(path, "w").writelines(keep)
    run = ksurf_runner(ksurf, tmp_path / "golden-noproto.db")
    run("import", data)
    r = run("show", "func", "vfs_read", "--baseline", BASELINE, "--format", "md")
    diffs = r.stdout.partition("\n## Differences\n")[2]
    assert ("<b>Arch</b>\n<ul>\n</ul>\n<b>Flavor</b>\n" in diffs, diffs.count("<b>")) == (True, 3), \
        "Differences: an Arch group of images without a prototype is <ul></ul>, not left out"


def test_field_pages(ksurf, golden, tmp_path):
    need_examples(["struct-request.md"])
    run = ksurf_runner(ksurf, tmp_path / "golden-field.db")
    run("import", golden("struct_request.py"))
    r = run("show", "field", "request::cmd_flags", "--format", "md")
    changes = [line for line in r.stdout.splitlines() if "➡️" in line]
    assert changes == ["<code>u64 cmd_flags</code> ➡️ <code>unsigned int cmd_flags</code>",
                       "<code>unsigned int cmd_flags</code> ➡️ <code>blk_opf_t cmd_flags</code>"], \
        "field page: cmd_flags changed type twice"
    assert (r.stdout.splitlines()[0], "```c\nu64 cmd_flags;\n```\n\n**Offset:** 40 bytes\n" in r.stdout) == \
        ("# Field: <code>request::cmd_flags</code>", True), "field page: title and a Status body"
    r = run("show", "field", "request::errors", "--format", "json")
    present = [i["label"] for g in json.loads(r.stdout)["groups"] for i in g["images"] if i["present"]]
    assert present == ["4.4", "4.8", "4.10"], "field page: errors only up to 4.10"
    r = run("show", "field", "request::errors", "--image", "4.4.0-21-generic-amd64", "--format", "json")
    assert json.loads(r.stdout)["member"]["type"] == {"kind": "INT", "name": "int"}, "field per image: the member"
