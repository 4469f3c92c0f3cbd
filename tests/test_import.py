"""ksurf import: the published layout back into a dataset (the inverse of export)."""
import filecmp
import json
import lzma
import os
import shutil

import pytest

from conftest import ksurf_runner


def tree_diff(a, b):
    out = []

    def walk(c, prefix=""):
        out.extend(prefix + f for f in c.diff_files + c.left_only + c.right_only)
        for sub, sc in c.subdirs.items():
            walk(sc, prefix + sub + "/")
    walk(filecmp.dircmp(a, b))
    return out


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return str(tmp_path_factory.mktemp("import"))


@pytest.fixture(scope="module")
def src(ksurf, fixdir, work):
    src = ksurf_runner(ksurf, os.path.join(work, "imp-src.db"))
    src("add", os.path.join(fixdir, "linux-image-5.4.0-26-generic-dbgsym.ddeb"),
        os.path.join(fixdir, "linux-image-5.4.0-26-generic.deb"))
    src("add", "--name", "fx-raw", os.path.join(fixdir, "fixture.btf"))
    return src


@pytest.fixture(scope="module")
def one(src, work):
    one = os.path.join(work, "imp-one")
    src("export", one)
    return one


@pytest.fixture(scope="module")
def imported(ksurf, one, work):
    dst = ksurf_runner(ksurf, os.path.join(work, "imp-dst.db"))
    return dst, dst("import", one)


def test_import(imported):
    r = imported[1]
    assert (r.returncode, r.stderr) == (0, ""), "import exits 0"
    assert len(r.stdout.splitlines()) == 2, "one line per image"


def test_round_trip(src, one, imported, work):
    dst = imported[0]
    two = os.path.join(work, "imp-two")
    shutil.rmtree(two, ignore_errors=True)
    dst("export", two)
    assert os.listdir(one), "the export holds files"
    assert tree_diff(one, two) == [], "export, import, export: the same files"
    ident = ("name", "kind", "release", "version", "abi", "flavor", "arch", "distro", "banner", "compiler",
             "syscalls", "types")
    rows = [[{k: row[k] for k in ident} for row in map(json.loads, db("list", "--format", "jsonl").stdout.splitlines())]
            for db in (src, dst)]
    assert rows[1] == rows[0], "...and the same identity and counts in the dataset"
    r = dst("show", "func", "coll_ss", "--image", "5.4.0-26-generic-amd64")
    assert r.stdout == src("show", "func", "coll_ss", "--image", "5.4.0-26-generic-amd64").stdout, \
        "an imported image shows as the original"


def test_xz(ksurf, one, work):
    # xz-compressed files, as the published dataset ships them
    xzd = os.path.join(work, "imp-xz")
    shutil.rmtree(xzd, ignore_errors=True)
    shutil.copytree(one, xzd)
    for sub in ("func_groups", "types_struct"):
        p = os.path.join(xzd, sub, "5.4.0-26-generic-amd64.jsonl")
        with open(p, "rb") as f, lzma.open(p + ".xz", "wb") as g:
            g.write(f.read())
        os.remove(p)
    x = ksurf_runner(ksurf, os.path.join(work, "imp-xz.db"))
    r = x("import", xzd, "--image", "5.4.0-26-generic-amd64")
    three = os.path.join(work, "imp-three")
    shutil.rmtree(three, ignore_errors=True)
    x("export", three)
    same = all(filecmp.cmp(os.path.join(one, sub, "5.4.0-26-generic-amd64.jsonl"),
                           os.path.join(three, sub, "5.4.0-26-generic-amd64.jsonl"), shallow=False)
               for sub in ("func_groups", "types_struct"))
    assert (r.returncode, same) == (0, True), ".jsonl.xz files read as .jsonl"


def test_malformed_line(ksurf, one, work):
    # untrusted files: a clear error naming file and line, the other images still land
    bad = os.path.join(work, "imp-bad")
    shutil.rmtree(bad, ignore_errors=True)
    shutil.copytree(one, bad)
    with open(os.path.join(bad, "func_groups", "5.4.0-26-generic-amd64.jsonl"), "a") as f:
        f.write('{"name": "broken", "collision_type": "Unique Global", "funcs": [\n')
    b = ksurf_runner(ksurf, os.path.join(work, "imp-bad.db"))
    r = b("import", bad)
    assert (r.returncode, len(r.stderr.splitlines()), "5.4.0-26-generic-amd64.jsonl:" in r.stderr) == \
        (2, 1, True), "a malformed line: exit 2, one line naming file and line"
    assert b("list", "--format", "jsonl").stdout.count("\n") == 1, "...the other image landed"


def test_not_a_dataset(ksurf, fixdir, work):
    r = ksurf_runner(ksurf, os.path.join(work, "imp-none.db"))("import", os.path.join(fixdir, "linux"))
    assert (r.returncode, "published layout" in r.stderr) == (2, True), "not a dataset directory: exit 2"
