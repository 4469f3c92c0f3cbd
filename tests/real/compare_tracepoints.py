#!/usr/bin/env python3
"""Compare ksurf's tracepoints export with the published tool's, line for line.

Usage: compare_tracepoints.py REFERENCE.jsonl.xz OURS.jsonl.  Every line must be
byte for byte equal, except where the reference cut `fmt_str` at 4,095 bytes
(docs/reference-defects.md, 5): there the reference string must be a prefix of
ours and everything else equal.  Prints PASS/FAIL lines.
"""
import json
import lzma
import sys

ref = lzma.open(sys.argv[1], "rt").read().splitlines()
ours = open(sys.argv[2]).read().splitlines()
same = cut = bad = 0
for r, o in zip(ref, ours):
    if r == o:
        same += 1
        continue
    rj, oj = json.loads(r), json.loads(o)
    rf, of = rj.pop("fmt_str"), oj.pop("fmt_str")
    if rj == oj and len(rf.encode()) == 4095 and of.startswith(rf):
        cut += 1
    else:
        bad += 1
        if bad <= 3:
            print(f"FAIL: tracepoint {rj.get('event_name')} differs")
ok = bad == 0 and len(ref) == len(ours)
print(f"{'PASS' if ok else 'FAIL'}: tracepoints: {len(ours)} (reference {len(ref)}), "
      f"{same} byte for byte, {cut} with the reference's format string cut at 4,095 bytes")
