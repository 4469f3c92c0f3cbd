#!/usr/bin/env python3
"""BTF types of the gcc-built fixtures (kernel/shapes.c): every rendering shape, golden.

Usage: test_types.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
The same BTF is read three ways: the .BTF section pahole -J put in vmlinux-btf,
the raw file fixture.btf, and BTF ksurf has pahole generate for vmlinux-upstream
(which has no .BTF).  The expected text below is the SPEC §5 rendering,
written out by hand.
"""
import json
import os
import subprocess
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
db = os.path.join(work, "types.db")
run = checks.runner(ksurf, db)
check = checks.check


for f in ("", "-wal", "-shm"):
    if os.path.exists(db + f):
        os.remove(db + f)
for name, path in (("fx-btf", "vmlinux-btf"), ("fx-raw", "fixture.btf"),
                   ("fx-pahole", "vmlinux-upstream")):
    r = run("add", "--name", name, os.path.join(fixdir, path))
    check(f"add {path} exits 0", (r.returncode, r.stderr), (0, ""))


def code(kind, name, image="fx-btf"):
    r = run("show", kind, name, "--image", image, "--format", "md")
    out = r.stdout
    start, end = out.find("```c\n"), out.find("\n```", out.find("```c\n"))
    return out[start + 5:end] if start >= 0 else out


check("struct with every member shape", code("struct", "shapes"), """struct shapes {
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
};""")
check("union", code("union", "shape_union"), """union shape_union {
    long int l;
    struct shape_inner in;
};""")
check("enum", code("enum", "small_enum"), "enum small_enum {\n    SMALL_A = 0,\n    SMALL_B = 5,\n};")
check("unsigned enum beyond 2^31: signed values, as published",
      code("enum", "big_unsigned"), "enum big_unsigned {\n    BIG_A = -2147483648,\n    BIG_B = -2,\n};")
check("ENUM64", code("enum", "wide64"), "enum wide64 {\n    WIDE_A = 4294967296,\n    WIDE_B = -1,\n};")
check("anonymous enums merged into (anon)", code("enum", "(anon)"),
      "enum (anon) {\n    ANON1_X = 1,\n    ANON1_Y = 2,\n    ANON2_Z = -3,\n"
      "    TRACE_EVENT_FL_TRACEPOINT = 16,\n    TRACE_EVENT_FL_IGNORE_ENABLE = 32,\n};")
check("void return", code("func", "shapes_void"),
      "void shapes_void(struct shapes *s, union shape_union *u);")
check("function-pointer, pointer-to-pointer and const volatile parameters",
      code("func", "shapes_params"),
      "int shapes_params(int (*cb)(int, int), char **argv, const volatile int *p);")

r = run("show", "struct", "shapes", "--image", "fx-btf", "--format", "json")
t = json.loads(r.stdout)["type"]
m = {x["name"]: x for x in t["members"]}
check("JSON: key order of a struct", list(t), ["kind", "name", "size", "members"])
check("JSON: function pointer member",
      m["callback"]["type"],
      {"kind": "PTR", "type": {"kind": "FUNC_PROTO", "params": [
          {"name": "(anon)", "type": {"kind": "PTR", "type": {"kind": "STRUCT", "name": "shape_inner"}}},
          {"name": "(anon-1)", "type": {"kind": "INT", "name": "long unsigned int"}}],
          "ret_type": {"kind": "INT", "name": "int"}}})
check("JSON: bitfield", m["flag_b"], {"name": "flag_b", "bits_offset": 641, "bitfield_size": 3,
                                      "type": {"kind": "INT", "name": "unsigned int"}})
check("JSON: anonymous union flattened with its offset",
      (m["as_int"]["bits_offset"], m["as_float"]["bits_offset"]), (672, 672))
check("JSON: anonymous struct flattened with its offset",
      (m["x"]["bits_offset"], m["y"]["bits_offset"]), (704, 768))
check("JSON: const member", m["fixed"]["type"],
      {"kind": "CONST", "name": "(anon)", "type": {"kind": "PTR", "type": {"kind": "INT", "name": "int"}}})
check("JSON: flexible array", m["tail"]["type"],
      {"kind": "ARRAY", "name": "(anon)", "nr_elems": 0, "type": {"kind": "INT", "name": "int"}})
check("JSON: enum reference keeps its size", m["wide"]["type"],
      {"kind": "ENUM64", "name": "wide64", "size": 8})
check("JSON: typedef reference", m["handler"]["type"], {"kind": "TYPEDEF", "name": "handler_t"})
r = run("show", "func", "shapes_void", "--image", "fx-btf", "--format", "json")
check("JSON: void return", json.loads(r.stdout)["type"]["type"]["ret_type"],
      {"name": "void", "kind": "VOID"})

# The three sources agree, type for type.
exp = os.path.join(work, "types-export")
r = subprocess.run([ksurf, "--db", db, "export", exp], capture_output=True, text=True)
check("export exits 0", (r.returncode, r.stderr), (0, ""))
for kind in ("func", "struct", "union", "enum", "int"):
    files = [open(os.path.join(exp, f"types_{kind}", f"{n}.jsonl")).read()
             for n in ("fx-btf", "fx-raw", "fx-pahole")]
    check(f"types_{kind}: .BTF section, raw BTF file and pahole-generated BTF agree",
          (files[1] == files[0], files[2] == files[0], files[0].count("\n") > 0), (True, True, True))
r = run("list", "--format", "jsonl")
kinds = {json.loads(l)["name"]: json.loads(l)["kind"] for l in r.stdout.splitlines()}
check("image kinds", kinds, {"fx-btf": "vmlinux", "fx-raw": "btf", "fx-pahole": "vmlinux"})

# show struct --layout: offsets, sizes and holes as pahole -C gives them.
import re
import subprocess
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
check(f"--layout: every top-level member's offset and size as pahole -C ({len(want)} members; "
      "an anonymous struct's size unknown)", (r.returncode, got), (0, want))
check("--layout: the size, the 28-bit hole before as_int, the padding",
      (lay["size"], [m["hole_before_bits"] for m in lay["members"] if m["name"] == "as_int"], lay["padding"]),
      (144, [28], 4))
r = run("show", "struct", "shapes", "--layout", "--image", "fx-btf", "--format", "text")
check("--layout text: pahole's shape", ("struct shapes {" in r.stdout, "/* XXX 28 bits hole, try to pack */" in r.stdout,
                                         "/* size: 144," in r.stdout, "<" in r.stdout), (True, True, True, False))
check("--layout of a function: a usage error", run("show", "func", "shapes_void", "--layout").returncode, 2)
sys.exit(1 if checks.failed else 0)
