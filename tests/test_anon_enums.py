"""Anonymous enums apart: each named by its first value, "(anon FIRST)".

The fixture kernel has three (kernel/shapes.c: ANON1_X, ANON2_Z;
kernel/events.c: TRACE_EVENT_FL_TRACEPOINT), merged in the dataset's types
into one enum "(anon)".  From the stored BTF show, index and the site give
each its own identity; an imported image (no BTF stored) has none of them.
"""
import json
import os
import shutil

import pytest

from conftest import ksurf_runner

BASE = "5.4.0-26-generic-amd64"
NEWER = "5.8.0-25-generic-amd64"
IMPORTED = "5.6.0-1-generic-amd64"  # from the published layout: no BTF stored
SPLIT = ["(anon ANON1_X)", "(anon ANON2_Z)", "(anon TRACE_EVENT_FL_TRACEPOINT)"]


@pytest.fixture(scope="module")
def ds(ksurf, fixdir, tmp_path_factory):
    d = tmp_path_factory.mktemp("anon")
    run = ksurf_runner(ksurf, d / "a.db")
    for name, f in ((BASE, "vmlinux-upstream"), (NEWER, "vmlinux-v2")):
        r = run("add", "--name", name, os.path.join(fixdir, f))
        assert r.returncode == 0, r.stderr
    r = run("export", str(d / "export"))
    assert r.returncode == 0, r.stderr
    # the base image again, imported: the published layout holds no BTF
    pub = d / "pub"
    for kind in os.listdir(d / "export"):
        for f in os.listdir(d / "export" / kind):
            if f.startswith(BASE + "."):
                os.makedirs(pub / kind, exist_ok=True)
                shutil.copy(d / "export" / kind / f, pub / kind / f.replace(BASE, IMPORTED))
    shutil.rmtree(pub / "image", ignore_errors=True)
    r = run("import", str(pub))
    assert r.returncode == 0, r.stderr
    return d, run


def test_export_keeps_one_merged_record(ds):
    d, _ = ds
    with open(d / "export" / "types_enum" / (BASE + ".jsonl")) as f:
        names = [json.loads(line)["name"] for line in f]
    assert names.count("(anon)") == 1
    assert not [n for n in names if n.startswith("(anon ")]


def test_show_from_btf(ds):
    _, run = ds
    r = run("show", "enum", "(anon ANON1_X)", "--image", BASE, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["type"] == {
        "kind": "ENUM", "name": "(anon ANON1_X)", "size": 4,
        "values": [{"name": "ANON1_X", "val": 1}, {"name": "ANON1_Y", "val": 2}]}
    # the C spelling with its keyword, and the md page
    r = run("show", "enum", "enum (anon ANON2_Z)", "--image", BASE, "--format", "md")
    assert r.returncode == 0, r.stderr
    assert "enum (anon ANON2_Z) {\n    ANON2_Z = -3,\n};" in r.stdout


def test_show_absent_without_btf(ds):
    _, run = ds
    r = run("show", "enum", "(anon ANON1_X)", "--image", IMPORTED, "--format", "json")
    assert (r.returncode, json.loads(r.stdout)["type"]) == (0, None), r.stderr
    # the merged record is there, as before
    r = run("show", "enum", "(anon)", "--image", IMPORTED, "--format", "md")
    assert r.returncode == 0 and "ANON1_X = 1," in r.stdout


def test_value_given_as_enum(ds):
    _, run = ds
    r = run("show", "enum", "ANON1_Y", "--image", BASE)
    assert r.returncode != 0
    assert "ANON1_Y is a value of enum (anon ANON1_X)" in r.stderr


def test_index_rows(ds):
    _, run = ds
    r = run("index", "enum", "--baseline", BASE, "--groups", "regular", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = {row["name"]: row["Regular"] for row in json.loads(r.stdout)["rows"]}
    assert [n for n in rows if n.startswith("(anon")] == SPLIT + ["(anon)"]
    # absent in the imported image, unchanged between the others
    assert all(rows[n] == ["∅"] for n in SPLIT)
    assert rows["(anon)"] == []


def test_site(ds):
    d, run = ds
    site = d / "site"
    r = run("site", str(site), "--baseline", BASE, "--groups", "regular", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    page = site / "enum" / "_2" / "-28anon-20ANON1_X-29.html"
    html = page.read_text()
    assert "<h1>Enum: <code>(anon ANON1_X)</code></h1>" in html
    assert "ANON1_Y = 2" in html
    # the merged page: a list of the enums apart, not their values
    merged = (site / "enum" / "_2" / "-28anon-29.html").read_text()
    for n in SPLIT:
        assert n in merged
    assert 'href="../../enum/_2/-28anon-20ANON1_X-29.html"' in merged
    assert "ANON1_X = 1" not in merged
    assert IMPORTED in merged  # its anonymous enums only in the merged one
    # the index lists each; the search leads from a value to its enum
    other = (site / "enum" / "letter-other.html").read_text()
    assert all(n in other for n in SPLIT)
    # (the imported image's values, only in its merged enum, too: to the
    # enum apart when some image has it)
    vals = (site / "search" / "enumval-a.js").read_text()
    assert '["ANON1_Y","(anon ANON1_X)"]' in vals
    assert '"(anon)"' not in vals
