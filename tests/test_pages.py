#!/usr/bin/env python3
"""Report pages, byte for byte against the published examples (../shared/examples).

Usage: test_pages.py KSURF WORK_DIR.  For each page with a hand-written dataset in
tests/golden/ (its script writes the published layout), ksurf import loads it
and ksurf show renders the page around the study's baseline; the page must
equal the published one.  SKIPPED when the examples are not there.
"""
import os
import subprocess
import sys

import checks

ksurf, work = sys.argv[1:3]
here = os.path.dirname(os.path.abspath(__file__))
examples = os.path.join(here, "..", "..", "shared", "examples")
sys.path.insert(0, os.path.join(here, "golden"))
from study_images import BASELINE  # noqa: E402

PAGES = [  # (page, fixture script, kind, name, its index row)
    ("lsm-file_open.md", "lsm_file_open.py", "lsm", "file_open", "| file_open | Δ |  |  |"),
    ("tracepoint-block_rq_issue.md", "tracepoint_block_rq_issue.py", "tracepoint", "block_rq_issue",
     "| block_rq_issue | Δ |  |  |"),
]
for page, script, kind, name, index_row in PAGES:
    golden = os.path.join(examples, page)
    if not os.path.exists(golden):
        print(f"SKIPPED: page {page}: {golden} is not there")
        continue
    data = os.path.join(work, "golden-" + page)
    subprocess.run([sys.executable, os.path.join(here, "golden", script), data], check=True)
    run = checks.fresh(ksurf, work, "golden.db")
    r = run("import", data)
    checks.check(f"page {page}: the dataset imports", (r.returncode, r.stderr), (0, ""))
    r = run("index", kind, "--baseline", BASELINE)
    checks.check(f"index {kind}: Changed in Regular from the change on, nothing in Arch and Flavor",
                 r.stdout, f"| {kind} | Regular | Arch | Flavor |\n|---|---|---|---|\n{index_row}\n")
    r = run("show", kind, name, "--baseline", BASELINE)
    want = open(golden).read()
    if r.stdout == want:
        print(f"PASS: page {page}: byte for byte ({len(want)} bytes)")
    else:
        checks.failed += 1
        got, exp = r.stdout.splitlines(), want.splitlines()
        line = next((i for i, (a, b) in enumerate(zip(got, exp)) if a != b), min(len(got), len(exp)))
        print(f"FAIL: page {page}: differs at line {line + 1}: "
              f"{got[line] if line < len(got) else '(end)'!r} vs {exp[line] if line < len(exp) else '(end)'!r}")
sys.exit(1 if checks.failed else 0)
