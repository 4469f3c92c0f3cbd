#!/usr/bin/env python3
"""Crafted hostile inputs, made from a good vmlinux (the gcc-built fixture, or a real one).

Usage: craft.py VMLINUX OUT_DIR [PKG].  Writes one file per case into OUT_DIR:
  debug-str-unterminated   .debug_str moved to the end of the file without its final NUL
  debug-str-long-name      .debug_str moved to the end behind 5000 non-NUL bytes: names of kilobytes
  dwarf-unit-length        the first unit's length set to ff ff ff f0 (past the section)
  elf-bad-shstrndx         e_shstrndx past the section headers (was "no DWARF")
  elf-bad-shnum            e_shnum 2 (was "no .symtab")
  config-cut.gz            a gzip config cut in half (was stored as partial config)
  comment-huge             .comment of 2.5 MB of distinct strings (was quadratic)
  strtab-bad-utf8          symbol names with an overlong NUL (C0 80) and a surrogate (ED A0 80)
  xz-block-16TiB.ddeb      PKG with a multi-block data.tar.xz whose index claims a 16 TiB block
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
for case, field, value in (("elf-bad-shstrndx", 0x3e, None), ("elf-bad-shnum", 0x3c, 2)):
    d = bytearray(base)
    shnum, = struct.unpack_from("<H", d, 0x3c)
    struct.pack_into("<H", d, field, shnum + 7 if value is None else value)
    write(case, d)
import gzip
cfg = gzip.compress(b"CONFIG_BPF=y\n" * 4000)
write("config-cut.gz", cfg[:len(cfg) // 2])
d = bytearray(base)
for n, _, off, size in sections(d):
    if n == ".strtab":
        for name, bad in ((b"fixture_sink\0", b"\xc0\x80"), (b"fixture_fail\0", b"\xed\xa0\x80")):
            at = d.index(name, off, off + size)
            d[at:at + len(bad)] = bad
write("strtab-bad-utf8", d)
write("comment-huge", moved(".comment", lambda b: b + b"".join(b"GCC: crafted %07d\0" % k for k in range(120000))))


# --- packages: needs a kernel debug package (.ddeb/.deb) as a third argument ---
import binascii
import lzma
import subprocess
import tempfile


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_varint(b, i):
    n = shift = 0
    while True:
        n |= (b[i] & 0x7f) << shift
        shift += 7
        i += 1
        if not b[i - 1] & 0x80:
            return n, i


def xz_blocks(data):
    """DATA as an xz stream of 4 KiB blocks (random access applies)."""
    f = subprocess.run(["xz", "-c", "--block-size=4KiB", "-T1"], input=data, capture_output=True, check=True)
    return f.stdout


def claim_block_size(xz, size):
    """The stream with its index claiming SIZE bytes for the first block."""
    footer = xz[-12:]
    backward = (int.from_bytes(footer[4:8], "little") + 1) * 4
    istart = len(xz) - 12 - backward
    idx = xz[istart:len(xz) - 12]
    n, i = read_varint(idx, 1)
    recs = []
    for _ in range(n):
        unpadded, i = read_varint(idx, i)
        usize, i = read_varint(idx, i)
        recs.append([unpadded, usize])
    recs[0][1] = size
    body = b"\0" + varint(n) + b"".join(varint(a) + varint(b) for a, b in recs)
    body += b"\0" * (-len(body) % 4)
    body += binascii.crc32(body).to_bytes(4, "little")
    bsize = (len(body) // 4 - 1).to_bytes(4, "little")
    flags = footer[8:10]
    newfooter = binascii.crc32(bsize + flags).to_bytes(4, "little") + bsize + flags + b"YZ"
    return xz[:istart] + body + newfooter


if len(sys.argv) > 3:
    pkg = sys.argv[3]
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(["ar", "x", os.path.abspath(pkg)], cwd=t, check=True)
        data = [f for f in os.listdir(t) if f.startswith("data.tar")][0]
        raw = subprocess.run(["xz", "-dc" if data.endswith(".xz") else "-c", os.path.join(t, data)]
                             if data.endswith(".xz") else ["cat", os.path.join(t, data)],
                             capture_output=True, check=True).stdout
        os.remove(os.path.join(t, data))
        open(os.path.join(t, "data.tar.xz"), "wb").write(claim_block_size(xz_blocks(raw), 1 << 44))
        ctrl = [f for f in os.listdir(t) if f.startswith("control.tar")][0]
        dest = os.path.join(os.path.abspath(out), "xz-block-16TiB.ddeb")
        subprocess.run(["ar", "rc", dest, "debian-binary", ctrl, "data.tar.xz"], cwd=t, check=True)
