#!/usr/bin/env python3
"""The command line as a user meets it: usage errors, formats, names, settings.

Usage: test_cli.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import json
import os
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
check = checks.check
run = checks.fresh(ksurf, work, "cli.db")

# Usage errors: one line naming the mistake and pointing at --help, exit 2.
for args, line in (
        (["show", "func"], "ksurf show: missing NAME (see 'ksurf show --help')"),
        (["diff", "A"], "ksurf diff: missing IMAGE_B (see 'ksurf diff --help')"),
        (["list", "--fromat", "json"], "ksurf list: unknown option '--fromat' (see 'ksurf list --help')"),
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

# --format json is one document everywhere; jsonl one JSON value per line.
cfg = os.path.join(fixdir, "config-fixture")
run("add", "--name", "a", "--config", cfg, os.path.join(fixdir, "vmlinux-upstream"))
run("add", "--name", "b", "--config", cfg, os.path.join(fixdir, "vmlinux-v2"))
for args in (["list"], ["index", "func", "--baseline", "a"], ["diff", "a", "b"],
             ["show", "func", "global_fn", "--per-image"], ["show", "config", "CONFIG_BPF"],
             ["show", "func", "global_fn", "--baseline", "a"]):
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

# show config: text has no HTML; an option no image has is an error like any name.
r = run("show", "config", "CONFIG_BPF", "--format", "text")
check("show config --format text: plain text", (r.returncode, "<" in r.stdout, "CONFIG_BPF=y" in r.stdout),
      (0, False, True))
r = run("show", "config", "CONFIG_FIXTURE", "--format", "text")
check("...an option not set is shown so", "# CONFIG_FIXTURE is not set" in r.stdout, True)
r = run("show", "config", "CONFIG_NO_SUCH_OPTION")
check("...an option in no image: exit 2, one line", (r.returncode, r.stdout, r.stderr.count("\n")), (2, "", 1))
for args in (["show", "func", "global_fn", "--per-image"], ["show", "func", "global_fn", "--baseline", "a"],
             ["show", "struct", "shapes", "--image", "a"], ["diff", "a", "b"], ["index", "func"], ["list"]):
    r = run(*args, "--format", "text")
    check(f"{' '.join(args)} --format text: no HTML", (r.returncode, "<code>" in r.stdout or "<b>" in r.stdout),
          (0, False))

sys.exit(1 if checks.failed else 0)
