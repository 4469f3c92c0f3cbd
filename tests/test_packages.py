#!/usr/bin/env python3
"""ksurf add from packages (the gcc-built fixture in dpkg-deb packages).

Usage: test_packages.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import filecmp
import os
import subprocess
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
check = checks.check
release = "5.4.0-26-generic"
dbg = os.path.join(fixdir, f"linux-image-{release}-dbgsym.ddeb")
dbg_gz = os.path.join(fixdir, f"linux-image-unsigned-{release}-dbgsym_gz.ddeb")
image = os.path.join(fixdir, f"linux-image-{release}.deb")


def fresh(name):
    return checks.fresh(ksurf, work, name)


def same_export(run_a, run_b, tag):
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


# The debug package with its image package: the vmlinux read from the stream,
# the config from the image package.
pkg = fresh("pkg.db")
r = pkg("add", dbg, image)
check("add .ddeb + image .deb exits 0", (r.returncode, r.stderr), (0, ""))
check("named from the banner, with the config",
      r.stdout.startswith(f"added {release}-amd64: ") and ", config" in r.stdout, True)
# The same package again: refused from its name before anything is decoded or walked.
env = dict(os.environ, KSURF_TIMING="1")
r = subprocess.run([ksurf, "--db", os.path.join(work, "pkg.db"), "add", dbg], capture_output=True, text=True, env=env)
check("the package again: refused before the vmlinux is read (no DWARF walk, no extraction)",
      (r.returncode, "already in the dataset" in r.stderr, "timing: dwarf" in r.stderr), (2, True, False))
r = subprocess.run([ksurf, "--db", os.path.join(work, "pkg.db"), "add", "--name", f"{release}-amd64",
                    os.path.join(fixdir, "vmlinux-upstream")], capture_output=True, text=True, env=env)
check("a vmlinux already there: refused before its DWARF walk",
      (r.returncode, "already in the dataset" in r.stderr, "timing: dwarf" in r.stderr), (2, True, False))
ref = fresh("ref.db")
r = ref("add", "--config", os.path.join(fixdir, "config-fixture"), os.path.join(fixdir, "vmlinux-upstream"))
check("add of the same vmlinux, extracted", r.returncode, 0)
diffs, dirs = same_export(pkg, ref, "x")
check("the package gives the same dataset as the extracted vmlinux", diffs, [])
check("...in every exported kind", dirs,
      ["comment", "config", "func_groups", "image", "symtab", "syscalls", "tracepoints", "types_enum",
       "types_enum64", "types_func", "types_int", "types_struct", "types_typedef", "types_union"])

# data.tar.gz, streamed by libarchive.
gz = fresh("gz.db")
r = gz("add", dbg_gz)
check("add of a package with data.tar.gz exits 0", (r.returncode, r.stderr), (0, ""))
ref2 = fresh("ref2.db")
ref2("add", os.path.join(fixdir, "vmlinux-upstream"))
check("...and gives the same dataset", same_export(gz, ref2, "g")[0], [])

# Several inputs at once; a bad one does not stop the others.
many = fresh("many.db")
r = many("add", "-j", "2", dbg, os.path.join(fixdir, "bad-pkg-truncated.deb"),
         os.path.join(fixdir, "fixture.btf"), os.path.join(fixdir, "bad-pkg-vmlinux-cut.deb"))
check("-j 2 with two bad packages exits 2", r.returncode, 2)
check("...one error line per bad package, naming it",
      sorted(os.path.basename(l.split(":")[1]) if ":" in l else l for l in r.stderr.splitlines()),
      ["bad-pkg-truncated.deb", "bad-pkg-vmlinux-cut.deb"])
r = many("list", "--format", "jsonl")
check("...and the good inputs landed", len(r.stdout.splitlines()), 2)
r = many("add", image)
check("an image package alone is refused", (r.returncode, "without the debug package" in r.stderr),
      (2, True))
sys.exit(1 if checks.failed else 0)
