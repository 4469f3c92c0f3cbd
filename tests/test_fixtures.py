#!/usr/bin/env python3
"""Function surface of the gcc-built fixture images, checked value by value.

Usage: test_fixtures.py KSURF FIXTURE_DIR WORK_DIR.  Prints one PASS/FAIL line per check.
"""
import json
import os
import re
import subprocess
import sys

import checks

ksurf, fixdir, work = sys.argv[1:4]
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "src")
db = os.path.join(work, "fixtures.db")
run = checks.runner(ksurf, db)
check = checks.check


def line_of(path, tag):
    with open(os.path.join(src, path)) as f:
        for i, l in enumerate(f, 1):
            if f"LINE:{tag} " in l or l.rstrip().endswith(f"LINE:{tag} */"):
                return i
    raise KeyError(tag)


def symbols_of(image):
    out = subprocess.run(["nm", image], capture_output=True, text=True).stdout
    return {l.split()[2]: int(l.split()[0], 16) for l in out.splitlines() if len(l.split()) == 3}


if os.path.exists(db):
    os.remove(db)
images = {"upstream": 5, "ubuntu": 4, "debian": 5, "rt": 4}
for name in images:
    r = run("add", "--name", f"fx-{name}", os.path.join(fixdir, f"vmlinux-{name}"))
    check(f"add fx-{name} exits 0", (r.returncode, r.stderr), (0, ""))

exp = os.path.join(work, "export")
r = run("export", exp)
check("export exits 0", r.returncode, 0)

for name, dwarf in images.items():
    img = f"fx-{name}"
    path = os.path.join(exp, "func_groups", f"{img}.jsonl")
    text = open(path).read()
    groups = {g["name"]: g for g in map(json.loads, text.splitlines())}
    syms = symbols_of(os.path.join(fixdir, f"vmlinux-{name}"))
    t = f"[{img}, DWARF {dwarf}]"
    check(f"{t} no build prefix in any path", re.findall(r"/build/|debian/build|" + re.escape(fixdir), text), [])

    g = groups["global_fn"]
    check(f"{t} global_fn collision", g["collision_type"], "Unique Global")
    check(f"{t} global_fn inline", g["inline_type"], "No")
    f = g["funcs"][0]
    check(f"{t} global_fn entry", (f["external"], f["loc"], f["file"], f["inline"]),
          (True, f"mm/alpha.c:{line_of('mm/alpha.c', 'global_fn')}", "mm/alpha.c", "seen, unknown"))
    check(f"{t} global_fn addr is its symbol's", f["addr"], syms["global_fn"])
    check(f"{t} global_fn direct callers", f["caller_func"], ["kernel/beta.c:beta_calls"])
    check(f"{t} global_fn symbols", [(s["name"], s["bind"], s["addr"]) for s in g["symbols"]],
          [("global_fn", "STB_GLOBAL", syms["global_fn"])])

    g = groups["sel_fn"]
    check(f"{t} sel_fn selective", (g["collision_type"], g["inline_type"]), ("Unique Global", "Selective"))
    f = g["funcs"][0]
    check(f"{t} sel_fn inline status", f["inline"], "not declared, inlined")
    check(f"{t} sel_fn inline callers", f["caller_inline"], ["mm/alpha.c:alpha_uses_sel"])
    check(f"{t} sel_fn direct callers", f["caller_func"], ["kernel/beta.c:beta_calls"])

    g = groups["hdr_dup"]
    hl = f"include/linux/fixture.h:{line_of('include/linux/fixture.h', 'hdr_dup')}"
    check(f"{t} hdr_dup duplication", (g["collision_type"], g["inline_type"]), ("Static Duplication", "Full"))
    check(f"{t} hdr_dup entries", [(e["loc"], e["file"], e["external"], e["inline"]) for e in g["funcs"]],
          [(hl, u, False, "declared, inlined") for u in ("mm/alpha.c", "kernel/beta.c", "kernel/gamma.c")])
    check(f"{t} hdr_dup inline callers", [e["caller_inline"] for e in g["funcs"]],
          [["mm/alpha.c:global_fn"], ["kernel/beta.c:beta_calls"], ["kernel/gamma.c:coll_sg"]])

    g = groups["coll_ss"]
    check(f"{t} coll_ss collision", g["collision_type"], "Static-Static Collision")
    check(f"{t} coll_ss locations", [(e["loc"], e["file"]) for e in g["funcs"]],
          [(f"mm/alpha.c:{line_of('mm/alpha.c', 'coll_ss_alpha')}", "mm/alpha.c"),
           (f"kernel/beta.c:{line_of('kernel/beta.c', 'coll_ss_beta')}", "kernel/beta.c")])
    check(f"{t} coll_ss symbols", [(s["name"], s["bind"]) for s in g["symbols"]],
          [("coll_ss", "STB_LOCAL"), ("coll_ss", "STB_LOCAL")])
    check(f"{t} coll_ss direct callers", [e["caller_func"] for e in g["funcs"]],
          [["mm/alpha.c:alpha_uses_coll", "mm/alpha.c:alpha_uses_coll"], ["kernel/beta.c:beta_calls"]])

    g = groups["coll_sg"]
    check(f"{t} coll_sg collision", g["collision_type"], "Static-Global Collision")
    check(f"{t} coll_sg entries", [(e["external"], e["loc"]) for e in g["funcs"]],
          [(False, f"kernel/beta.c:{line_of('kernel/beta.c', 'coll_sg_beta')}"),
           (True, f"kernel/gamma.c:{line_of('kernel/gamma.c', 'coll_sg_gamma')}")])

    g = groups["full_fn"]
    check(f"{t} full_fn full inline", (g["collision_type"], g["inline_type"], g["symbols"]),
          ("Unique Static", "Full", []))
    check(f"{t} full_fn inline callers", g["funcs"][0]["caller_inline"],
          ["mm/alpha.c:alpha_uses_full", "mm/alpha.c:alpha_uses_full"])

    for fn, suffix in (("cp_fn", "constprop"), ("isra_fn", "isra"), ("part_fn", "part"), ("cold_fn", "cold")):
        g = groups[fn]
        names = [s["name"] for s in g["symbols"]]
        check(f"{t} {fn} has a .{suffix} symbol", any(f".{suffix}" in n for n in names), True)
        check(f"{t} {fn} symbol addresses", [s["addr"] for s in g["symbols"]], [syms[n] for n in names])
    check(f"{t} part_fn is selective", groups["part_fn"]["inline_type"], "Selective")
    check(f"{t} cold_fn keeps its global symbol", [s["bind"] for s in groups["cold_fn"]["symbols"]],
          ["STB_LOCAL", "STB_GLOBAL"])
    # cold_fn's DIE has only DW_AT_ranges: the lowest range start is its address.
    check(f"{t} cold_fn addr from DW_AT_ranges", groups["cold_fn"]["funcs"][0]["addr"],
          min(syms["cold_fn"], syms["cold_fn.cold"]))
    # 20 in mm/, kernel/{beta,gamma}.c; 4 shapes.c; 8 events.c; rt: hyp_sr_get
    check(f"{t} group count", len(groups), 33 if name == "rt" else 32)

# Debian rt: two build prefixes in every unit name, and one source file in two units.
g = groups_rt = {g["name"]: g for g in map(json.loads, open(os.path.join(exp, "func_groups", "fx-rt.jsonl")))}
g = groups_rt["hyp_sr_get"]
hl = f"kernel/hyp/sr.c:{line_of('kernel/hyp/sr.c', 'hyp_sr_get')}"
check("[fx-rt] hyp_sr_get, compiled in two units: a Static Duplication of two entries",
      (g["collision_type"], [(e["loc"], e["file"]) for e in g["funcs"]], len(g["symbols"])),
      ("Static Duplication", [(hl, "kernel/hyp/sr.c")] * 2, 2))
check("[fx-rt] unit paths lose both build prefixes",
      sorted({e["file"] for x in groups_rt.values() for e in x["funcs"] if e["file"]}),
      ["kernel/beta.c", "kernel/events.c", "kernel/gamma.c", "kernel/hyp/sr.c", "kernel/shapes.c", "mm/alpha.c"])

# The same program gives the same surface whatever the layout or DWARF version.
def comparable(name):
    gs = [json.loads(l) for l in open(os.path.join(exp, "func_groups", f"fx-{name}.jsonl"))]
    for g in gs:
        for f in g["funcs"]:
            f.pop("addr")
        for s in g["symbols"]:
            s.pop("addr")
    return gs
check("DWARF 4 and 5 images agree", comparable("ubuntu"), comparable("upstream"))
check("Debian layout agrees", comparable("debian"), comparable("upstream"))
check("Debian rt layout agrees", [g for g in comparable("rt") if g["name"] != "hyp_sr_get"],
      comparable("upstream"))

# show func: the report block, and JSON.
r = run("show", "func", "coll_ss", "--image", "fx-upstream", "--format", "md")
want = f"""In <code>fx-upstream</code>: Collision ⚠️

```c
int coll_ss(int x);
```

**Collision:** Static-Static Collision

**Inline:** No

**Transformation:** False

**Instances:**

```
In mm/alpha.c ({groups['coll_ss']['funcs'][0]['addr']:x})
Location: mm/alpha.c:{line_of('mm/alpha.c', 'coll_ss_alpha')}
Inline: False
Direct callers:
  - mm/alpha.c:alpha_uses_coll
  - mm/alpha.c:alpha_uses_coll
```
```
In kernel/beta.c ({groups['coll_ss']['funcs'][1]['addr']:x})
Location: kernel/beta.c:{line_of('kernel/beta.c', 'coll_ss_beta')}
Inline: False
Direct callers:
  - kernel/beta.c:beta_calls
```
**Symbols:**

```
"""
check("show func coll_ss markdown (head)", r.stdout[:len(want)], want)
r = run("show", "func", "no_such_fn")
check("show func of a name in no image: exit 2, one line, nothing on stdout",
      (r.returncode, r.stdout, r.stderr), (2, "", "ksurf: show: func no_such_fn is in none of the 4 images\n"))
r = run("show", "func", "global_fn", "--per-image", "--format", "md")
check("show --per-image: every image's item", (r.returncode, r.stdout.count("In <code>")), (0, 4))
r = run("show", "func", "sel_fn", "--format", "json", "--image", "fx-debian")
check("show --format json is the func_groups object, addresses in hex",
      json.loads(r.stdout)["group"], json.loads(re.sub(r'"addr": (\d+)', lambda m: f'"addr": "{int(m[1]):#x}"',
          [l for l in open(os.path.join(exp, "func_groups", "fx-debian.jsonl")) if '"name": "sel_fn"' in l][0])))
r = run("list", "--format", "jsonl")
rows = [json.loads(l) for l in r.stdout.splitlines()]
check("list counts", [(x["name"], x["func_groups"], x["collision"]["Static Duplication"], x["inline"]["Full"])
                      for x in rows],
      [(f"fx-{n}", 33 if n == "rt" else 32, 2 if n == "rt" else 1, 2) for n in images])
sys.exit(1 if checks.failed else 0)
