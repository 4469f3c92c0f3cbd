#!/usr/bin/env python3
"""Report pages, byte for byte against the published examples (../shared/examples).

Usage: test_pages.py KSURF WORK_DIR.  Each dataset in tests/golden/ (a script
writing the published layout from data written or transcribed by hand from
the pages' Status sections) is loaded with ksurf import; ksurf index must give
the marks per group read off the pages, and ksurf show must render each page
around the study's baseline byte for byte (ksurf computes the labels, groups,
issue marks and Differences).  SKIPPED when the examples are not there.
"""
import json
import os
import subprocess
import sys

import checks

ksurf, work = sys.argv[1:3]
here = os.path.dirname(os.path.abspath(__file__))
examples = os.path.join(here, "..", "..", "shared", "examples")
sys.path.insert(0, os.path.join(here, "golden"))
from study_images import BASELINE  # noqa: E402

DATASETS = [  # (fixture script, its pages as (page, kind, name), index kind, index rows)
    ("lsm_file_open.py", [("lsm-file_open.md", "lsm", "file_open")],
     "lsm", ["| file_open | Δ |  |  |"]),
    ("tracepoint_block_rq_issue.py",
     [("tracepoint-block_rq_issue.md", "tracepoint", "block_rq_issue")],
     "tracepoint", ["| block_rq_issue | Δ |  |  |"]),
    ("struct_request.py", [("struct-request.md", "struct", "request")],
     "struct", ["| request | Δ |  |  |"]),
    ("functions.py",
     [("function-" + n + ".md", "func", n) for n in
      ("mempool_alloc", "vfs_read", "vfs_statx", "blk_account_io_start", "__bind", "__d_entry_type")],
     "func", ["| __bind | ΔSCT | SC | SCT |", "| __d_entry_type | FD | FD | FD |",
              "| blk_account_io_start | ΔSF |  |  |", "| mempool_alloc |  |  |  |",
              "| vfs_read | S | S | S |", "| vfs_statx | ∅Δ |  |  |"]),
]


def compare(page, got, want):
    if got == want:
        print(f"PASS: page {page}: byte for byte ({len(want)} bytes)")
        return
    checks.failed += 1
    got, exp = got.splitlines(), want.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(got, exp)) if a != b), min(len(got), len(exp)))
    print(f"FAIL: page {page}: differs at line {line + 1}: "
          f"{got[line] if line < len(got) else '(end)'!r} vs {exp[line] if line < len(exp) else '(end)'!r}")


for script, pages, kind, index_rows in DATASETS:
    missing = [p for p, _, _ in pages if not os.path.exists(os.path.join(examples, p))]
    if missing:
        print(f"SKIPPED: pages {', '.join(missing)}: not in {examples}")
        continue
    data = os.path.join(work, "golden-" + script[:-3])
    subprocess.run([sys.executable, os.path.join(here, "golden", script), data], check=True)
    run = checks.fresh(ksurf, work, "golden.db")
    r = run("import", data)
    checks.check(f"{script}: the dataset imports", (r.returncode, r.stderr), (0, ""))
    r = run("index", kind, "--baseline", BASELINE, "--format", "md")
    checks.check(f"{script}: index {kind}, the marks per group",
                 r.stdout, f"| {kind} | Regular | Arch | Flavor |\n|---|---|---|---|\n"
                 + "".join(row + "\n" for row in index_rows))
    for page, kind, name in pages:
        r = run("show", kind, name, "--baseline", BASELINE, "--format", "md")
        compare(page, r.stdout, open(os.path.join(examples, page)).read())

# The same datasets, beyond the published pages: the page is what `show` gives
# by default (the study's middle amd64 generic image is its baseline), its JSON
# form, and STRUCT::FIELD pages.
if os.path.isdir(os.path.join(work, "golden-functions")):
    run = checks.fresh(ksurf, work, "golden-default.db")
    run("import", os.path.join(work, "golden-functions"))
    r = run("show", "func", "mempool_alloc", "--format", "md")
    checks.check("show without options: the page around the default baseline",
                 r.stdout == open(os.path.join(examples, "function-mempool_alloc.md")).read(), True)
    page = json.loads(run("show", "func", "vfs_statx", "--format", "json").stdout)
    regular = page["groups"][0]
    checks.check("json page: baseline and groups", (page["baseline"], [g["group"] for g in page["groups"]]),
                 (BASELINE, ["Regular", "Arch", "Flavor"]))
    checks.check("json page: absent before 4.13",
                 [i["label"] for i in regular["images"] if not i["present"]], ["4.4", "4.8", "4.10"])
    changed = [(d["old"], d["new"], d["changes"]) for d in regular["differences"] if d["changes"]]
    checks.check("json page: the one change, 5.15 -> 5.19", changed,
                 [("5.15", "5.19", [{"issue": "Param type changed",
                                     "old": "const char *filename", "new": "struct filename *filename"}])])
    page = json.loads(run("show", "func", "__d_entry_type", "--format", "json").stdout)
    checks.check("json page: no prototype anywhere, no differences; issues listed",
                 [(g["differences"], g["images"][0]["issues"]) for g in page["groups"]],
                 [(None, ["Duplicate", "Full Inline"])] * 3)
    r = run("show", "func", "vfs_statx", "--per-image", "--format", "jsonl")
    checks.check("--per-image jsonl: one line per image, null where the image lacks it",
                 (r.returncode, len(r.stdout.splitlines()),
                  sum(json.loads(line)["group"] is None for line in r.stdout.splitlines())), (0, 25, 3))
    r = run("show", "func", "vfs_statx", "--image", "4.4.0-21-generic-amd64", "--format", "md")
    checks.check("--image where it is absent: Absent, exit 0", (r.returncode, r.stdout),
                 (0, "In <code>4.4.0-21-generic-amd64</code>: Absent ⚠️\n"))
    r = run("show", "func", "vfs_statz")
    checks.check("a misspelt name: no page, exit 2, one line", (r.returncode, r.stdout, r.stderr),
                 (2, "", "ksurf: show: func vfs_statz is in none of the 25 images of the page; did you mean vfs_statx?\n"))
    page = json.loads(run("show", "func", "blk_account_io_start", "--groups", "lts", "--format", "json").stdout)
    lts = page["groups"][0]
    checks.check("LTS group: the study's long-term series, compared in turn",
                 ([i["label"] for i in lts["images"]],
                  [(d["old"], d["new"], [c["issue"] for c in d["changes"]]) for d in lts["differences"]]),
                 (["4.4", "5.4", "5.15"], [("4.4", "5.4", []), ("5.4", "5.15", ["Param removed"])]))
    run("show", "func", "blk_account_io_start", "--groups", "lts", "--lts", "4.15,5.4")
    r = run("index", "func", "--groups", "lts,regular", "--lts", "4.15,5.4", "--format", "md")
    checks.check("--lts given: the index takes 4.15 and 5.4 (no change between them)",
                 [line for line in r.stdout.splitlines() if "blk_account_io_start" in line],
                 ["| blk_account_io_start | ΔSF |  |"])
    # Differences keep a group whose baseline has the prototype even when none of
    # its other images has one: <b>Arch</b>, <ul>, </ul> with no item between.
    import shutil
    from study_images import ARCH
    data = os.path.join(work, "golden-functions-noproto")
    shutil.copytree(os.path.join(work, "golden-functions"), data)
    for img in ARCH:
        path = os.path.join(data, "types_func", img + ".jsonl")
        keep = [line for line in open(path) if json.loads(line)["name"] != "vfs_read"]
        open(path, "w").writelines(keep)
    run = checks.fresh(ksurf, work, "golden-noproto.db")
    run("import", data)
    r = run("show", "func", "vfs_read", "--baseline", BASELINE, "--format", "md")
    diffs = r.stdout.partition("\n## Differences\n")[2]
    checks.check("Differences: an Arch group of images without a prototype is <ul></ul>, not left out",
                 ("<b>Arch</b>\n<ul>\n</ul>\n<b>Flavor</b>\n" in diffs, diffs.count("<b>")), (True, 3))
if os.path.isdir(os.path.join(work, "golden-struct_request")):
    run = checks.fresh(ksurf, work, "golden-field.db")
    run("import", os.path.join(work, "golden-struct_request"))
    r = run("show", "field", "request::cmd_flags", "--format", "md")
    changes = [line for line in r.stdout.splitlines() if "➡️" in line]
    checks.check("field page: cmd_flags changed type twice", changes,
                 ["<code>u64 cmd_flags</code> ➡️ <code>unsigned int cmd_flags</code>",
                  "<code>unsigned int cmd_flags</code> ➡️ <code>blk_opf_t cmd_flags</code>"])
    checks.check("field page: title and a Status body",
                 (r.stdout.splitlines()[0], "```c\nu64 cmd_flags;\n```\n\n**Offset:** 40 bytes\n" in r.stdout),
                 ("# Field: <code>request::cmd_flags</code>", True))
    r = run("show", "field", "request::errors", "--format", "json")
    present = [i["label"] for g in json.loads(r.stdout)["groups"] for i in g["images"] if i["present"]]
    checks.check("field page: errors only up to 4.10", present, ["4.4", "4.8", "4.10"])
    r = run("show", "field", "request::errors", "--image", "4.4.0-21-generic-amd64", "--format", "json")
    checks.check("field per image: the member", json.loads(r.stdout)["member"]["type"],
                 {"kind": "INT", "name": "int"})
sys.exit(1 if checks.failed else 0)
