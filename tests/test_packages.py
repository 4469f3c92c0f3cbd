"""ksurf add from packages (the gcc-built fixture in dpkg-deb packages)."""
import filecmp
import os
import subprocess

import pytest

from conftest import ksurf_runner

release = "5.4.0-26-generic"


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return str(tmp_path_factory.mktemp("packages"))


@pytest.fixture(scope="module")
def pkgs(fixdir):
    """(the debug package, the same with data.tar.gz, the image package)"""
    return (os.path.join(fixdir, f"linux-image-{release}-dbgsym.ddeb"),
            os.path.join(fixdir, f"linux-image-unsigned-{release}-dbgsym_gz.ddeb"),
            os.path.join(fixdir, f"linux-image-{release}.deb"))


def fresh(ksurf, work, name):
    return ksurf_runner(ksurf, os.path.join(work, name))


def same_export(work, run_a, run_b, tag):
    out = []
    for run, d in ((run_a, f"{tag}-a"), (run_b, f"{tag}-b")):
        path = os.path.join(work, d)
        run("export", path)
        out.append(path)
    cmp = filecmp.dircmp(*out)
    diffs = []

    def walk(c, prefix=""):
        diffs.extend(prefix + f for f in c.diff_files + c.left_only + c.right_only)
        for sub, sc in c.subdirs.items():
            walk(sc, prefix + sub + "/")
    walk(cmp)
    return diffs, sorted(os.listdir(out[0]))


def test_debug_and_image_package(ksurf, fixdir, work, pkgs):
    # The debug package with its image package: the vmlinux read from the stream,
    # the config from the image package.
    dbg, dbg_gz, image = pkgs
    pkg = fresh(ksurf, work, "pkg.db")
    r = pkg("add", dbg, image)
    assert (r.returncode, r.stderr) == (0, ""), "add .ddeb + image .deb exits 0"
    assert r.stdout.startswith(f"added {release}-amd64: ") and ", config" in r.stdout, \
        "named from the banner, with the config"
    # The same package again: refused from its name before anything is decoded or walked.
    env = dict(os.environ, KSURF_TIMING="1")
    r = subprocess.run([ksurf, "--db", os.path.join(work, "pkg.db"), "add", dbg], capture_output=True, text=True,
                       env=env)
    assert (r.returncode, "already in the dataset" in r.stderr, "timing: dwarf" in r.stderr) == (2, True, False), \
        "the package again: refused before the vmlinux is read (no DWARF walk, no extraction)"
    r = subprocess.run([ksurf, "--db", os.path.join(work, "pkg.db"), "add", "--name", f"{release}-amd64",
                        os.path.join(fixdir, "vmlinux-upstream")], capture_output=True, text=True, env=env)
    assert (r.returncode, "already in the dataset" in r.stderr, "timing: dwarf" in r.stderr) == (2, True, False), \
        "a vmlinux already there: refused before its DWARF walk"
    ref = fresh(ksurf, work, "ref.db")
    r = ref("add", "--config", os.path.join(fixdir, "config-fixture"), os.path.join(fixdir, "vmlinux-upstream"))
    assert r.returncode == 0, "add of the same vmlinux, extracted"
    diffs, dirs = same_export(work, pkg, ref, "x")
    assert diffs == [], "the package gives the same dataset as the extracted vmlinux"
    assert dirs == ["comment", "config", "func_groups", "image", "symtab", "syscalls", "tracepoints", "types_enum",
                    "types_enum64", "types_func", "types_int", "types_struct", "types_typedef", "types_union"], \
        "...in every exported kind"


def test_data_tar_gz(ksurf, fixdir, work, pkgs):
    # data.tar.gz, streamed by libarchive.
    gz = fresh(ksurf, work, "gz.db")
    r = gz("add", pkgs[1])
    assert (r.returncode, r.stderr) == (0, ""), "add of a package with data.tar.gz exits 0"
    ref2 = fresh(ksurf, work, "ref2.db")
    ref2("add", os.path.join(fixdir, "vmlinux-upstream"))
    diffs, dirs = same_export(work, gz, ref2, "g")
    assert diffs == [], "...and gives the same dataset"
    assert dirs, "...an export with files in it"


def test_several_inputs(ksurf, fixdir, work, pkgs):
    # Several inputs at once; a bad one does not stop the others.  The bad
    # packages name images of their own: bad-pkg-truncated.deb is the debug
    # package cut short, and whether it fails on its bytes or on its name
    # (already added by the other worker) would depend on which ends first.
    dbg, dbg_gz, image = pkgs
    many = fresh(ksurf, work, "many.db")
    r = many("add", "-j", "2", dbg, os.path.join(fixdir, "bad-pkg-no-vmlinux.deb"),
             os.path.join(fixdir, "fixture.btf"), os.path.join(fixdir, "bad-pkg-vmlinux-cut.deb"))
    assert r.returncode == 2, "-j 2 with two bad packages exits 2"
    assert sorted(os.path.basename(l.split(":")[1]) if ":" in l else l for l in r.stderr.splitlines()) == \
        ["bad-pkg-no-vmlinux.deb", "bad-pkg-vmlinux-cut.deb"], "...one error line per bad package, naming it"
    r = many("list", "--format", "jsonl")
    assert len(r.stdout.splitlines()) == 2, "...and the good inputs landed"
    r = many("add", image)
    assert (r.returncode, "without the debug package" in r.stderr) == (2, True), \
        "an image package alone is refused"
