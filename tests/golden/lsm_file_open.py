#!/usr/bin/env python3
"""lsm_file_open.py OUTDIR — the dataset behind examples/lsm-file_open.md, written by hand.

What the page says: every image has the LSM hook file_open; security_file_open
takes (struct file *file, const struct cred *cred) up to 4.18 and only
(struct file *file) from 5.0 on.  Written in the published layout
(types_func/, types_struct/) for `ksurf import`.
"""
import json
import os
import sys

from study_images import ALL, version

out = sys.argv[1]
FILE = {"name": "file", "type": {"kind": "PTR", "type": {"kind": "STRUCT", "name": "file"}}}
CRED = {"name": "cred", "type": {"kind": "PTR", "type": {
    "kind": "CONST", "name": "(anon)", "type": {"kind": "STRUCT", "name": "cred"}}}}
INT = {"kind": "INT", "name": "int"}
HEADS = {"kind": "STRUCT", "name": "security_hook_heads", "size": 16, "members": [
    {"name": "file_open", "bits_offset": 0, "type": {"kind": "STRUCT", "name": "hlist_head"}},
    {"name": "file_permission", "bits_offset": 64, "type": {"kind": "STRUCT", "name": "hlist_head"}}]}
for sub in ("types_func", "types_struct"):
    os.makedirs(os.path.join(out, sub), exist_ok=True)
for name in ALL:
    params = [FILE, CRED] if version(name) < (5, 0) else [FILE]
    func = {"kind": "FUNC", "name": "security_file_open",
            "type": {"kind": "FUNC_PROTO", "params": params, "ret_type": INT}}
    with open(os.path.join(out, "types_func", name + ".jsonl"), "w") as f:
        f.write(json.dumps(func) + "\n")
    with open(os.path.join(out, "types_struct", name + ".jsonl"), "w") as f:
        f.write(json.dumps(HEADS) + "\n")
