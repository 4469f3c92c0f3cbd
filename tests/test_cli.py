#!/usr/bin/env python3
"""The command line as a user meets it: usage errors, formats, names, settings.

Usage: test_cli.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import json
import os
import shutil
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
check = checks.check
run = checks.fresh(ksurf, work, "cli.db")

# Usage errors: one line naming the mistake and pointing at --help, exit 2.
for args, line in (
        (["show", "func"], "ksurf show: missing NAME (see 'ksurf show --help')"),
        (["diff", "A"], "ksurf diff: missing IMAGE_B (see 'ksurf diff --help')"),
        (["list", "--fromat", "json"], "ksurf list: unknown option '--fromat'; did you mean --format? (see 'ksurf list --help')"),
        (["show", "func", "f", "--format"], "ksurf show: option '--format' needs a value (see 'ksurf show --help')"),
        (["list", "extra"], "ksurf list: unexpected argument 'extra' (see 'ksurf list --help')"),
        (["add"], "ksurf add: missing INPUT (see 'ksurf add --help')"),
        (["--bogus"], "ksurf: unknown option '--bogus' (see 'ksurf --help')"),
        ([], "ksurf: missing COMMAND (see 'ksurf --help')")):
    r = run(*args)
    check(f"usage error {' '.join(args) or '(none)'}: exit 2, one line, no help",
          (r.returncode, r.stderr, r.stdout), (2, line + "\n", ""))
r = run("show", "--help")
check("--help: the usage on stdout, exit 0", (r.returncode, r.stdout.startswith("usage: ksurf show")), (0, True))

# A dataset of named releases: the fixture images exported, renamed, imported.
cfg = os.path.join(fixdir, "config-fixture")
run("add", "--name", "v1", "--config", cfg, os.path.join(fixdir, "vmlinux-upstream"))
run("add", "--name", "v2", "--config", cfg, os.path.join(fixdir, "vmlinux-v2"))
layout = os.path.join(work, "cli-layout")
run("export", layout)
shutil.rmtree(os.path.join(layout, "image"))  # the identity then comes from the names
NAMES = {"v1": ["5.4.0-26-generic-amd64", "5.4.0-26-generic-arm64", "4.4.0-21-lowlatency-arm64"],
         "v2": ["5.8.0-25-generic-amd64"]}
for d in os.listdir(layout):
    for f in os.listdir(os.path.join(layout, d)):
        src, ext = f.split(".", 1)
        for name in NAMES[src]:
            shutil.copy(os.path.join(layout, d, f), os.path.join(layout, d, f"{name}.{ext}"))
        os.remove(os.path.join(layout, d, f))
run = checks.fresh(ksurf, work, "cli.db")
r = run("import", layout)
check("the renamed layout imports", (r.returncode, r.stderr), (0, ""))
A, B = "5.4.0-26-generic-amd64", "5.8.0-25-generic-amd64"

# --format json is one document everywhere; jsonl one JSON value per line.
for args in (["list"], ["index", "func", "--baseline", A], ["diff", A, B],
             ["show", "func", "global_fn", "--per-image"], ["show", "config", "CONFIG_BPF"],
             ["show", "func", "global_fn", "--baseline", A]):
    r = run(*args, "--format", "json")
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        doc = None
    check(f"{' '.join(args)} --format json: one JSON document", (r.returncode, doc is not None), (0, True))
    if args[0] == "show" and "--baseline" in args:
        continue  # a page is one document in either format
    r = run(*args, "--format", "jsonl")
    lines = r.stdout.splitlines()
    try:
        parsed = [json.loads(line) for line in lines]
    except ValueError:
        parsed = None
    want = doc if isinstance(doc, list) else doc.get("kinds", doc.get("rows")) if doc else None
    check(f"{' '.join(args)} --format jsonl: a line per record, json's records",
          (r.returncode, parsed), (0, want))

# Images outside every group: named on stderr, in the JSON page, reachable per image.
U = "4.4.0-21-lowlatency-arm64"
r = run("show", "func", "global_fn", "--baseline", A)
check("an image in no group is named on stderr, the page printed",
      (r.returncode, r.stderr), (0, f"ksurf: show: 1 image in no group around {A}: {U} (see --per-image)\n"))
r = run("show", "func", "global_fn", "--format", "json")
check("...and in the JSON page's ungrouped list", json.loads(r.stdout)["ungrouped"], [U])
r = run("show", "func", "global_fn", "--per-image", "--format", "jsonl")
check("...and --per-image shows it", [json.loads(line)["image"] for line in r.stdout.splitlines()].count(U), 1)
r = run("show", "func", "global_fn", "--image", U, "--format", "md")
check("...and --image", (r.returncode, r.stdout.startswith(f"In <code>{U}</code>: ")), (0, True))
r = run("show", "func", "global_fn", "--baseline", U)
check("a baseline forming no group: exit 2, one line, no page",
      (r.returncode, r.stdout, r.stderr.count("\n"), "forms no group" in r.stderr), (2, "", 1, True))
r = run("config", "baseline")
check("...and it is not remembered", (r.returncode, r.stdout), (1, ""))

# Remembered settings: visible and resettable.
r = run("config")
check("config lists the settings", r.stdout, f"baseline={A} (default)\nlts=4.4,4.9,4.14,4.19,5.4,5.10,5.15,6.1,6.6,6.12 (default)\n")
run("config", "lts", "5.4,5.8")
r = run("config", "lts")
check("config KEY VALUE sets it", r.stdout, "5.4,5.8\n")
check("config lts checks the value", run("config", "lts", "five").returncode, 2)
run("config", "--unset", "baseline")
r = run("config", "baseline")
check("config --unset forgets it: exit 1, nothing", (r.returncode, r.stdout), (1, ""))
r = run("config")
check("...the default shown as such", r.stdout.splitlines()[0], f"baseline={A} (default)")
r = run("config", "baseline", "5.8.0-25-gen")
check("config baseline takes a unique prefix, keeps the full name",
      (r.returncode, run("config", "baseline").stdout), (0, B + "\n"))
check("config of an unknown key: exit 2", run("config", "colour").returncode, 2)
run("config", "--unset", "baseline")

# Image names: the full name, the release, a unique prefix; else the closest names.
r = run("diff", "5.4.0-26-generic-am", "5.8", "--format", "jsonl", "--kind", "syscall")
check("diff takes unique prefixes", (r.returncode, json.loads(r.stdout)["kind"]), (0, "syscall"))
r = run("diff", "5.4.0-26-generic-amd46", B)
check("an unknown image: exit 2, the closest names suggested, closest first",
      (r.returncode, r.stderr.startswith("ksurf: diff: no image named 5.4.0-26-generic-amd46 in the dataset; "
                                         "did you mean 5.4.0-26-generic-amd64, 5.4.0-26-generic-arm64")),
      (2, True))
r = run("diff", "5.4.0-26", B)
check("an ambiguous prefix: exit 2, the candidates named",
      (r.returncode, "names 2 images" in r.stderr, r.stderr.count("\n")), (2, True, 1))
r = run("show", "func", "global_fn", "--baseline", "5.4.0-26-generic-amd")
check("--baseline takes an alias", r.returncode, 0)
check("...for that run only: nothing remembered", run("config", "baseline").stdout, "")
r = run("show", "func", "global_fm")
check("a misspelt function: did you mean", (r.returncode, r.stderr.endswith("; did you mean global_fn?\n")), (2, True))
r = run("show", "field", "shapes::nmae", "--image", A)
check("a misspelt field: its struct's members suggested",
      (r.returncode, "; did you mean shapes::name" in r.stderr), (2, True))

# Text tables line up by display width (∅ and Δ are one column).
r = run("index", "func", "--format", "text", "--baseline", A)
lines = r.stdout.splitlines()
head = lines[0]
at = [head.index(title) for title in head.split()[1:]]  # where each group's column starts
marked = [line for line in lines[1:] if "∅" in line or "Δ" in line]


def aligned(line):
    """Each non-empty cell after the name starts at its heading's column."""
    cells = [i for i in range(1, len(line)) if line[i] != " " and line[i - 1] == " "]
    return all(c in at for c in cells[1:]) and bool(cells)


check("index --format text: rows with ∅ or Δ, their cells under their headings",
      (bool(marked), [line for line in marked if not aligned(line)]), (True, []))
r = run("list")
lines = r.stdout.split("\n\n")[0].splitlines()
check("list: every line as wide as the heading", {len(line) for line in lines}, {len(lines[0])})

# On a terminal, the default is text: no HTML.
import pty
import subprocess
for args in (["show", "func", "global_fn"], ["show", "config", "CONFIG_BPF"], ["index", "func"],
             ["show", "func", "global_fn", "--per-image"]):
    leader, follower = pty.openpty()
    p = subprocess.run([ksurf, "--db", os.path.join(work, "cli.db"), *args], stdout=follower,
                       stderr=subprocess.DEVNULL)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    text = out.decode()
    check(f"{' '.join(args)} on a terminal: text, no HTML",
          (p.returncode, "<code>" in text or "<b>" in text or "<details>" in text, bool(text)), (0, False, True))

# show config: text has no HTML; an option no image has is an error like any name.
r = run("show", "config", "CONFIG_BPF", "--format", "text")
check("show config --format text: plain text", (r.returncode, "<" in r.stdout, "CONFIG_BPF=y" in r.stdout),
      (0, False, True))
r = run("show", "config", "CONFIG_FIXTURE", "--format", "text")
check("...an option not set is shown so", "# CONFIG_FIXTURE is not set" in r.stdout, True)
r = run("show", "config", "CONFIG_NO_SUCH_OPTION")
check("...an option in no image: exit 2, one line", (r.returncode, r.stdout, r.stderr.count("\n")), (2, "", 1))
for args in (["show", "func", "global_fn", "--per-image"], ["show", "func", "global_fn", "--baseline", A],
             ["show", "struct", "shapes", "--image", A], ["diff", A, B], ["index", "func"], ["list"]):
    r = run(*args, "--format", "text")
    check(f"{' '.join(args)} --format text: no HTML", (r.returncode, "<code>" in r.stdout or "<b>" in r.stdout),
          (0, False))

# make install: the binary and a man page holding every command and option.
import re
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.path.relpath(os.path.dirname(ksurf), repo)
dest = os.path.join(work, "inst")
r = subprocess.run(["make", "--no-print-directory", "-C", repo, "install", f"DESTDIR={dest}", "PREFIX=/usr",
                    f"BUILD={build}"], capture_output=True, text=True)
man = os.path.join(dest, "usr/share/man/man1/ksurf.1")
check("make install DESTDIR= PREFIX=: bin/ksurf and share/man/man1/ksurf.1",
      (r.returncode, os.access(os.path.join(dest, "usr/bin/ksurf"), os.X_OK), os.path.exists(man)), (0, True, True))
page = open(man).read().replace("\\-", "-") if os.path.exists(man) else ""
version = subprocess.run([ksurf, "--version"], capture_output=True, text=True).stdout.split()
check("ksurf --version, the man page's version", (version[0], f'"ksurf {version[1]}"' in page), ("ksurf", True))
commands = re.findall(r"^  (\w+) ", subprocess.run([ksurf, "--help"], capture_output=True, text=True).stdout, re.M)
check("the man page describes every command", [c for c in commands if f'.SS "{c}' not in page], [])
missing = []
for c in commands:
    text = subprocess.run([ksurf, c, "--help"], capture_output=True, text=True).stdout
    missing += [f"{c} {o}" for o in sorted(set(re.findall(r"--[a-z][a-z-]+", text)))
                if o not in page and o != "--help"]
check("...and every option their --help names", missing, [])

# Output that cannot be written is no success: a full disk gives one line and exit 2.
import subprocess  # noqa: E402
for args in (["list"], ["show", "func", "global_fn", "--format", "md"], ["diff", A, B],
             ["index", "func"], ["list", "--format", "json"]):
    with open("/dev/full", "w") as full:
        r = subprocess.run([ksurf, "--db", os.path.join(work, "cli.db"), *args], stdout=full,
                           stderr=subprocess.PIPE, text=True)
    last = r.stderr.splitlines()[-1] if r.stderr else ""
    check(f"{' '.join(args)} > /dev/full: exit 2, the closing line says the output was not written",
          (r.returncode, "writing the output: No space left on device" in last), (2, True))
# every long option a command takes appears in its --help
import glob
import re
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "cli")
missing = []
n_opts = 0
for f in sorted(glob.glob(os.path.join(src, "cmd_*.c"))):
    cmd = os.path.basename(f)[4:-2]
    text = open(f).read()
    opts = re.findall(r'\{\s*"([a-z][a-z0-9-]*)",\s*(?:no|required|optional)_argument', text)
    if not opts:
        continue
    r = subprocess.run([ksurf, cmd, "--help"], capture_output=True, text=True)
    for o in opts:
        if o == "help":
            continue
        n_opts += 1
        if "--" + o not in r.stdout:
            missing.append(f"{cmd} --{o}")
check(f"every long option of every command ({n_opts}) is in its --help", (n_opts > 30, missing), (True, []))
sys.exit(1 if checks.failed else 0)
