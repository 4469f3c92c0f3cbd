#!/usr/bin/env python3
"""PASS/FAIL of the kernel oracle's agreement (run.sh's OUTDIR/agreement.json).

Usage: verdict.py AGREEMENT_JSON KNOWN_TSV

Every program the kernel loaded (or refused) is compared with ksurf check's
verdict ("fails" or not).  A disagreement listed in KNOWN_TSV (object and
section: a verifier rule ksurf does not model) is printed as known; any
other fails the test.  Programs the loader's libbpf cannot load ("loader too
old") stay out of the figure.
"""
import json
import sys

doc = json.load(open(sys.argv[1]))
known = {}
for line in open(sys.argv[2]):
    if line.strip() and not line.startswith("#"):
        obj, sec, why = line.rstrip("\n").split("\t", 2)
        known[(obj, sec)] = why
rows = doc["rows"]
if not rows:
    print("FAIL: oracle: no program was compared")
    sys.exit(0)
for rel in doc["releases"]:
    mine = [r for r in rows if r["release"] == rel and r["status"] in ("agree", "disagree")]
    agree = sum(r["status"] == "agree" for r in mine)
    too_old = sum(r["status"] == "loader-too-old" for r in rows if r["release"] == rel)
    unexplained = []
    for r in mine:
        if r["status"] != "disagree":
            continue
        why = known.get((r["object"], r["section"]))
        print(f"NOTE: oracle: {rel} {r['object']} {r['section']}: loader "
              f"{'fails' if r['loader_fails'] else 'loads'}, ksurf {r['ksurf']}"
              + (f" (known: {why})" if why else f" ({r.get('loader_note', '')})"))
        if not why:
            unexplained.append(r)
    ok = mine and not unexplained
    print(f"{'PASS' if ok else 'FAIL'}: oracle: on Debian's {rel} under qemu, ksurf check's fails-or-not "
          f"agrees with the kernel on {agree} of {len(mine)} programs ({len(mine) - agree - len(unexplained)} "
          f"known, {len(unexplained)} unexplained; {too_old} the loader's libbpf {doc['libbpf']} cannot load)")
# the FAIL lines are the runner's to count: exit 0 once they are printed
