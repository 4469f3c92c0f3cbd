"""BTF types of the gcc-built fixtures (kernel/shapes.c): every rendering shape, golden.

The same BTF is read three ways: the .BTF section pahole -J put in vmlinux-btf,
the raw file fixture.btf, and BTF ksurf has pahole generate for vmlinux-upstream
(which has no .BTF).  The expected text below is the SPEC §5 rendering,
written out by hand.
"""
import json
import os
import re
import subprocess

import pytest

from conftest import ksurf_runner

SOURCES = (("fx-btf", "vmlinux-btf"), ("fx-raw", "fixture.btf"), ("fx-pahole", "vmlinux-upstream"))


@pytest.fixture(scope="module")
def dataset(ksurf, fixdir, tmp_path_factory):
    """The dataset's directory, its runner and the add results by file."""
    d = tmp_path_factory.mktemp("types")
    run = ksurf_runner(ksurf, d / "types.db")
    added = {path: run("add", "--name", name, os.path.join(fixdir, path)) for name, path in SOURCES}
    return d, run, added


@pytest.fixture(scope="module")
def run(dataset):
    return dataset[1]


@pytest.mark.parametrize("path", [p for _, p in SOURCES])
def test_add(dataset, path):
    r = dataset[2][path]
    assert (r.returncode, r.stderr) == (0, ""), f"add {path} exits 0"


@pytest.fixture(scope="module")
def code(run):
    def code(kind, name, image="fx-btf"):
        r = run("show", kind, name, "--image", image, "--format", "md")
        out = r.stdout
        start, end = out.find("```c\n"), out.find("\n```", out.find("```c\n"))
        return out[start + 5:end] if start >= 0 else out
    return code


def test_struct(code):
    assert code("struct", "shapes") == """struct shapes {
    int (*callback)(struct shape_inner *, long unsigned int);
    char **argv;
    const char *name;
    volatile int *vreg;
    const int * fixed;
    unsigned char bytes[16];
    struct shape_inner grid[6];
    unsigned int flag_a:1;
    unsigned int flag_b:3;
    int as_int;
    float as_float;
    long int x;
    long int y;
    struct (anon) named_anon;
    handler_t handler;
    enum small_enum small;
    enum big_unsigned big;
    enum wide64 wide;
    u32 count;
    int tail[0];
};""", "struct with every member shape"


def test_union(code):
    assert code("union", "shape_union") == """union shape_union {
    long int l;
    struct shape_inner in;
};""", "union"


def test_enums(code):
    assert code("enum", "small_enum") == "enum small_enum {\n    SMALL_A = 0,\n    SMALL_B = 5,\n};", "enum"
    assert code("enum", "big_unsigned") == "enum big_unsigned {\n    BIG_A = -2147483648,\n    BIG_B = -2,\n};", \
        "unsigned enum beyond 2^31: signed values, as published"
    assert code("enum", "wide64") == "enum wide64 {\n    WIDE_A = 4294967296,\n    WIDE_B = -1,\n};", "ENUM64"
    assert code("enum", "(anon)") == \
        "enum (anon) {\n    ANON1_X = 1,\n    ANON1_Y = 2,\n    ANON2_Z = -3,\n" \
        "    TRACE_EVENT_FL_TRACEPOINT = 16,\n    TRACE_EVENT_FL_IGNORE_ENABLE = 32,\n};", \
        "anonymous enums merged into (anon)"


def test_funcs(code):
    assert code("func", "shapes_void") == "void shapes_void(struct shapes *s, union shape_union *u);", "void return"
    assert code("func", "shapes_params") == \
        "int shapes_params(int (*cb)(int, int), char **argv, const volatile int *p);", \
        "function-pointer, pointer-to-pointer and const volatile parameters"


def test_json(run):
    r = run("show", "struct", "shapes", "--image", "fx-btf", "--format", "json")
    t = json.loads(r.stdout)["type"]
    m = {x["name"]: x for x in t["members"]}
    assert list(t) == ["kind", "name", "size", "members"], "JSON: key order of a struct"
    assert m["callback"]["type"] == \
        {"kind": "PTR", "type": {"kind": "FUNC_PROTO", "params": [
            {"name": "(anon)", "type": {"kind": "PTR", "type": {"kind": "STRUCT", "name": "shape_inner"}}},
            {"name": "(anon-1)", "type": {"kind": "INT", "name": "long unsigned int"}}],
            "ret_type": {"kind": "INT", "name": "int"}}}, "JSON: function pointer member"
    assert m["flag_b"] == {"name": "flag_b", "bits_offset": 641, "bitfield_size": 3,
                           "type": {"kind": "INT", "name": "unsigned int"}}, "JSON: bitfield"
    assert (m["as_int"]["bits_offset"], m["as_float"]["bits_offset"]) == (672, 672), \
        "JSON: anonymous union flattened with its offset"
    assert (m["x"]["bits_offset"], m["y"]["bits_offset"]) == (704, 768), \
        "JSON: anonymous struct flattened with its offset"
    assert m["fixed"]["type"] == \
        {"kind": "CONST", "name": "(anon)", "type": {"kind": "PTR", "type": {"kind": "INT", "name": "int"}}}, \
        "JSON: const member"
    assert m["tail"]["type"] == \
        {"kind": "ARRAY", "name": "(anon)", "nr_elems": 0, "type": {"kind": "INT", "name": "int"}}, \
        "JSON: flexible array"
    assert m["wide"]["type"] == {"kind": "ENUM64", "name": "wide64", "size": 8}, "JSON: enum reference keeps its size"
    assert m["handler"]["type"] == {"kind": "TYPEDEF", "name": "handler_t"}, "JSON: typedef reference"
    r = run("show", "func", "shapes_void", "--image", "fx-btf", "--format", "json")
    assert json.loads(r.stdout)["type"]["type"]["ret_type"] == {"name": "void", "kind": "VOID"}, \
        "JSON: void return"


@pytest.fixture(scope="module")
def exported(ksurf, dataset):
    exp = os.path.join(dataset[0], "types-export")
    r = subprocess.run([ksurf, "--db", os.path.join(dataset[0], "types.db"), "export", exp],
                       capture_output=True, text=True)
    return exp, r


def test_export(exported):
    r = exported[1]
    assert (r.returncode, r.stderr) == (0, ""), "export exits 0"


# The three sources agree, type for type.
@pytest.mark.parametrize("kind", ("func", "struct", "union", "enum", "int"))
def test_sources_agree(exported, kind):
    files = [open(os.path.join(exported[0], f"types_{kind}", f"{n}.jsonl")).read()
             for n in ("fx-btf", "fx-raw", "fx-pahole")]
    assert (files[1] == files[0], files[2] == files[0], files[0].count("\n") > 0) == (True, True, True), \
        f"types_{kind}: .BTF section, raw BTF file and pahole-generated BTF agree"


def test_image_kinds(run):
    r = run("list", "--format", "jsonl")
    kinds = {json.loads(l)["name"]: json.loads(l)["kind"] for l in r.stdout.splitlines()}
    assert kinds == {"fx-btf": "vmlinux", "fx-raw": "btf", "fx-pahole": "vmlinux"}, "image kinds"


def test_layout(run, fixdir):
    # show struct --layout: offsets, sizes and holes as pahole -C gives them.
    pa = subprocess.run(["pahole", "-C", "shapes", os.path.join(fixdir, "vmlinux-btf")],
                        capture_output=True, text=True).stdout
    want = {}
    for line in pa.splitlines():
        m = re.match(r"^\t[^\t].*?(\w+)(?:\[[^]]*\])*(?::\d+)?;\s+/\*\s+(\d+)(?::\s*\d+)?\s+(\d+) \*/", line)
        if m:
            want[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    r = run("show", "struct", "shapes", "--layout", "--image", "fx-btf", "--format", "json")
    lay = json.loads(r.stdout)
    got = {m["name"]: (m["offset"], m["size"]) for m in lay["members"] if m["name"] in want}
    # a member of an anonymous struct type: the normalized form names no type to size it by
    want["named_anon"] = (want["named_anon"][0], None)
    assert (r.returncode, got) == (0, want), \
        f"--layout: every top-level member's offset and size as pahole -C ({len(want)} members; " \
        "an anonymous struct's size unknown)"
    assert (lay["size"], [m["hole_before_bits"] for m in lay["members"] if m["name"] == "as_int"], lay["padding"]) \
        == (144, [28], 4), "--layout: the size, the 28-bit hole before as_int, the padding"
    r = run("show", "struct", "shapes", "--layout", "--image", "fx-btf", "--format", "text")
    assert ("struct shapes {" in r.stdout, "/* XXX 28 bits hole, try to pack */" in r.stdout,
            "/* size: 144," in r.stdout, "<" in r.stdout) == (True, True, True, False), \
        "--layout text: pahole's shape"
    assert run("show", "func", "shapes_void", "--layout").returncode == 2, "--layout of a function: a usage error"
