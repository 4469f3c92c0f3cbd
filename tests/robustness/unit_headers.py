#!/usr/bin/env python3
"""Every kind of damage to a DWARF unit header is refused.

Usage: unit_headers.py KSURF VMLINUX WORK_DIR.  Copies VMLINUX into WORK_DIR once,
then for each case patches a unit header of the copy in place, runs `ksurf add`
on it into a fresh dataset and restores the bytes.  Each case must exit 2 with
one error line saying the DWARF is malformed, within 300 s, leaving no dataset
behind.  Cases, on the first unit and on one in the middle:
  past        a length running past the section's end
  reserved    the reserved lengths 0xfffffff0 and 0xfffffffe
  len64       a 64-bit length (0xffffffff, then 8 bytes) past the section
  short       a length that ends the unit 7 bytes early (the next header is garbage)
  version     versions 0, 1 and 9
Prints PASS/FAIL lines.
"""
import os
import shutil
import struct
import subprocess
import sys

ksurf, src, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
img = os.path.join(work, "unit-headers.vmlinux")
shutil.copyfile(src, img)


def debug_info(path):
    with open(path, "rb") as f:
        d = f.read(64)
        shoff, = struct.unpack_from("<Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
        f.seek(shoff)
        sh = f.read(shentsize * shnum)
        hdr = lambda i: struct.unpack_from("<IIQQQQIIQQ", sh, i * shentsize)
        f.seek(hdr(shstrndx)[4])
        names = f.read(hdr(shstrndx)[5])
        for i in range(shnum):
            h = hdr(i)
            if names[h[0]:names.index(b"\0", h[0])] == b".debug_info":
                return h[4], h[5]
    raise SystemExit(f"{path}: no .debug_info")


base, size = debug_info(img)
f = open(img, "r+b")
units = []  # (offset in the section, 32-bit length)
off = 0
while off < size:
    f.seek(base + off)
    length, = struct.unpack("<I", f.read(4))
    units.append((off, length))
    off += 4 + length
if off != size or not units:
    raise SystemExit(f"{src}: its units do not tile .debug_info (a 64-bit DWARF image?)")
picks = [("first", units[0])] + ([("middle", units[len(units) // 2])] if len(units) > 2 else [])
failed = 0
for where, (uoff, length) in picks:
    f.seek(base + uoff)
    orig = f.read(6)
    cases = {
        "past": struct.pack("<I", size - uoff + 100),
        "reserved-fff0": struct.pack("<I", 0xfffffff0),
        "reserved-fffe": struct.pack("<I", 0xfffffffe),
        "len64": struct.pack("<IQ", 0xffffffff, 1 << 40),
        "short": struct.pack("<I", length - 7),
        "version-0": orig[:4] + struct.pack("<H", 0),
        "version-1": orig[:4] + struct.pack("<H", 1),
        "version-9": orig[:4] + struct.pack("<H", 9),
    }
    for case, patch in cases.items():
        f.seek(base + uoff)
        saved = f.read(len(patch))
        f.seek(base + uoff)
        f.write(patch)
        f.flush()
        db = os.path.join(work, "unit-headers.db")
        for p in (db, db + "-wal", db + "-shm"):
            if os.path.exists(p):
                os.unlink(p)
        try:
            r = subprocess.run([ksurf, "--db", db, "add", "--name", "x", img],
                               capture_output=True, text=True, timeout=300)
            rc, err = r.returncode, r.stderr.strip()
        except subprocess.TimeoutExpired:
            rc, err = "timeout", ""
        f.seek(base + uoff)
        f.write(saved)
        f.flush()
        lines = err.splitlines()
        landed = subprocess.run(["sqlite3", db, "select count(*) from images"], capture_output=True,
                                text=True).stdout.strip() if os.path.exists(db) else "0"
        ok = rc == 2 and len(lines) == 1 and "malformed DWARF" in err and landed in ("", "0")
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}: unit header {case} ({where} unit, at {uoff:#x}): "
              f"exit {rc}, {err!r}, images stored: {landed or 0}")
f.close()
os.unlink(img)
sys.exit(1 if failed else 0)
