#!/usr/bin/env python3
"""SPEC §6 decoders on the fixture (kernel/events.c) and on damaged copies of it.

Usage: test_decoders.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import json
import os
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
check = checks.check


def fresh(name):
    return checks.fresh(ksurf, work, name)


def counts(run):
    row = json.loads(run("list", "--format", "jsonl").stdout.splitlines()[0])
    return {k: row[k] for k in ("syscalls", "tracepoints", "lsm_hooks", "kfuncs")}


run = fresh("dec.db")
r = run("add", "--name", "fx", os.path.join(fixdir, "vmlinux-upstream"))
check("add of the fixture exits 0", (r.returncode, r.stderr), (0, ""))
check("counts of each kind", counts(run), {"syscalls": 4, "tracepoints": 2, "lsm_hooks": 1, "kfuncs": 1})
exp = os.path.join(work, "dec-export")
run("export", exp)
check("syscalls by number, prefixes stripped",
      open(os.path.join(exp, "syscalls", "fx.json")).read(),
      '{\n  "0": "fx_read",\n  "1": "fx_write",\n  "2": "ni_syscall",\n  "3": "ni_syscall"\n}')
tps = [json.loads(l) for l in open(os.path.join(exp, "tracepoints", "fx.jsonl"))]
check("tracepoints kept: flagged TRACEPOINT, not IGNORE_ENABLE, a null pointer and an "
      "unterminated format string skipped",
      [(t["event_name"], t["class_name"], t["fmt_str"]) for t in tps],
      [("fx_kept", "fx_class", '"value=%d", REC->value'), ("fx_also", "fx_class", '"also=%d", REC->value')])
check("tracepoint keys, as published", list(tps[0]),
      ["class_name", "event_name", "func_name", "struct_name", "fmt_str", "func", "struct"])
check("tracepoint struct, normalized",
      [m["name"] for m in tps[0]["struct"]["members"]], ["ent", "value", "__data"])
r = run("show", "tracepoint", "fx_kept", "--format", "md")
check("show tracepoint", r.stdout, """In <code>fx</code>: ✅

Event:

```c
struct trace_event_raw_fx_class {
    struct trace_entry ent;
    int value;
    char __data[0];
};
```
Function:

```c
void trace_event_raw_event_fx_class(void *__data, int value);
```
""")
r = run("show", "lsm", "file_open", "--format", "md")
check("show lsm: the hook's security_ function",
      r.stdout, "In <code>fx</code>: ✅\n\n```c\nint security_file_open(struct file *file);\n```\n")
r = run("show", "lsm", "bprm_check_security")
check("an LSM head without its security_ function is left out (a name in no image: exit 2)",
      (r.returncode, r.stdout, r.stderr), (2, "", "ksurf: show: lsm bprm_check_security is not in fx\n"))
check("show kfunc", run("show", "kfunc", "bpf_fx_kfunc", "--format", "md").stdout,
      "In <code>fx</code>: ✅\n\n```c\nint bpf_fx_kfunc(int x);\n```\n")
check("bpf_lsm_ BTF IDs are no kfuncs", run("show", "kfunc", "bpf_lsm_file_open").returncode, 2)
check("show syscall: json of every image is one array", json.loads(run("show", "syscall", "fx_write", "--format", "json").stdout),
      [{"image": "fx", "nr": 1}])
check("the compact text view: one line per image with its marks, the prototype under it",
      run("show", "lsm", "file_open", "--format", "text").stdout,
      "LSM file_open\n  fx                            ✅\n" + " " * 32 + "int security_file_open(struct file *file);\n")

# Damaged tables: an empty kind or a clear error, never a crash.
run = fresh("dec-bad1.db")
r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-events-outside"))
check("a tracepoint pointer outside every section: that event is left out",
      (r.returncode, counts(run)["tracepoints"]), (0, 1))
run = fresh("dec-bad2.db")
r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-no-class"))
check("an event_class_ symbol missing: its events are left out",
      (r.returncode, counts(run)["tracepoints"]), (0, 0))
run = fresh("dec-empty.db")
r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-events-empty"))
check("an empty tracepoint table: no tracepoints, the rest as before",
      (r.returncode, counts(run)), (0, {"syscalls": 4, "tracepoints": 0, "lsm_hooks": 1, "kfuncs": 1}))
run = fresh("dec-switch.db")
r = run("add", "--name", "fx", os.path.join(fixdir, "dec-no-syscall-table"))
run("export", os.path.join(work, "dec-switch"))
check("no sys_call_table (dispatch by switch): the __ARCH_sys_ functions",
      (r.returncode, sorted(json.load(open(os.path.join(work, "dec-switch", "syscalls", "fx.json"))).values())),
      (0, ["fx_read", "fx_write", "ni_syscall"]))
r = run("show", "syscall", "fx_read", "--format", "json", "--image", "fx")
check("...those have no numbers: nr null, the page has no Number line",
      (json.loads(r.stdout)["nr"], "Number" in run("show", "syscall", "fx_read", "--per-image").stdout),
      (None, False))
run = fresh("dec-size0.db")
r = run("add", "--name", "fx", os.path.join(fixdir, "dec-table-size0"))
run("export", os.path.join(work, "dec-size0"))
check("sys_call_table of size 0 (s390x, mips64el): the table up to its section's next symbol or end",
      (r.returncode, open(os.path.join(work, "dec-size0", "syscalls", "fx.json")).read()),
      (0, '{\n  "0": "fx_read",\n  "1": "fx_write",\n  "2": "ni_syscall",\n  "3": "ni_syscall"\n}'))
r = run("show", "syscall", "ni_syscall", "--image", "fx")
check("ni_syscall fills slots, it is no system call: in no image (exit 2)", (r.returncode, r.stdout), (2, ""))
run = fresh("dec-bad3.db")
r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-table-outside"))
check("sys_call_table outside every section: exit 2, one line naming it",
      (r.returncode, len(r.stderr.splitlines()), "sys_call_table" in r.stderr), (2, 1, True))
check("...and nothing stored", run("list", "--format", "jsonl").stdout, "")
sys.exit(1 if checks.failed else 0)
