"""SPEC §6 decoders on the fixture (kernel/events.c) and on damaged copies of it."""
import json
import os

import pytest

from conftest import ksurf_runner


def counts(run):
    row = json.loads(run("list", "--format", "jsonl").stdout.splitlines()[0])
    return {k: row[k] for k in ("syscalls", "tracepoints", "lsm_hooks", "kfuncs")}


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return str(tmp_path_factory.mktemp("decoders"))


@pytest.fixture
def fresh(ksurf, tmp_path):
    """A runner on a new dataset of the test's own."""
    return lambda name: ksurf_runner(ksurf, tmp_path / name)


@pytest.fixture(scope="module")
def added(ksurf, fixdir, work):
    run = ksurf_runner(ksurf, os.path.join(work, "dec.db"))
    return run, run("add", "--name", "fx", os.path.join(fixdir, "vmlinux-upstream"))


@pytest.fixture(scope="module")
def run(added):
    return added[0]


@pytest.fixture(scope="module")
def exp(run, work):
    exp = os.path.join(work, "dec-export")
    run("export", exp)
    return exp


def test_add(added):
    run, r = added
    assert (r.returncode, r.stderr) == (0, ""), "add of the fixture exits 0"
    assert counts(run) == {"syscalls": 4, "tracepoints": 2, "lsm_hooks": 1, "kfuncs": 1}, "counts of each kind"


def test_syscalls(exp):
    assert open(os.path.join(exp, "syscalls", "fx.json")).read() == \
        '{\n  "0": "fx_read",\n  "1": "fx_write",\n  "2": "ni_syscall",\n  "3": "ni_syscall"\n}', \
        "syscalls by number, prefixes stripped"


def test_tracepoints(exp):
    tps = [json.loads(l) for l in open(os.path.join(exp, "tracepoints", "fx.jsonl"))]
    assert [(t["event_name"], t["class_name"], t["fmt_str"]) for t in tps] == \
        [("fx_kept", "fx_class", '"value=%d", REC->value'), ("fx_also", "fx_class", '"also=%d", REC->value')], \
        "tracepoints kept: flagged TRACEPOINT, not IGNORE_ENABLE, a null pointer and an " \
        "unterminated format string skipped"
    assert list(tps[0]) == ["class_name", "event_name", "func_name", "struct_name", "fmt_str", "func", "struct"], \
        "tracepoint keys, as published"
    assert [m["name"] for m in tps[0]["struct"]["members"]] == ["ent", "value", "__data"], \
        "tracepoint struct, normalized"


def test_show_tracepoint(run):
    r = run("show", "tracepoint", "fx_kept", "--format", "md")
    assert r.stdout == """In <code>fx</code>: ✅

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
""", "show tracepoint"


def test_show_lsm(run):
    r = run("show", "lsm", "file_open", "--format", "md")
    assert r.stdout == "In <code>fx</code>: ✅\n\n```c\nint security_file_open(struct file *file);\n```\n", \
        "show lsm: the hook's security_ function"
    r = run("show", "lsm", "bprm_check_security")
    assert (r.returncode, r.stdout, r.stderr) == (2, "", "ksurf: show: lsm bprm_check_security is not in fx\n"), \
        "an LSM head without its security_ function is left out (a name in no image: exit 2)"


def test_show_kfunc_syscall_text(run):
    assert run("show", "kfunc", "bpf_fx_kfunc", "--format", "md").stdout == \
        "In <code>fx</code>: ✅\n\n```c\nint bpf_fx_kfunc(int x);\n```\n", "show kfunc"
    assert run("show", "kfunc", "bpf_lsm_file_open").returncode == 2, "bpf_lsm_ BTF IDs are no kfuncs"
    assert json.loads(run("show", "syscall", "fx_write", "--format", "json").stdout) == [{"image": "fx", "nr": 1}], \
        "show syscall: json of every image is one array"
    assert run("show", "lsm", "file_open", "--format", "text").stdout == \
        "LSM file_open\n  fx                            ✅\n" + " " * 32 + "int security_file_open(struct file *file);\n", \
        "the compact text view: one line per image with its marks, the prototype under it"


# Damaged tables: an empty kind or a clear error, never a crash.
def test_damaged_events(fresh, fixdir):
    run = fresh("dec-bad1.db")
    r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-events-outside"))
    assert (r.returncode, counts(run)["tracepoints"]) == (0, 1), \
        "a tracepoint pointer outside every section: that event is left out"
    run = fresh("dec-bad2.db")
    r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-no-class"))
    assert (r.returncode, counts(run)["tracepoints"]) == (0, 0), \
        "an event_class_ symbol missing: its events are left out"
    run = fresh("dec-empty.db")
    r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-events-empty"))
    assert (r.returncode, counts(run)) == (0, {"syscalls": 4, "tracepoints": 0, "lsm_hooks": 1, "kfuncs": 1}), \
        "an empty tracepoint table: no tracepoints, the rest as before"


def test_no_syscall_table(fresh, fixdir, tmp_path):
    run = fresh("dec-switch.db")
    r = run("add", "--name", "fx", os.path.join(fixdir, "dec-no-syscall-table"))
    run("export", os.path.join(tmp_path, "dec-switch"))
    assert (r.returncode, sorted(json.load(open(os.path.join(tmp_path, "dec-switch", "syscalls", "fx.json"))).values())) \
        == (0, ["fx_read", "fx_write", "ni_syscall"]), \
        "no sys_call_table (dispatch by switch): the __ARCH_sys_ functions"
    r = run("show", "syscall", "fx_read", "--format", "json", "--image", "fx")
    assert (json.loads(r.stdout)["nr"], "Number" in run("show", "syscall", "fx_read", "--per-image").stdout) == \
        (None, False), "...those have no numbers: nr null, the page has no Number line"


def test_table_size_0(fresh, fixdir, tmp_path):
    run = fresh("dec-size0.db")
    r = run("add", "--name", "fx", os.path.join(fixdir, "dec-table-size0"))
    run("export", os.path.join(tmp_path, "dec-size0"))
    assert (r.returncode, open(os.path.join(tmp_path, "dec-size0", "syscalls", "fx.json")).read()) == \
        (0, '{\n  "0": "fx_read",\n  "1": "fx_write",\n  "2": "ni_syscall",\n  "3": "ni_syscall"\n}'), \
        "sys_call_table of size 0 (s390x, mips64el): the table up to its section's next symbol or end"
    r = run("show", "syscall", "ni_syscall", "--image", "fx")
    assert (r.returncode, r.stdout) == (2, ""), "ni_syscall fills slots, it is no system call: in no image (exit 2)"


def test_table_outside(fresh, fixdir):
    run = fresh("dec-bad3.db")
    r = run("add", "--name", "fx", os.path.join(fixdir, "bad-dec-table-outside"))
    assert (r.returncode, len(r.stderr.splitlines()), "sys_call_table" in r.stderr) == (2, 1, True), \
        "sys_call_table outside every section: exit 2, one line naming it"
    assert run("list", "--format", "jsonl").stdout == "", "...and nothing stored"
