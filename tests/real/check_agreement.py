#!/usr/bin/env python3
"""ksurf check's CO-RE resolution against libbpf's own, relocation by relocation.

Usage: check_agreement.py KSURF DB OUTDIR IMAGE=VMLINUX... -- FILE...

For each FILE (a BPF object or a binary embedding one) ksurf check lists each
CO-RE relocation (program section, index, resolved per image).  The same
object is cut out of the file (by its ELF header, as ksurf finds it) and
relocated by libbpf against each image's BTF with `bpftool -d gen
min_core_btf VMLINUX OUT OBJ`, whose debug log says "prog 'SEC': relo #N: no
matching targets found" for each relocation it cannot resolve (bpftool exits 0
then; it fails outright on "field offset ambiguity", which is reported as
such).  The sets must be equal; prints the agreement count, every
disagreement, and PASS/FAIL.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpf_objects  # noqa: E402

ksurf, db, out = sys.argv[1:4]
sep = sys.argv.index("--")
images = dict(a.split("=", 1) for a in sys.argv[4:sep])
files = sys.argv[sep + 1:]
os.makedirs(out, exist_ok=True)


def objects(path):
    """The BPF objects of PATH (bytes), by their ELF headers."""
    return [blob for _, blob in bpf_objects.objects(open(path, "rb").read())]


agree = disagree = ambiguous = 0
for path in files:
    r = subprocess.run([ksurf, "--db", db, "check", path, "--format", "json", "--image", ",".join(images)],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        print(f"FAIL: agreement: ksurf check {path}: {r.stderr.strip()}")
        disagree += 1
        continue
    progs = json.loads(r.stdout)["programs"]
    for n, blob in enumerate(objects(path)):
        if n >= len(progs):
            break
        prog = progs[n]
        obj = os.path.join(out, f"{prog['object']}.bpf.o")
        open(obj, "wb").write(blob)
        for image, vmlinux in images.items():
            ours = {(x["section"], x["index"]) for x in prog["relocations"] if not x["resolved"][image]}
            b = subprocess.run(["bpftool", "-d", "gen", "min_core_btf", vmlinux, os.path.join(out, "min.btf"), obj],
                               capture_output=True, text=True)
            log = b.stdout + b.stderr
            if "field offset ambiguity" in log or "ambiguous" in log:
                ambiguous += 1
                print(f"NOTE: {prog['object']} on {image}: libbpf stops at a field offset ambiguity")
                continue
            theirs = {(m.group(1), int(m.group(2))) for m in
                      re.finditer(r"prog '([^']+)': relo #(\d+): no matching targets found", log)}
            if ours == theirs:
                agree += 1
            else:
                disagree += 1
                print(f"DISAGREE: {prog['object']} on {image}: ksurf only {sorted(ours - theirs)}, "
                      f"libbpf only {sorted(theirs - ours)}")
total = agree + disagree
print(("PASS" if disagree == 0 and agree > 0 else "FAIL") +
      f": CO-RE resolution agrees with libbpf's on {agree} of {total} object-image pairs"
      f"{f' ({ambiguous} more stop at a field offset ambiguity in libbpf)' if ambiguous else ''}")
