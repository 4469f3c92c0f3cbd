#!/usr/bin/env python3
"""Crafted hostile inputs, made from a good vmlinux (the gcc-built fixture, or a real one).

Usage: craft.py VMLINUX OUT_DIR.  Writes one file per case into OUT_DIR:
  debug-str-unterminated   .debug_str moved to the end of the file without its final NUL
  debug-str-long-name      .debug_str moved to the end behind 5000 non-NUL bytes: names of kilobytes
  dwarf-unit-length        the first unit's length set to ff ff ff f0 (past the section)
  comment-huge             .comment of 2.5 MB of distinct strings (was quadratic)
"""
import os
import struct
import sys

src, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
base = open(src, "rb").read()


def sections(d):
    shoff, = struct.unpack_from("<Q", d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
    hdr = lambda i: struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize)
    stroff = hdr(shstrndx)[4]
    for i in range(shnum):
        h = hdr(i)
        name = d[stroff + h[0]:d.index(0, stroff + h[0])].decode()
        yield name, shoff + i * shentsize, h[4], h[5]


def moved(name, make):
    """A copy whose section NAME is replaced by make(old bytes), placed at the end of the file."""
    d = bytearray(base)
    for n, hoff, off, size in sections(d):
        if n == name:
            data = make(bytes(d[off:off + size]))
            struct.pack_into("<QQ", d, hoff + 24, len(d), len(data))
            d += data
            return d
    raise SystemExit(f"{src}: no {name}")


def write(case, d):
    open(os.path.join(out, case), "wb").write(d)


write("debug-str-unterminated", moved(".debug_str", lambda b: b.rstrip(b"\0") + b"A" * 64))
write("debug-str-long-name", moved(".debug_str", lambda b: b"A" * 5000 + b))
d = bytearray(base)
for n, _, off, _ in sections(d):
    if n == ".debug_info":
        d[off:off + 4] = b"\xf0\xff\xff\xff"
write("dwarf-unit-length", d)
write("comment-huge", moved(".comment", lambda b: b + b"".join(b"GCC: crafted %07d\0" % k for k in range(120000))))
