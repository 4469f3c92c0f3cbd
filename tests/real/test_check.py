#!/usr/bin/env python3
"""ksurf check on real images: the fixture object, its skeleton, Debian's libbpf-tools.

Usage: test_check.py KSURF DB BPF_DIR IMAGE_6_1 IMAGE_6_12 TOOL...
DB holds the report-page images (6.1 amd64 generic, cloud, rt, the previous
ABI, arm64, 6.12); BPF_DIR what tests/real/check/build.sh built.  Prints
PASS/FAIL lines and the summary table over the tools.
"""
import json
import subprocess
import sys

ksurf, db, bpf, i61, i612 = sys.argv[1:6]
tools = sys.argv[6:]
failed = 0


def check(desc, ok):
    global failed
    print(("PASS: " if ok else "FAIL: ") + "check: " + desc)
    failed += not ok


def run(*args):
    r = subprocess.run([ksurf, "--db", db, "check", *args], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


rc, out, err = run(f"{bpf}/fx.bpf.o", "--format", "json")
doc = json.loads(out) if rc in (0, 1) else {"programs": [{"dependencies": [], "verdict": {}}]}
fx = doc["programs"][0]
deps = {(d["kind"], d["name"]): d for d in fx["dependencies"]}
want = [
    ("func", "mempool_alloc"), ("config", "CONFIG_KPROBES"), ("enumval", "bpf_prog_type::BPF_PROG_TYPE_KPROBE"),
    ("func", "vfs_read"), ("func", "vfs_read*"), ("config", "CONFIG_FPROBE"),
    ("enumval", "bpf_attach_type::BPF_TRACE_KPROBE_MULTI"), ("func", "do_utime"),
    ("enumval", "bpf_prog_type::BPF_PROG_TYPE_TRACING"), ("syscall", "openat"), ("tracepoint", "sched_switch"),
    ("enumval", "bpf_prog_type::BPF_PROG_TYPE_TRACEPOINT"), ("syscall", "close"),
    ("tracepoint", "sched_process_exec"), ("enumval", "bpf_prog_type::BPF_PROG_TYPE_RAW_TRACEPOINT"),
    ("tracepoint", "sched_wakeup"), ("lsm", "file_open"), ("config", "CONFIG_BPF_LSM"),
    ("enumval", "bpf_prog_type::BPF_PROG_TYPE_LSM"), ("func", "security_file_open"),
    ("enumval", "bpf_prog_type::BPF_PROG_TYPE_STRUCT_OPS"), ("func", "bpf_iter_task"),
    ("enumval", "bpf_prog_type::BPF_PROG_TYPE_XDP"), ("struct", "tcp_congestion_ops"),
    ("field", "tcp_congestion_ops::cwnd_event"), ("struct", "task_struct"), ("field", "task_struct::real_parent"),
    ("field", "task_struct::tgid"), ("struct", "pt_regs"), ("field", "pt_regs::ax"),
    ("field", "task_struct::__state"), ("field", "task_struct::state"), ("struct", "file"),
    ("field", "file::f_inode"), ("struct", "inode"), ("field", "inode::i_ino"), ("field", "pt_regs::di"),
    ("field", "pt_regs::si"), ("struct", "trace_event_raw_sched_switch"),
    ("field", "trace_event_raw_sched_switch::prev_pid"), ("field", "task_struct::pid"),
    ("type", "struct bpf_iter_task"), ("enumval", "bpf_func_id::BPF_FUNC_ringbuf_output"),
    ("kfunc", "bpf_lookup_system_key"), ("kfunc", "bpf_task_acquire"), ("kfunc", "bpf_rcu_read_lock"),
    ("config", "CONFIG_HZ"), ("config", "CONFIG_KSURF_NO_SUCH_OPTION"), ("helper", "bpf_get_current_task"),
    ("helper", "bpf_probe_read_kernel"), ("helper", "bpf_trace_printk"), ("helper", "bpf_cgrp_storage_get"),
    ("helper", "bpf_ringbuf_output"), ("map_type", "BPF_MAP_TYPE_RINGBUF")]
check(f"fx.bpf.o: its {len(want)} dependencies, every section family and relocation kind, in order",
      [(d["kind"], d["name"]) for d in fx["dependencies"]] == want)
progs = {p["section"]: (p["type"], p["attach"]) for p in fx["programs"]}
so = deps.get(("struct", "tcp_congestion_ops"), {})
check(f"...a struct_ops map: its struct and the member a program fills ({so.get('uses')})",
      so.get("uses") == ["struct_ops"] and ("field", "tcp_congestion_ops::cwnd_event") in deps)
check("...a bare kprobe: attach target set at run time; xdp and uprobe: no kernel symbol",
      (progs.get("kprobe"), progs.get("xdp"), progs.get("uprobe")) ==
      (("kprobe", "attach target set at run time"), ("xdp", ""), ("kprobe", "")))


def cell(kind, name, image):
    return deps.get((kind, name), {}).get("images", {}).get(image, {})


guards = {k: deps[k]["guarded"] for k in deps if deps[k]["guarded"]}
check(f"...guarded: the tested field, the type and enum value tests, the weak "
      f"kfunc and kconfig ({sorted(n for _, n in guards)})",
      set(guards) == {("struct", "task_struct"), ("field", "task_struct::__state"),
                      ("type", "struct bpf_iter_task"), ("enumval", "bpf_func_id::BPF_FUNC_ringbuf_output"),
                      ("kfunc", "bpf_task_acquire"), ("config", "CONFIG_KSURF_NO_SUCH_OPTION")})
pv = {p["name"]: p["verdict"] for p in fx["programs"]}
c = cell("field", "task_struct::state", i612)
check(f"6.12: the flavored fallback task_struct___o::state, read only where __state is absent, is "
      f"never reached: degraded, and its program too ({c}, {pv.get('ret_vfs_read')})",
      c.get("consequence") == "degraded" and pv.get("ret_vfs_read", {}).get(i612) == "degraded")
check(f"a verdict per program: on 6.12 kprobe/mempool_alloc and fentry/do_utime fail, the others not "
      f"({sorted(n for n in pv if pv[n].get(i612) == 'fails')})",
      sorted(n for n in pv if pv[n].get(i612) == "fails") == ["enter_do_utime", "probe_mempool_alloc"])
c = cell("config", "CONFIG_FPROBE", i61)
check(f"6.1: kprobe.multi needs CONFIG_FPROBE, unset in Debian's 6.1 configs (when stored): {c}",
      c.get("consequence") == "fails" or c.get("issues") == ["No config stored"])
c = cell("kfunc", "bpf_rcu_read_lock", i61)
check(f"6.1: a strong kfunc it lacks fails: {c}", c.get("issues") == ["Absent"] and c.get("consequence") == "fails")
c = cell("kfunc", "bpf_task_acquire", i61)
check(f"6.1: a weak kfunc it lacks degrades: {c}", c.get("consequence") == "degraded")
c = cell("helper", "bpf_cgrp_storage_get", i61)
check(f"6.1: a helper it lacks (6.2's bpf_cgrp_storage_get) fails, 6.12 has it: {c}",
      c.get("consequence") == "fails" and cell("helper", "bpf_cgrp_storage_get", i612).get("consequence") == "ok")
c = cell("func", "mempool_alloc", i612)
check(f"6.12: kprobe/mempool_alloc fails, mempool_alloc_noprof suggested: {c}",
      c.get("issues") == ["Absent"] and c.get("consequence") == "fails" and
      "mempool_alloc_noprof (same prototype)" in c.get("alternatives", []))
c = cell("func", "do_utime", i612)
check(f"6.12: fentry/do_utime, fully inlined, fails; its callers with a symbol offered: {c}",
      "Full Inline" in c.get("issues", []) and c.get("consequence") == "fails" and
      any(a.startswith("probe its caller ") for a in c.get("alternatives", [])))
check("6.1: do_utime is fine", cell("func", "do_utime", i61).get("consequence") == "ok")
c = cell("func", "vfs_read*", i61)
check(f"kprobe.multi/vfs_read*: the pattern matches on 6.1: {c}", c.get("consequence") in ("ok", "misses") and
      "No match" not in c.get("issues", []))
check(f"verdicts: fails on 6.1 (a kfunc, a helper) and on 6.12 (two functions): {fx['verdict']}",
      fx["verdict"].get(i61) == "fails" and fx["verdict"].get(i612) == "fails")
check(f"exit 1 where a verdict fails (--fail-on fails), 2 never: {rc}", rc == 1)

rc, out, _ = run(f"{bpf}/fx-match.bpf.o", "--format", "json")
m = {(d["kind"], d["name"]): d for d in json.loads(out)["programs"][0]["dependencies"]} if rc in (0, 1) else {}
t = m.get(("type", "struct bpf_iter_task"), {})
check(f"TYPE_MATCHES: a guarded type test: {t.get('uses')}", t.get("uses") == ["TYPE_MATCHES"] and t.get("guarded"))
rc, out, _ = run(f"{bpf}/fx-skel", "--format", "json")
sk = json.loads(out)["programs"] if rc in (0, 1) else []
check("the skeleton binary (bpftool gen skeleton): its embedded object, the same dependencies",
      len(sk) == 1 and [(d["kind"], d["name"]) for d in sk[0]["dependencies"]] == want)

# Debian's libbpf-tools: every binary's object found and read, every tool with dependencies
rc, out, err = run(*tools, "--format", "json")
doc = json.loads(out) if rc in (0, 1) else {"programs": []}
got = {p["file"] for p in doc["programs"]}
check(f"libbpf-tools: {len(got)} of {len(tools)} binaries hold an object, all read (exit {rc}{', ' + err.strip() if err else ''})",
      rc in (0, 1) and got == set(tools))
check("...every tool has a dependency list", all(p["dependencies"] for p in doc["programs"]))
tool = {p["object"]: p for p in doc["programs"]}
names = {p: {(d["kind"], d["name"]) for d in tool[p]["dependencies"]} for p in tool}
check("...biotop depends on request::__data_len", ("field", "request::__data_len") in names.get("biotop", ()))
ra = tool.get("readahead", {})
dpc = [d for d in ra.get("dependencies", []) if d["name"] == "do_page_cache_ra"]
check(f"...readahead probes do_page_cache_ra, fully inlined on 6.1: fails there "
      f"({dpc[0]['images'][i61] if dpc else 'no such dependency'})",
      dpc and "Full Inline" in dpc[0]["images"][i61]["issues"] and ra["verdict"][i61] == "fails")
def show_status(name, image):
    r = subprocess.run([ksurf, "--db", db, "show", "func", name, "--image", image, "--format", "md"],
                       capture_output=True, text=True)
    return r.stdout.splitlines()[0] if r.returncode == 0 and r.stdout else ""


def tool_dep(tool_name, dep, image):
    ds = [d for d in tool.get(tool_name, {}).get("dependencies", []) if d["name"] == dep]
    return ds[0]["images"][image] if ds else {}


c = tool_dep("oomkill", "oom_kill_process", i61)
check(f"...oomkill: oom_kill_process.cold is no transformation for a probe on 6.1 (the page keeps "
      f"'{show_status('oom_kill_process', i61)}'): {c}",
      "Transformation" in show_status("oom_kill_process", i61) and c.get("issues") == [] and
      tool.get("oomkill", {}).get("verdict", {}).get(i61) == "ok")
c = tool_dep("filelife", "vfs_create", i612)
check(f"...filelife: vfs_create, inlined only into itself on 6.12, misses nothing (the page keeps "
      f"'{show_status('vfs_create', i612)}'); its changed first parameter is not one it reads: {c}",
      "Selective Inline" in show_status("vfs_create", i612) and "Selective Inline" not in c.get("issues", []) and
      c.get("consequence") == "ok")
wd = sorted(p["object"] for p in doc["programs"] if p["verdict"].get(i612) == "wrong-data")
check(f"...no tool reads wrong data on 6.12 (biopattern reads its record through CO-RE, tcpconnlat is "
      f"entry-only, tcptracer's return probe reads only the return value): {wd}", wd == [])
verdicts = {}
for p in doc["programs"]:
    for img, v in p["verdict"].items():
        verdicts.setdefault(img, {}).setdefault(v, 0)
        verdicts[img][v] += 1
for img in sorted(verdicts):
    print(f"NOTE: libbpf-tools on {img}: " + ", ".join(f"{n} {v}" for v, n in sorted(verdicts[img].items())))
r = subprocess.run([ksurf, "--db", db, "check", *tools, "--format", "text"], capture_output=True, text=True)
summary = r.stdout[r.stdout.find("summary over"):]
print(summary.rstrip())
check("the summary table over all tools", summary.startswith(f"summary over {len(doc['programs'])} programs"))
sys.exit(1 if failed else 0)
