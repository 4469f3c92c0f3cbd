"""Every output of ksurf on the fixture images, held to a snapshot.

A change meant to keep behaviour (a refactor) must leave every page, export
file and check report byte-identical: this module renders them all (export
tree, show in each format per function and struct, --layout, diff, stats,
check of the fixture BPF objects, the site) and compares each one's SHA-256
with tests/golden/outputs.json.  A change meant to alter an output updates
the snapshot in the same commit, so the review shows which outputs moved:

    KSURF_UPDATE_OUTPUTS=1 /usr/bin/python3 -m pytest tests/test_stable_outputs.py

The ksurf version and the dataset's date (site footers), times, added_at
and scratch paths are masked before hashing, so a commit alone does not move the snapshot.  The fixtures are compiled at test time: the
snapshot holds for Debian 12's gcc and clang.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import HERE, ksurf_runner

SNAPSHOT = os.path.join(HERE, "golden", "outputs.json")
IMAGES = ("upstream", "ubuntu", "debian", "rt", "v2")
RELEASES = {"upstream": "5.4.0-26-generic-amd64", "ubuntu": "5.4.0-26-generic-arm64",
            "debian": "5.4.0-26-lowlatency-amd64", "rt": "4.4.0-21-generic-amd64",
            "v2": "5.8.0-25-generic-amd64"}
BASE = "5.4.0-26-generic-amd64"
PROGRAMS = ("mini.bpf.o", "verdicts.bpf.o", "ftrace.bpf.o", "proto.bpf.o")


def names(export, kind, image="upstream"):
    with open(os.path.join(export, kind, image + ".jsonl")) as f:
        return sorted({json.loads(line)["name"] for line in f})


@pytest.fixture(scope="module")
def outputs(ksurf, fixdir, tmp_path_factory):
    """{output id: bytes} for every output rendered from the fixture dataset."""
    tmp = tmp_path_factory.mktemp("stable")
    run = ksurf_runner(ksurf, tmp / "fx.db")
    for n in IMAGES:
        r = run("add", "--name", n, "--config", os.path.join(fixdir, "config-fixture"),
                os.path.join(fixdir, "vmlinux-" + n))
        assert r.returncode == 0, r.stderr
    # "ksurf 0.2.0", without what a sanitizer build adds after it
    version = " ".join(run("--version").stdout.split()[:2]).encode()
    out = {}

    def keep(oid, *args):
        r = subprocess.run([ksurf, "--db", str(tmp / "fx.db"), *args], capture_output=True)
        out[oid] = b"exit %d\n" % r.returncode + r.stdout + b"\n--stderr--\n" + r.stderr

    export = tmp / "export"
    keep("export", "export", str(export))
    for root, _, files in os.walk(export):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out["export/" + os.path.relpath(p, export)] = fh.read()
    funcs = names(export, "func_groups")
    structs = names(export, "types_struct")
    assert funcs and structs
    for fmt in ("md", "text", "json"):
        for n in funcs:
            keep(f"show func {n} --per-image {fmt}", "show", "func", n, "--per-image", "--format", fmt)
        for n in structs:
            keep(f"show struct {n} --per-image {fmt}", "show", "struct", n, "--per-image", "--format", fmt)
    for n in structs:
        keep(f"show struct {n} --layout", "show", "struct", n, "--layout", "--image", "upstream")
    for fmt in ("text", "json"):
        keep(f"diff upstream v2 {fmt}", "diff", "upstream", "v2", "--format", fmt)
        keep(f"list {fmt}", "list", "--format", fmt)
        keep(f"stats {fmt}", "stats", "--format", fmt)
    # anonymous enums apart, from the stored BTF (the export keeps them merged)
    for fmt in ("md", "text", "json"):
        for n in ("(anon ANON1_X)", "(anon)"):
            keep(f"show enum {n} --per-image {fmt}", "show", "enum", n, "--per-image", "--format", fmt)
    progs = [os.path.join(fixdir, p) for p in PROGRAMS]
    for fmt in ("text", "md", "json"):
        keep(f"check {fmt}", "check", *progs, "--format", fmt)
    # the published layout renamed to releases that form groups, for pages and the site
    grouped = tmp / "grouped"
    for d in os.listdir(export):
        os.makedirs(grouped / d)
        for f in os.listdir(export / d):
            src, ext = f.split(".", 1)
            if src in RELEASES:
                shutil.copy(export / d / f, grouped / d / f"{RELEASES[src]}.{ext}")
    shutil.rmtree(grouped / "image")  # the identity then comes from the names
    db = str(tmp / "fx.db")
    for f in ("", "-wal", "-shm"):
        if os.path.exists(db + f):
            os.remove(db + f)
    keep("import grouped", "import", str(grouped))
    for fmt in ("md", "text", "json"):
        for n in funcs:
            keep(f"show func {n} {fmt}", "show", "func", n, "--format", fmt, "--baseline", BASE)
        keep(f"index func {fmt}", "index", "func", "--format", fmt, "--baseline", BASE)
    site = tmp / "site"
    keep("site", "site", str(site), "--check", progs[0], "--jobs", "1", "--baseline", BASE)
    for root, _, files in os.walk(site):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out["site/" + os.path.relpath(p, site)] = fh.read()
    # paths of this run's scratch directory and the version are not behaviour
    # the dataset's date (site footers: the day the images were added) as well
    return {k: re.sub(rb"from the dataset of \d{4}-\d\d-\d\d", b"from the dataset of DATE",
                      re.sub(rb'"added_at": "[^"]*"', b'"added_at": ""', re.sub(rb"\d+\.\d s\n", b"T s\n", v)))
            .replace(str(tmp).encode(), b"TMP").replace(str(fixdir).encode(), b"FIX")
            .replace(version, b"KSURF-VERSION") for k, v in out.items()}


def test_outputs_match_snapshot(outputs):
    got = {k: hashlib.sha256(v).hexdigest() for k, v in sorted(outputs.items())}
    assert len(got) > 100
    if os.environ.get("KSURF_UPDATE_OUTPUTS"):
        with open(SNAPSHOT, "w") as f:
            json.dump(got, f, indent=0, sort_keys=True)
            f.write("\n")
        pytest.skip(f"snapshot rewritten: {len(got)} outputs")
    with open(SNAPSHOT) as f:
        want = json.load(f)
    moved = sorted(k for k in got.keys() & want.keys() if got[k] != want[k])
    assert (sorted(want.keys() - got.keys()), sorted(got.keys() - want.keys()), moved) == ([], [], [])


def test_outputs_rendered(outputs):
    """The snapshot holds pages, not error messages."""
    exits = {k: v.split(b"\n", 1)[0] for k, v in outputs.items() if v.startswith(b"exit ")}
    failed = sorted(k for k, e in exits.items() if e not in (b"exit 0", b"exit 1"))
    assert failed == []
    assert sum(k.startswith("site/") for k in outputs) > 20
    assert sum(k.startswith("show func") and k.endswith(" md") for k in outputs) >= 20
