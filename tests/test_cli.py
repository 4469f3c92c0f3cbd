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

sys.exit(1 if checks.failed else 0)
