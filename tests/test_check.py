#!/usr/bin/env python3
"""ksurf check on the fixture BPF objects: dependencies, consequences, formats, bad objects.

Usage: test_check.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import json
import re
import os
import shutil
import sys

import checks

ksurf, fx, work = sys.argv[1:4]
check = checks.check
run = checks.fresh(ksurf, work, "check.db")
r = run("add", "--name", "fx", "--config", os.path.join(fx, "config-fixture"), os.path.join(fx, "vmlinux-btf"))
check("the fixture image with BTF and config", r.returncode, 0)
obj, skel = os.path.join(fx, "mini.bpf.o"), os.path.join(fx, "mini-skel")

r = run("check", obj, "--format", "json")
doc = json.loads(r.stdout) if r.returncode in (0, 1) else {"programs": [{}]}
p = doc["programs"][0]
check("check mini.bpf.o: one JSON document, exit 0 (misses is under --fail-on fails)",
      (r.returncode, doc.get("images"), p.get("object")), (0, ["fx"], "mini"))
check("...its programs: section, function, type, attach target",
      p.get("programs"), [{"section": "kprobe/global_fn", "name": "probe", "type": "kprobe", "attach": "global_fn",
                           "verdict": {"fx": "degraded"}},
                          {"section": "fentry/sel_fn", "name": "enter", "type": "tracing", "attach": "sel_fn",
                           "verdict": {"fx": "misses"}}])
deps = [(d["kind"], d["name"], d["uses"], d["guarded"], d["images"]["fx"]["issues"], d["images"]["fx"]["consequence"])
        for d in p.get("dependencies", [])]
check("...its dependencies, uses, guards, issues and consequences, exactly", deps, [
    ("func", "global_fn", ["kprobe"], False, [], "ok"),
    ("config", "CONFIG_KPROBES", ["requires"], False, [], "ok"),
    ("enumval", "bpf_prog_type::BPF_PROG_TYPE_KPROBE", ["requires"], False, [], "ok"),
    ("func", "sel_fn", ["fentry"], False, ["Selective Inline"], "misses"),
    ("enumval", "bpf_prog_type::BPF_PROG_TYPE_TRACING", ["requires"], False, [], "ok"),
    ("struct", "shapes", ["FIELD_BYTE_OFFSET", "FIELD_EXISTS"], True, [], "ok"),
    ("field", "shapes::count", ["FIELD_BYTE_OFFSET"], False, [], "ok"),
    ("field", "shapes::missing_member", ["FIELD_EXISTS", "FIELD_BYTE_OFFSET"], True, ["Absent"], "degraded"),
    ("enumval", "small_enum::SMALL_B", ["ENUMVAL_VALUE"], False, [], "ok"),
    ("type", "struct shape_inner", ["TYPE_EXISTS"], True, [], "ok"),
    ("struct", "shape_inner", ["TYPE_EXISTS"], True, [], "ok"),
    ("kfunc", "bpf_fx_kfunc", ["strong"], False, [], "ok"),
    ("config", "CONFIG_BPF", ["strong"], False, [], "ok")])
check("...the verdict: the worst consequence", p.get("verdict"), {"fx": "misses"})
check("...each dependency names the programs using it (the object's own: none)",
      [(d["name"], d.get("programs")) for d in p.get("dependencies", [])
       if d["name"] in ("global_fn", "sel_fn", "shapes::missing_member", "bpf_fx_kfunc")],
      [("global_fn", ["probe"]), ("sel_fn", ["enter"]), ("shapes::missing_member", ["probe"]),
       ("bpf_fx_kfunc", [])])
sel = [d for d in p.get("dependencies", []) if d["name"] == "sel_fn"]
check("...what to do about a selectively inlined function: the callers it is inlined into",
      sel and sel[0]["images"]["fx"].get("alternatives"), ["misses the calls inlined into alpha_uses_sel"])
check("...relocations as libbpf names them, resolved or not",
      [(x["section"], x["index"], x["kind"], x["resolved"]["fx"]) for x in p.get("relocations", [])],
      [("kprobe/global_fn", 0, "FIELD_BYTE_OFFSET", True), ("kprobe/global_fn", 1, "FIELD_EXISTS", False),
       ("kprobe/global_fn", 2, "FIELD_BYTE_OFFSET", False), ("kprobe/global_fn", 3, "ENUMVAL_VALUE", True),
       ("kprobe/global_fn", 4, "TYPE_EXISTS", True)])
check("...the summary: programs and dependencies per kind and issue", doc.get("summary"),
      {"func": {"Selective Inline": {"programs": 1, "dependencies": 1}},
       "field": {"Absent": {"programs": 1, "dependencies": 1}}})

# --fail-on: the exit status CI reads
check("--fail-on misses: exit 1", run("check", obj, "--fail-on", "misses", "--format", "json").returncode, 1)
check("--fail-on degraded: exit 1", run("check", obj, "--fail-on", "degraded", "--format", "json").returncode, 1)
check("--fail-on nonsense: a usage error", run("check", obj, "--fail-on", "bad").returncode, 2)

# a skeleton binary embeds the object: the same dependencies
r = run("check", skel, "--format", "json")
sp = json.loads(r.stdout)["programs"] if r.returncode in (0, 1) else [{}]
check("a libbpf skeleton binary: its embedded object found, the same dependencies",
      (len(sp), sp[0].get("object"), [d["name"] for d in sp[0].get("dependencies", [])]),
      (1, "mini-skel", [d[1] for d in deps]))

# formats: text has no HTML, md the matrix and a section per dependency
r = run("check", obj, "--format", "text")
check("text: the matrix with marks and a verdict row, no HTML",
      (re.search(r"field shapes::missing_member \(guarded\) +∅", r.stdout) is not None, "verdict" in r.stdout, "<" in r.stdout.replace("< fewer", "")),
      (True, True, False))
r = run("check", obj, "--format", "md")
check("md: a report with the matrix and each dependency's section",
      (r.stdout.startswith("# Check: <code>mini</code>"), "| **verdict** | misses |" in r.stdout,
       r.stdout.count("\n## ")), (True, True, len(deps)))

# a directory: every file holding an object, symlinks and other files skipped
d = os.path.join(work, "check-dir")
shutil.rmtree(d, ignore_errors=True)
os.makedirs(d)
shutil.copy(obj, d)
shutil.copy(skel, d)
shutil.copy(os.path.join(fx, "config-fixture"), d)
os.symlink("mini.bpf.o", os.path.join(d, "link.o"))
r = run("check", d, "--format", "json")
check("a directory: its two objects (not the config, not the symlink)",
      (r.returncode, sorted(x["object"] for x in json.loads(r.stdout)["programs"]) if r.returncode == 0 else None),
      (0, ["mini", "mini-skel"]))
r2 = run("check", d, "--format", "jsonl")
lines = r2.stdout.splitlines() if r2.returncode == 0 else []
check("jsonl: one line per object, each the json document's program object",
      [json.loads(l) for l in lines], json.loads(r.stdout)["programs"] if r.returncode == 0 else None)
r = run("check", d, "--format", "md")
check("md over two objects: the summary table closes it",
      r.stdout[r.stdout.find("# Summary"):].splitlines()[:6] if r.returncode == 0 else None,
      ["# Summary over 2 programs", "", "| kind | issue (in some image) | programs | dependencies |",
       "|---|---|---:|---:|", "| func | Selective Inline | 2 | 1 |", "| field | Absent | 2 | 1 |"])

# one program per verdict rule (tests/fixtures/bpf/verdicts.bpf.c): guarded
# fallbacks folded per image, ? sections, .cold parts, what kprobe.multi needs
vobj = os.path.join(fx, "verdicts.bpf.o")
r = run("check", vobj, "--format", "json")
vp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
check("verdicts.bpf.o: a verdict per program, as the kernel's loader decides",
      {x["name"]: x["verdict"]["fx"] for x in vp.get("programs", [])},
      {"fallback": "degraded", "unguarded": "fails", "wrong_branch": "fails", "optional": "degraded",
       "cold": "ok", "multi": "fails", "incompat": "fails", "anon_member": "fails", "anon_root": "fails"})
vd = {(d["kind"], d["name"]): d for d in vp.get("dependencies", [])}
check("...the fallback's field: absent, failing the programs that reach its read",
      (vd.get(("field", "shapes::missing_member"), {}).get("programs"),
       vd.get(("field", "shapes::missing_member"), {}).get("images", {}).get("fx")),
      (["fallback", "unguarded", "wrong_branch"], {"issues": ["Absent"], "consequence": "fails"}))
check("...a ?kprobe on an absent function: at worst degraded, the section's ? kept",
      ([x.get("optional") for x in vp.get("programs", []) if x["name"] == "optional"],
       vd.get(("func", "no_such_function"), {}).get("images", {}).get("fx")),
      ([True], {"issues": ["Absent"], "consequence": "degraded"}))
check("...a kprobe on cold_fn (beside cold_fn.cold): no transformation, nothing to try",
      vd.get(("func", "cold_fn"), {}).get("images", {}).get("fx"), {"issues": [], "consequence": "ok"})
check("...kprobe.multi needs CONFIG_FPROBE (unset here) and its attach type",
      [(k, vd[k]["images"]["fx"]["issues"]) for k in vd if k[1] in
       ("CONFIG_FPROBE", "bpf_attach_type::BPF_TRACE_KPROBE_MULTI")],
      [(("config", "CONFIG_FPROBE"), ["Absent"]), (("enumval", "bpf_attach_type::BPF_TRACE_KPROBE_MULTI"), [])])
check("...libbpf's rules: a u32 read as a union, a member the kernel's type lacks, an anonymous root",
      [(x["spec"], x["resolved"]["fx"]) for x in vp.get("relocations", []) if x["index"] >= 6],
      [("struct shapes: 0:0:0", False), ("union shape_union: 0:1:0", False), ("struct shapes: 0:0:1", True),
       ("struct (anon): 0:0", False)])
check("...each named: the last field of the path Incompatible, the anonymous root a dependency of its own",
      [(d["name"], d["images"]["fx"]["issues"], d["programs"]) for d in vp.get("dependencies", [])
       if {"Incompatible", "Anonymous type"} & set(d["images"]["fx"]["issues"])],
      [("shapes::count", ["Incompatible"], ["fallback", "wrong_branch", "incompat"]),
       ("shape_union::in", ["Incompatible"], ["anon_member"]),
       ("struct (anon)", ["Anonymous type"], ["anon_root"])])
check("...the functions kprobe.multi/alpha_* matches in the image, by name",
      vd.get(("func", "alpha_*"), {}).get("images", {}).get("fx", {}).get("matches"),
      ["alpha_uses_coll", "alpha_uses_cp", "alpha_uses_full", "alpha_uses_isra", "alpha_uses_part",
       "alpha_uses_sel"])
check("...exit 1: a program fails", r.returncode, 1)

# the ftrace-built images (tests/fixtures/ftrace): notrace functions, the kprobe
# uniqueness check, a helper the newer image names; v2 added first, so the
# oldest image is the run's last
frun = checks.fresh(ksurf, work, "ftrace.db")
r = frun("add", "--name", "ftrace-v2", os.path.join(fx, "vmlinux-ftrace-v2"))
r2 = frun("add", "--name", "ftrace-v1", os.path.join(fx, "vmlinux-ftrace"))
check("the ftrace-built fixture images", (r.returncode, r2.returncode), (0, 0))
r = frun("check", os.path.join(fx, "ftrace.bpf.o"), "--format", "json")
fp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
check("ftrace.bpf.o: notrace fails a kprobe and an fentry, a traced function is fine, a name two "
      "functions share fails where the kernel checks it, a helper newer than v1 fails there",
      {x["name"]: (x["verdict"]["ftrace-v1"], x["verdict"]["ftrace-v2"]) for x in fp.get("programs", [])},
      {"notrace_k": ("fails", "fails"), "notrace_f": ("fails", "fails"), "traced": ("ok", "ok"),
       "dup": ("fails", "fails"), "newer": ("fails", "ok")})
fd = {(d["kind"], d["name"]): d["images"] for d in fp.get("dependencies", [])}
check("...the issues: Notrace, Not unique, the helper named from v2's enum (not __BPF_FUNC_MAX_ID)",
      (fd.get(("func", "fx_notrace_fn"), {}).get("ftrace-v1", {}).get("issues"),
       fd.get(("func", "coll_ss"), {}).get("ftrace-v1", {}).get("issues"),
       fd.get(("helper", "bpf_fx_new"), {}).get("ftrace-v1", {}).get("issues"),
       fd.get(("helper", "bpf_fx_new"), {}).get("ftrace-v2", {}).get("issues")),
      (["Notrace"], ["Collision", "Not unique"], ["Absent"], []))
c = fd.get(("func", "fx_notrace_fn"), {}).get("ftrace-v1", {})
check("...a notrace function's traceable callers are offered (none here: nothing calls it)",
      c.get("alternatives"), None)
r = run("check", os.path.join(fx, "ftrace.bpf.o"), "--format", "json")
fp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
check("...the same object on the fixture image without ftrace: notrace unknown, no uniqueness check",
      {x["name"]: x["verdict"]["fx"] for x in fp.get("programs", [])},
      {"notrace_k": "fails", "notrace_f": "fails", "traced": "fails", "dup": "misses", "newer": "ok"})

# prototypes that change between two releases (5.4.0-26 -> 5.5.0-1): what a
# program reads decides (tests/fixtures/bpf/proto.bpf.c); what check offers
prun = checks.fresh(ksurf, work, "proto.db")
r = prun("add", "--name", "v1", os.path.join(fx, "vmlinux-upstream"))
r2 = prun("add", "--name", "v2", os.path.join(fx, "vmlinux-v2-newer"))
check("two releases of the fixture kernel", (r.returncode, r2.returncode), (0, 0))
r = prun("check", os.path.join(fx, "proto.bpf.o"), "--format", "json")
pp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
check("proto.bpf.o: wrong-data only for a parameter read, a return type under a return probe",
      {x["name"]: x["verdict"]["v2"] for x in pp.get("programs", [])},
      {"read_p0": "wrong-data", "read_none": "ok", "exit_ret": "wrong-data", "entry_void": "ok",
       "ret_void": "wrong-data", "arm_sys": "fails", "near": "fails"})
pd = {d["name"]: d["images"]["v2"] for d in pp.get("dependencies", []) if d["kind"] == "func"}
check("...the changes stay listed as the pages list them",
      (pd.get("shapes_params", {}).get("issues"), pd.get("shapes_void", {}).get("issues")),
      (["Param added", "Param removed", "Param reordered"], ["Return type changed"]))
check("...an absent syscall entry point: its ksyscall and tracepoint forms offered",
      pd.get("__arm64_sys_fx_read", {}).get("alternatives"),
      ["ksyscall/fx_read (the system call on every architecture)", "tracepoint syscalls/sys_enter_fx_read"])
check("...a close name of another prototype is no alternative (shapes_param -> shapes_params)",
      pd.get("shapes_param", {}).get("alternatives"), None)

# a file without an object among others: one warning line, skipped; none at all: exit 2
r = run("check", obj, os.path.join(fx, "config-fixture"), "--format", "json")
check("a file without a BPF object beside an object: a warning naming it, the object checked",
      (r.returncode, r.stderr.count("\n"), "config-fixture: no BPF object in it, skipped" in r.stderr,
       len(json.loads(r.stdout)["programs"]) if r.returncode in (0, 1) else None), (0, 1, True, 1))
r = run("check", os.path.join(fx, "config-fixture"), os.path.join(fx, "config-fixture"))
check("two inputs and no object in either: exit 2", (r.returncode, r.stdout), (2, ""))
deep = os.path.join(work, "check-deep")
shutil.rmtree(deep, ignore_errors=True)
nested = os.path.join(deep, *"abcdefghij")
os.makedirs(nested)
shutil.copy(obj, nested)
r = run("check", deep, "--format", "json")
check("a directory nested deeper than 8: the skipped one named, then no object found: exit 2",
      (r.returncode, "check-deep/a/b/c/d/e/f/g/h/i: nested deeper than 8 directories, skipped" in r.stderr),
      (2, True))
empty = os.path.join(work, "check-empty")
os.makedirs(empty, exist_ok=True)
check("an empty directory: exit 2", run("check", empty).returncode, 2)

# choosing images
check("--image of an unknown image: exit 2", run("check", obj, "--image", "nope").returncode, 2)
check("--image fx", run("check", obj, "--image", "fx", "--format", "json").returncode, 0)
check("--image and --running together: a usage error", run("check", obj, "--image", "fx", "--running").returncode, 2)
if os.access("/sys/kernel/btf/vmlinux", os.R_OK) and os.access("/proc/kallsyms", os.R_OK):
    r = run("check", "--running", obj, "--format", "json")
    imgs = json.loads(r.stdout)["images"] if r.returncode in (0, 1) else None
    check("--running: this kernel in a dataset of its own in memory, a verdict (exit 0 or 1)",
          (r.returncode in (0, 1), len(imgs or []), r.stderr), (True, 1, ""))
else:
    print("SKIPPED: check --running: no readable /sys/kernel/btf/vmlinux")

# malformed objects: one error line naming the file, exit 2, never a crash
for name, what in (("bad-bpf-truncated.o", "cut short"), ("bad-bpf-ext-recsize.o", "record size"),
                   ("bad-bpf-ext-count.o", "more CO-RE records"), ("bad-bpf-ext-access.o", "access string"),
                   ("bad-bpf-ext-type.o", "past the BTF"), ("bad-bpf-skel-cut", "cut short"),
                   ("bad-bpf-none", "no BPF object")):
    path = os.path.join(fx, name)
    r = run("check", path)
    check(f"{name}: exit 2, one line naming the file and the problem",
          (r.returncode, r.stdout, len(r.stderr.splitlines()), path in r.stderr and what in r.stderr),
          (2, "", 1, True))
r = run("check")
check("check without FILE: a usage error", (r.returncode, r.stderr.startswith("ksurf check: missing FILE")), (2, True))
sys.exit(1 if checks.failed else 0)
