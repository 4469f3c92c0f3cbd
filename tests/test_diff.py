"""ksurf diff between the fixture kernel and its next "version" (built with -DFX_V2)."""
import json
import os

import pytest

from conftest import ksurf_runner


@pytest.fixture(scope="module")
def run(ksurf, fixdir, tmp_path_factory):
    run = ksurf_runner(ksurf, tmp_path_factory.mktemp("diff") / "diff.db")
    run("add", "--name", "v1", os.path.join(fixdir, "vmlinux-upstream"))
    run("add", "--name", "v2", os.path.join(fixdir, "vmlinux-v2"))
    return run


@pytest.fixture(scope="module")
def diff_json(run):
    return run("diff", "v1", "v2", "--format", "json")


@pytest.fixture(scope="module")
def doc(diff_json):
    return json.loads(diff_json.stdout)


@pytest.fixture(scope="module")
def kinds(doc):
    return {d["kind"]: d for d in doc["kinds"]}


def test_exit_0(diff_json):
    r = diff_json
    assert (r.returncode, r.stderr) == (0, ""), "diff exits 0"


def test_json_document(doc):
    assert (doc["old"], doc["new"], len(doc["kinds"])) == ("v1", "v2", 9), \
        "json is one document naming both images"


def test_jsonl(run, doc):
    r = run("diff", "v1", "v2", "--format", "jsonl")
    assert [json.loads(line) for line in r.stdout.splitlines()] == doc["kinds"], \
        "jsonl: one kind per line, the same objects"


def test_kinds_in_order(kinds):
    assert list(kinds) == ["func", "struct", "union", "enum", "tracepoint", "lsm", "kfunc", "syscall", "config"], \
        "every kind, in order"


def test_changes(kinds):
    f = {c["name"]: c["changes"] for c in kinds["func"]["changed"]}
    assert f.get("shapes_params") == [
        {"issue": "Param added", "old": "long int flags", "new": None},
        {"issue": "Param removed", "old": "int (*cb)(int, int)", "new": None},
        {"issue": "Param reordered", "old": "cb, argv, p", "new": "flags, p, argv"}], \
        "function changes: added, removed, reordered (all names), in that order"
    assert f.get("shapes_void") == [{"issue": "Return type changed", "old": "void", "new": "int"}], \
        "return type changed"
    assert kinds["union"]["changed"] == [
        {"name": "shape_union", "changes": [{"issue": "Field added", "old": "int extra", "new": None}]}], \
        "union field added"
    assert kinds["enum"]["changed"] == [{"name": "small_enum", "changes": [
        {"issue": "Value added", "old": "SMALL_C = 7", "new": None},
        {"issue": "Value changed", "old": "SMALL_B = 5", "new": "SMALL_B = 6"}]}], \
        "enum value added and changed"


def test_counts(kinds):
    # the fixture's table has 4 entries, two of them the ni_syscall placeholder: 2 system calls
    assert [(kinds[k]["old"], kinds[k]["new"], len(kinds[k]["added"]), len(kinds[k]["removed"]))
            for k in ("func", "struct", "syscall")] == [(32, 32, 0, 0), (11, 11, 0, 0), (2, 2, 0, 0)], "counts"
    assert kinds["func"]["issues"] == {"Param added": 1, "Param removed": 1, "Param reordered": 1,
                                       "Return type changed": 1, "Full Inline": 1}, "issue counts"


def test_full_inline(kinds):
    assert ([c for c in kinds["func"]["changed"] if c["name"] == "shapes_step"],
            "shapes_step" in kinds["func"]["removed"]) == \
        ([{"name": "shapes_step", "changes": [{"issue": "Full Inline", "old": "No", "new": "Full"}]}], False), \
        "a function fully inlined in v2 is changed, not removed: Full Inline"


def test_against_itself(run):
    r = run("diff", "v1", "v1", "--format", "jsonl")
    lines = r.stdout.splitlines()
    assert lines, "an image against itself: a line per kind"
    assert sum(len(d["added"]) + len(d["removed"]) + len(d["changed"])
               for d in map(json.loads, lines)) == 0, "an image against itself: nothing changed"


def test_usage_errors(run):
    r = run("diff", "v1", "nope")
    assert (r.returncode, r.stderr.strip()) == (2, "ksurf: diff: no image named nope in the dataset"), \
        "unknown image: exit 2, one line"
    r = run("diff", "v1", "v2", "--kind", "bogus")
    assert r.returncode == 2, "unknown kind: exit 2"
