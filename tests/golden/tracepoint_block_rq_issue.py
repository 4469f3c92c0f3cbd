#!/usr/bin/env python3
"""tracepoint_block_rq_issue.py OUTDIR — the dataset behind
examples/tracepoint-block_rq_issue.md, written by hand.

What the page says: block_rq_issue (class block_rq) is in every image, its
event struct trace_event_raw_block_rq unchanged throughout; its function takes
(__data, q, rq) up to 5.8 and on the 5.4 images, (__data, rq) from 5.11 on.
Written as tracepoints/NAME.jsonl for `ksurf import`.
"""
import json
import os
import sys

from study_images import ALL, version

out = sys.argv[1]
os.makedirs(os.path.join(out, "tracepoints"), exist_ok=True)


def ptr(kind, name):
    return {"kind": "PTR", "type": {"kind": kind, "name": name}}


def array(n, of):
    return {"kind": "ARRAY", "name": "(anon)", "nr_elems": n, "type": {"kind": "INT", "name": of}}


MEMBERS = [("ent", {"kind": "STRUCT", "name": "trace_entry"}),
           ("dev", {"kind": "TYPEDEF", "name": "dev_t"}),
           ("sector", {"kind": "TYPEDEF", "name": "sector_t"}),
           ("nr_sector", {"kind": "INT", "name": "unsigned int"}),
           ("bytes", {"kind": "INT", "name": "unsigned int"}),
           ("rwbs", array(8, "char")), ("comm", array(16, "char")),
           ("__data_loc_cmd", {"kind": "TYPEDEF", "name": "u32"}), ("__data", array(0, "char"))]
OFFSETS = [0, 64, 128, 192, 224, 256, 320, 448, 480]
STRUCT = {"kind": "STRUCT", "name": "trace_event_raw_block_rq", "size": 64,
          "members": [{"name": n, "bits_offset": o, "type": t} for (n, t), o in zip(MEMBERS, OFFSETS)]}
DATA = {"name": "__data", "type": {"kind": "PTR", "type": {"name": "void", "kind": "VOID"}}}
Q = {"name": "q", "type": ptr("STRUCT", "request_queue")}
RQ = {"name": "rq", "type": ptr("STRUCT", "request")}
for name in ALL:
    params = [DATA, RQ] if version(name) >= (5, 11) else [DATA, Q, RQ]
    func = {"kind": "FUNC", "name": "trace_event_raw_event_block_rq",
            "type": {"kind": "FUNC_PROTO", "params": params, "ret_type": {"name": "void", "kind": "VOID"}}}
    tp = {"class_name": "block_rq", "event_name": "block_rq_issue",
          "func_name": "trace_event_raw_event_block_rq", "struct_name": "trace_event_raw_block_rq",
          "fmt_str": "\"%d,%d %s %u (%s) %llu + %u [%s]\"", "func": func, "struct": STRUCT}
    with open(os.path.join(out, "tracepoints", name + ".jsonl"), "w") as f:
        f.write(json.dumps(tp) + "\n")
