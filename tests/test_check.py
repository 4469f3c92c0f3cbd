"""ksurf check on the fixture BPF objects: dependencies, consequences, formats, bad objects."""
import json
import os
import re
import shutil

import pytest

from conftest import ksurf_runner


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return str(tmp_path_factory.mktemp("check"))


@pytest.fixture(scope="module")
def added(ksurf, fixdir, work):
    run = ksurf_runner(ksurf, os.path.join(work, "check.db"))
    fx = fixdir
    return run, run("add", "--name", "fx", "--config", os.path.join(fx, "config-fixture"),
                    os.path.join(fx, "vmlinux-btf"))


@pytest.fixture(scope="module")
def run(added):
    return added[0]


@pytest.fixture(scope="module")
def obj(fixdir):
    return os.path.join(fixdir, "mini.bpf.o")


@pytest.fixture(scope="module")
def skel(fixdir):
    return os.path.join(fixdir, "mini-skel")


def test_image(added):
    assert added[1].returncode == 0, "the fixture image with BTF and config"


@pytest.fixture(scope="module")
def mini(run, obj):
    """check mini.bpf.o: the result, the document, its object."""
    r = run("check", obj, "--format", "json")
    doc = json.loads(r.stdout) if r.returncode in (0, 1) else {"programs": [{}]}
    return r, doc, doc["programs"][0]


DEPS = [
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
    ("config", "CONFIG_BPF", ["strong"], False, [], "ok")]


def test_mini(mini):
    r, doc, p = mini
    assert (r.returncode, doc.get("images"), p.get("object")) == (0, ["fx"], "mini"), \
        "check mini.bpf.o: one JSON document, exit 0 (misses is under --fail-on fails)"
    assert p.get("programs") == \
        [{"section": "kprobe/global_fn", "name": "probe", "type": "kprobe", "attach": "global_fn",
          "verdict": {"fx": "degraded"}},
         {"section": "fentry/sel_fn", "name": "enter", "type": "tracing", "attach": "sel_fn",
          "verdict": {"fx": "misses"}}], "...its programs: section, function, type, attach target"
    deps = [(d["kind"], d["name"], d["uses"], d["guarded"], d["images"]["fx"]["issues"],
             d["images"]["fx"]["consequence"]) for d in p.get("dependencies", [])]
    assert deps == DEPS, "...its dependencies, uses, guards, issues and consequences, exactly"
    assert p.get("verdict") == {"fx": "misses"}, "...the verdict: the worst consequence"
    assert [(d["name"], d.get("programs")) for d in p.get("dependencies", [])
            if d["name"] in ("global_fn", "sel_fn", "shapes::missing_member", "bpf_fx_kfunc")] == \
        [("global_fn", ["probe"]), ("sel_fn", ["enter"]), ("shapes::missing_member", ["probe"]),
         ("bpf_fx_kfunc", [])], "...each dependency names the programs using it (the object's own: none)"
    sel = [d for d in p.get("dependencies", []) if d["name"] == "sel_fn"]
    assert (sel and sel[0]["images"]["fx"].get("alternatives")) == ["misses the calls inlined into alpha_uses_sel"], \
        "...what to do about a selectively inlined function: the callers it is inlined into"
    assert [(x["section"], x["index"], x["kind"], x["resolved"]["fx"]) for x in p.get("relocations", [])] == \
        [("kprobe/global_fn", 0, "FIELD_BYTE_OFFSET", True), ("kprobe/global_fn", 1, "FIELD_EXISTS", False),
         ("kprobe/global_fn", 2, "FIELD_BYTE_OFFSET", False), ("kprobe/global_fn", 3, "ENUMVAL_VALUE", True),
         ("kprobe/global_fn", 4, "TYPE_EXISTS", True)], "...relocations as libbpf names them, resolved or not"
    assert doc.get("summary") == {"func": {"Selective Inline": {"programs": 1, "dependencies": 1}},
                                  "field": {"Absent": {"programs": 1, "dependencies": 1}}}, \
        "...the summary: programs and dependencies per kind and issue"


# --fail-on: the exit status CI reads
def test_fail_on(run, obj):
    assert run("check", obj, "--fail-on", "misses", "--format", "json").returncode == 1, "--fail-on misses: exit 1"
    assert run("check", obj, "--fail-on", "degraded", "--format", "json").returncode == 1, \
        "--fail-on degraded: exit 1"
    assert run("check", obj, "--fail-on", "bad").returncode == 2, "--fail-on nonsense: a usage error"


# a skeleton binary embeds the object: the same dependencies
def test_skeleton(run, skel, mini):
    deps = mini[2].get("dependencies", [])
    r = run("check", skel, "--format", "json")
    sp = json.loads(r.stdout)["programs"] if r.returncode in (0, 1) else [{}]
    assert (len(sp), sp[0].get("object"), [d["name"] for d in sp[0].get("dependencies", [])]) == \
        (1, "mini-skel", [d["name"] for d in deps]), \
        "a libbpf skeleton binary: its embedded object found, the same dependencies"


# formats: text has no HTML, md the matrix and a section per dependency
def test_formats(run, obj, mini):
    deps = mini[2].get("dependencies", [])
    r = run("check", obj, "--format", "text")
    assert (re.search(r"field shapes::missing_member \(guarded\) +∅", r.stdout) is not None, "verdict" in r.stdout,
            "<" in r.stdout.replace("< fewer", "")) == (True, True, False), \
        "text: the matrix with marks and a verdict row, no HTML"
    r = run("check", obj, "--format", "md")
    assert (r.stdout.startswith("# Check: <code>mini</code>"), "| **verdict** | misses |" in r.stdout,
            r.stdout.count("\n## ")) == (True, True, len(deps)), \
        "md: a report with the matrix and each dependency's section"


# a directory: every file holding an object, symlinks and other files skipped
def test_directory(run, obj, skel, fixdir, tmp_path):
    d = os.path.join(tmp_path, "check-dir")
    os.makedirs(d)
    shutil.copy(obj, d)
    shutil.copy(skel, d)
    shutil.copy(os.path.join(fixdir, "config-fixture"), d)
    os.symlink("mini.bpf.o", os.path.join(d, "link.o"))
    r = run("check", d, "--format", "json")
    assert (r.returncode, sorted(x["object"] for x in json.loads(r.stdout)["programs"]) if r.returncode == 0
            else None) == (0, ["mini", "mini-skel"]), "a directory: its two objects (not the config, not the symlink)"
    r2 = run("check", d, "--format", "jsonl")
    lines = r2.stdout.splitlines() if r2.returncode == 0 else []
    assert [json.loads(l) for l in lines] == (json.loads(r.stdout)["programs"] if r.returncode == 0 else None), \
        "jsonl: one line per object, each the json document's program object"
    r = run("check", d, "--format", "md")
    assert (r.stdout[r.stdout.find("# Summary"):].splitlines()[:6] if r.returncode == 0 else None) == \
        ["# Summary over 2 programs", "", "| kind | issue (in some image) | programs | dependencies |",
         "|---|---|---:|---:|", "| func | Selective Inline | 2 | 1 |", "| field | Absent | 2 | 1 |"], \
        "md over two objects: the summary table closes it"


# one program per verdict rule (tests/fixtures/bpf/verdicts.bpf.c): guarded
# fallbacks folded per image, ? sections, .cold parts, what kprobe.multi needs
def test_verdicts(run, fixdir):
    vobj = os.path.join(fixdir, "verdicts.bpf.o")
    r = run("check", vobj, "--format", "json")
    vp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
    assert {x["name"]: x["verdict"]["fx"] for x in vp.get("programs", [])} == \
        {"fallback": "degraded", "unguarded": "fails", "wrong_branch": "fails", "optional": "degraded",
         "cold": "ok", "multi": "fails", "incompat": "fails", "anon_member": "fails", "anon_root": "fails",
         "missing_arg": "fails", "setting_arg": "ok", "kernel_arg": "ok", "kernel_new": "fails",
         "sub_narrow": "ok", "sub_wide": "fails", "loop_absent": "fails"}, \
        "verdicts.bpf.o: a verdict per program, as the kernel's loader decides"
    vd = {(d["kind"], d["name"]): d for d in vp.get("dependencies", [])}
    assert (vd.get(("func", "global_fn"), {}).get("images", {}).get("fx"),
            [x["section"] for x in vp.get("programs", []) if x["name"] in ("missing_arg", "kernel_new")]) == \
        ({"issues": ["Missing arg"], "consequence": "fails"}, ["fexit/global_fn", "fentry/global_fn"]), \
        "...a context slot past global_fn's argument (and return value) read: Missing arg, fails"
    assert (vd.get(("field", "shapes::missing_member"), {}).get("programs"),
            vd.get(("field", "shapes::missing_member"), {}).get("images", {}).get("fx")) == \
        (["fallback", "unguarded", "wrong_branch", "loop_absent"], {"issues": ["Absent"], "consequence": "fails"}), \
        "...the fallback's field: absent, failing the programs that reach its read"
    assert ([x.get("optional") for x in vp.get("programs", []) if x["name"] == "optional"],
            vd.get(("func", "no_such_function"), {}).get("images", {}).get("fx")) == \
        ([True], {"issues": ["Absent"], "consequence": "degraded"}), \
        "...a ?kprobe on an absent function: at worst degraded, the section's ? kept"
    assert vd.get(("func", "cold_fn"), {}).get("images", {}).get("fx") == {"issues": [], "consequence": "ok"}, \
        "...a kprobe on cold_fn (beside cold_fn.cold): no transformation, nothing to try"
    assert [(k, vd[k]["images"]["fx"]["issues"]) for k in vd if k[1] in
            ("CONFIG_FPROBE", "bpf_attach_type::BPF_TRACE_KPROBE_MULTI")] == \
        [(("config", "CONFIG_FPROBE"), ["Absent"]), (("enumval", "bpf_attach_type::BPF_TRACE_KPROBE_MULTI"), [])], \
        "...kprobe.multi needs CONFIG_FPROBE (unset here) and its attach type"
    assert [(x["spec"], x["resolved"]["fx"]) for x in vp.get("relocations", []) if x["index"] >= 6] == \
        [("struct shapes: 0:0:0", False), ("union shape_union: 0:1:0", False), ("struct shapes: 0:0:1", True),
         ("struct (anon): 0:0", False)], \
        "...libbpf's rules: a u32 read as a union, a member the kernel's type lacks, an anonymous root"
    assert [(d["name"], d["images"]["fx"]["issues"], d["programs"]) for d in vp.get("dependencies", [])
            if {"Incompatible", "Anonymous type"} & set(d["images"]["fx"]["issues"])] == \
        [("shapes::count", ["Incompatible"], ["fallback", "wrong_branch", "incompat"]),
         ("shape_union::in", ["Incompatible"], ["anon_member"]),
         ("struct (anon)", ["Anonymous type"], ["anon_root"])], \
        "...each named: the last field of the path Incompatible, the anonymous root a dependency of its own"
    assert vd.get(("func", "alpha_*"), {}).get("images", {}).get("fx", {}).get("matches") == \
        ["alpha_uses_coll", "alpha_uses_cp", "alpha_uses_full", "alpha_uses_isra", "alpha_uses_part",
         "alpha_uses_sel"], "...the functions kprobe.multi/alpha_* matches in the image, by name"
    assert r.returncode == 1, "...exit 1: a program fails"


# the ftrace-built images (tests/fixtures/ftrace): notrace functions, the kprobe
# uniqueness check, a helper the newer image names; v2 added first, so the
# oldest image is the run's last
def test_ftrace(ksurf, run, fixdir, tmp_path):
    fx = fixdir
    frun = ksurf_runner(ksurf, tmp_path / "ftrace.db")
    r = frun("add", "--name", "ftrace-v2", os.path.join(fx, "vmlinux-ftrace-v2"))
    r2 = frun("add", "--name", "ftrace-v1", os.path.join(fx, "vmlinux-ftrace"))
    assert (r.returncode, r2.returncode) == (0, 0), "the ftrace-built fixture images"
    r = frun("check", os.path.join(fx, "ftrace.bpf.o"), "--format", "json")
    fp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
    assert {x["name"]: (x["verdict"]["ftrace-v1"], x["verdict"]["ftrace-v2"]) for x in fp.get("programs", [])} == \
        {"notrace_k": ("fails", "fails"), "notrace_f": ("fails", "fails"), "traced": ("ok", "ok"),
         "dup": ("fails", "fails"), "newer": ("fails", "ok")}, \
        "ftrace.bpf.o: notrace fails a kprobe and an fentry, a traced function is fine, a name two " \
        "functions share fails where the kernel checks it, a helper newer than v1 fails there"
    fd = {(d["kind"], d["name"]): d["images"] for d in fp.get("dependencies", [])}
    assert (fd.get(("func", "fx_notrace_fn"), {}).get("ftrace-v1", {}).get("issues"),
            fd.get(("func", "coll_ss"), {}).get("ftrace-v1", {}).get("issues"),
            fd.get(("helper", "bpf_fx_new"), {}).get("ftrace-v1", {}).get("issues"),
            fd.get(("helper", "bpf_fx_new"), {}).get("ftrace-v2", {}).get("issues")) == \
        (["Notrace"], ["Collision", "Not unique"], ["Absent"], []), \
        "...the issues: Notrace, Not unique, the helper named from v2's enum (not __BPF_FUNC_MAX_ID)"
    c = fd.get(("func", "fx_notrace_fn"), {}).get("ftrace-v1", {})
    assert c.get("alternatives") is None, \
        "...a notrace function's traceable callers are offered (none here: nothing calls it)"
    r = run("check", os.path.join(fx, "ftrace.bpf.o"), "--format", "json")
    fp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
    assert {x["name"]: x["verdict"]["fx"] for x in fp.get("programs", [])} == \
        {"notrace_k": "fails", "notrace_f": "fails", "traced": "fails", "dup": "misses", "newer": "ok"}, \
        "...the same object on the fixture image without ftrace: notrace unknown, no uniqueness check"


# .kconfig externs valued as libbpf stores them for their type, and a strong
# extern of an unset option (tests/fixtures/bpf/kconfig.bpf.c)
def test_kconfig_values(run, fixdir):
    def verdicts(name):
        r = run("check", os.path.join(fixdir, name), "--format", "json")
        p = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
        deps = {d["name"]: d["images"]["fx"] for d in p.get("dependencies", []) if d["kind"] == "config"}
        return {x["name"]: x["verdict"]["fx"] for x in p.get("programs", [])}, deps.get("CONFIG_FIXTURE")
    assert verdicts("kconfig.bpf.o") == ({"char_y": "fails", "bool_y": "fails", "plain": "ok"}, None), \
        "kconfig.bpf.o: a char extern of a y option holds 'y', a bool one 1"
    assert verdicts("kconfig-strong.bpf.o") == \
        ({"char_y": "fails", "bool_y": "fails", "plain": "fails"}, {"issues": ["Absent"], "consequence": "fails"}), \
        "...a strong extern of an unset option: libbpf does not resolve it, the object fails"


# prototypes that change between two releases (5.4.0-26 -> 5.5.0-1): what a
# program reads decides (tests/fixtures/bpf/proto.bpf.c); what check offers
def test_prototypes(ksurf, fixdir, tmp_path):
    fx = fixdir
    prun = ksurf_runner(ksurf, tmp_path / "proto.db")
    r = prun("add", "--name", "v1", os.path.join(fx, "vmlinux-upstream"))
    r2 = prun("add", "--name", "v2", os.path.join(fx, "vmlinux-v2-newer"))
    assert (r.returncode, r2.returncode) == (0, 0), "two releases of the fixture kernel"
    r = prun("check", os.path.join(fx, "proto.bpf.o"), "--format", "json")
    pp = json.loads(r.stdout)["programs"][0] if r.returncode in (0, 1) else {}
    assert {x["name"]: x["verdict"]["v2"] for x in pp.get("programs", [])} == \
        {"read_p0": "wrong-data", "read_none": "ok", "exit_ret": "wrong-data", "entry_void": "ok",
         "ret_void": "wrong-data", "arm_sys": "fails", "near": "fails"}, \
        "proto.bpf.o: wrong-data only for a parameter read, a return type under a return probe"
    assert ([x["verdict"]["v1"] for x in pp.get("programs", []) if x["name"] == "exit_ret"],
            [d["images"]["v1"]["issues"] for d in pp.get("dependencies", []) if d["name"] == "shapes_void"]) == \
        (["fails"], [["Missing arg"]]), \
        "...fexit reading the return value of v1's void shapes_void: the verifier refuses it"
    pd = {d["name"]: d["images"]["v2"] for d in pp.get("dependencies", []) if d["kind"] == "func"}
    assert (pd.get("shapes_params", {}).get("issues"), pd.get("shapes_void", {}).get("issues")) == \
        (["Param added", "Param removed", "Param reordered"], ["Return type changed"]), \
        "...the changes stay listed as the pages list them"
    assert pd.get("__arm64_sys_fx_read", {}).get("alternatives") == \
        ["ksyscall/fx_read (the system call on every architecture)", "tracepoint syscalls/sys_enter_fx_read"], \
        "...an absent syscall entry point: its ksyscall and tracepoint forms offered"
    assert pd.get("shapes_param", {}).get("alternatives") is None, \
        "...a close name of another prototype is no alternative (shapes_param -> shapes_params)"


# a file without an object among others: one warning line, skipped; none at all: exit 2
def test_files_without_objects(run, obj, fixdir, tmp_path):
    fx = fixdir
    r = run("check", obj, os.path.join(fx, "config-fixture"), "--format", "json")
    assert (r.returncode, r.stderr.count("\n"), "config-fixture: no BPF object in it, skipped" in r.stderr,
            len(json.loads(r.stdout)["programs"]) if r.returncode in (0, 1) else None) == (0, 1, True, 1), \
        "a file without a BPF object beside an object: a warning naming it, the object checked"
    r = run("check", os.path.join(fx, "config-fixture"), os.path.join(fx, "config-fixture"))
    assert (r.returncode, r.stdout) == (2, ""), "two inputs and no object in either: exit 2"
    deep = os.path.join(tmp_path, "check-deep")
    nested = os.path.join(deep, *"abcdefghij")
    os.makedirs(nested)
    shutil.copy(obj, nested)
    r = run("check", deep, "--format", "json")
    assert (r.returncode, "check-deep/a/b/c/d/e/f/g/h/i: nested deeper than 8 directories, skipped" in r.stderr) == \
        (2, True), "a directory nested deeper than 8: the skipped one named, then no object found: exit 2"
    empty = os.path.join(tmp_path, "check-empty")
    os.makedirs(empty, exist_ok=True)
    assert run("check", empty).returncode == 2, "an empty directory: exit 2"


# choosing images
def test_choosing_images(run, obj):
    assert run("check", obj, "--image", "nope").returncode == 2, "--image of an unknown image: exit 2"
    assert run("check", obj, "--image", "fx", "--format", "json").returncode == 0, "--image fx"
    assert run("check", obj, "--image", "fx", "--running").returncode == 2, \
        "--image and --running together: a usage error"


def test_running(run, obj):
    if not (os.access("/sys/kernel/btf/vmlinux", os.R_OK) and os.access("/proc/kallsyms", os.R_OK)):
        pytest.skip("check --running: no readable /sys/kernel/btf/vmlinux")
    r = run("check", "--running", obj, "--format", "json")
    imgs = json.loads(r.stdout)["images"] if r.returncode in (0, 1) else None
    assert (r.returncode in (0, 1), len(imgs or []), r.stderr) == (True, 1, ""), \
        "--running: this kernel in a dataset of its own in memory, a verdict (exit 0 or 1)"


# malformed objects: one error line naming the file, exit 2, never a crash
@pytest.mark.parametrize("name, what", (
        ("bad-bpf-truncated.o", "cut short"), ("bad-bpf-ext-recsize.o", "record size"),
        ("bad-bpf-ext-count.o", "more CO-RE records"), ("bad-bpf-ext-access.o", "access string"),
        ("bad-bpf-ext-type.o", "past the BTF"), ("bad-bpf-skel-cut", "cut short"),
        ("bad-bpf-none", "no BPF object")))
def test_malformed(run, fixdir, name, what):
    path = os.path.join(fixdir, name)
    r = run("check", path)
    assert (r.returncode, r.stdout, len(r.stderr.splitlines()), path in r.stderr and what in r.stderr) == \
        (2, "", 1, True), f"{name}: exit 2, one line naming the file and the problem"


def test_no_file(run):
    r = run("check")
    assert (r.returncode, r.stderr.startswith("ksurf check: missing FILE")) == (2, True), \
        "check without FILE: a usage error"
