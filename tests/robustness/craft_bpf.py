#!/usr/bin/env python3
"""Crafted eBPF objects under 1 MB that made `ksurf check` quadratic or worse.

Usage: craft_bpf.py OUT_DIR.  Writes one BPF ELF (EM_BPF, little-endian, with
.BTF and .BTF.ext as clang lays them out) per case into OUT_DIR:
  helpers.bpf.o       122,000 distinct helper calls (call, src_reg 0, imm 1..122000,
                      no relocation) in one program: 960 KB of instructions
  core-relos.bpf.o    61,440 CO-RE relocations (960 KB of .BTF.ext records) in one
                      section: field offsets, field and type tests over two structs
  access-100k.bpf.o   a struct whose member is the struct itself, and 800 relocations
                      whose access string steps 100,000 times into it ("0:0:0:...")
  access-64.bpf.o     the same with 64 steps, the most libbpf parses
                      (BPF_CORE_SPEC_MAX_LEN), on 43,000 relocations: accepted
  ksyms.bpf.o         18,000 .ksyms externs (14,000 kfuncs, 4,000 typed ksyms, every
                      fourth weak): a BTF DATASEC .ksyms and undefined ELF symbols
The ELF and BTF are written here (no clang: the layout is exact and the same on
every machine); ksurf reads each as a BPF object.
"""
import os
import struct
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
MAX = 1 << 20

# --- BTF ---
KIND = dict(INT=1, PTR=2, ARRAY=3, STRUCT=4, UNION=5, ENUM=6, FWD=7, TYPEDEF=8, FUNC=12,
            FUNC_PROTO=13, VAR=14, DATASEC=15)


class Btf:
    def __init__(self):
        self.strs = bytearray(b"\0")
        self.str_at = {"": 0}
        self.types = bytearray()
        self.n = 0

    def s(self, text):
        if text not in self.str_at:
            self.str_at[text] = len(self.strs)
            self.strs += text.encode() + b"\0"
        return self.str_at[text]

    def add(self, kind, name, vlen, size_or_type, extra=b"", kflag=0):
        self.types += struct.pack("<III", self.s(name), kflag << 31 | KIND[kind] << 24 | vlen,
                                  size_or_type) + extra
        self.n += 1
        return self.n

    def int(self, name, size):
        return self.add("INT", name, 0, size, struct.pack("<I", 1 << 24 | size * 8))

    def struct(self, name, size, members):  # members: (name, type id, bit offset)
        extra = b"".join(struct.pack("<III", self.s(m), t, off) for m, t, off in members)
        return self.add("STRUCT", name, len(members), size, extra)

    def bytes(self):
        hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(self.types), len(self.types),
                          len(self.strs))
        return hdr + bytes(self.types) + bytes(self.strs)


def btf_ext(sections):
    """.BTF.ext with CO-RE relocations only: [(section name off, [(insn_off, type, access off, kind)])]."""
    relo = bytearray(struct.pack("<I", 16))
    for name_off, recs in sections:
        relo += struct.pack("<II", name_off, len(recs))
        relo += b"".join(struct.pack("<IIII", *r) for r in recs)
    hdr = struct.pack("<HBBIIIIIII", 0xEB9F, 1, 0, 32, 0, 0, 0, 0, 0, len(relo))
    return hdr + bytes(relo)


# --- ELF ---
def elf(texts, btf, ext=None, externs=()):
    """A relocatable EM_BPF ELF: TEXTS [(section, bytes, program name)], its .BTF,
    .BTF.ext, and EXTERNS [(name, weak)] as undefined symbols."""
    strtab = bytearray(b"\0")

    def s(text):
        at = len(strtab)
        strtab.extend(text.encode() + b"\0")
        return at

    secs = []  # (name off, type, flags, data, link, info, align, entsize)
    for name, code, _ in texts:
        secs.append([s(name), 1, 0x6, code, 0, 0, 8, 0])  # PROGBITS, ALLOC|EXECINSTR
    secs.append([s("license"), 1, 0x3, b"GPL\0", 0, 0, 1, 0])
    secs.append([s(".BTF"), 1, 0, btf.bytes(), 0, 0, 4, 0])
    if ext is not None:
        secs.append([s(".BTF.ext"), 1, 0, ext, 0, 0, 4, 0])
    syms = [struct.pack("<IBBHQQ", 0, 0, 0, 0, 0, 0)]
    for i, (_, code, prog) in enumerate(texts):
        # a global function at the section's start: a program
        syms.append(struct.pack("<IBBHQQ", s(prog), 1 << 4 | 2, 0, 1 + i, 0, len(code)))
    for name, weak in externs:
        syms.append(struct.pack("<IBBHQQ", s(name), (2 if weak else 1) << 4, 0, 0, 0, 0))
    symtab_name = s(".symtab")
    strtab_name = s(".strtab")
    n_secs = 1 + len(secs) + 2
    secs.append([symtab_name, 2, 0, b"".join(syms), n_secs - 1, 1, 8, 24])  # info: first global
    secs.append([strtab_name, 3, 0, bytes(strtab), 0, 0, 1, 0])
    body = bytearray(64)
    offs = []
    for sec in secs:
        while len(body) % 8:
            body.append(0)
        offs.append(len(body))
        body += sec[3]
    while len(body) % 8:
        body.append(0)
    shoff = len(body)
    body += bytes(64)  # the null section
    for sec, off in zip(secs, offs):
        name, typ, flags, data, link, info, align, entsize = sec
        body += struct.pack("<IIQQQQIIQQ", name, typ, flags, 0, off, len(data), link, info,
                            align, entsize)
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    body[0:64] = ident + struct.pack("<HHIQQQIHHHHHH", 1, 247, 1, 0, 0, shoff, 0, 64, 0, 0, 64,
                                     n_secs, n_secs - 1)
    return bytes(body)


def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack("<BBhi", code, src << 4 | dst, off, imm)


EXIT = insn(0xB7, 0, 0, 0, 0) + insn(0x95)  # r0 = 0; exit


def base_btf():
    b = Btf()
    i = b.int("int", 4)
    ptr = b.add("PTR", "", 0, 0)
    proto = b.add("FUNC_PROTO", "", 1, i, struct.pack("<II", b.s("ctx"), ptr))
    b.add("FUNC", "prog", 1, proto)  # global
    return b, i, proto


def write(case, data):
    assert len(data) <= MAX, (case, len(data))
    open(os.path.join(out, case), "wb").write(data)


# (a) distinct helper calls
n = 122000
code = b"".join(insn(0x85, 0, 0, 0, k) for k in range(1, n + 1)) + EXIT
b, _, _ = base_btf()
write("helpers.bpf.o", elf([("xdp", code, "prog")], b))

# (b) CO-RE relocations in one section, on the loads of one program
b, i, _ = base_btf()
real = ["pid", "tgid", "flags", "prio", "static_prio", "normal_prio", "policy", "exit_code"]
task = b.struct("task_struct", 4 * len(real), [(m, i, 32 * k) for k, m in enumerate(real)])
crafted = [f"crafted_field_{k}" for k in range(400)]
other = b.struct("ksurf_crafted", 4 * len(crafted), [(m, i, 32 * k) for k, m in enumerate(crafted)])
n_insns = 2048
code = b"".join(insn(0x61, 0, 1, 0, 0) for _ in range(n_insns - 2)) + EXIT  # r0 = *(u32 *)(r1 + 0)
sec = b.s("kprobe/vfs_read")
recs = []
for k in range(61440):
    at = (k % (n_insns - 2)) * 8
    if k % 3 == 0:
        recs.append((at, task, b.s(f"0:{k % len(real)}"), 0))  # FIELD_BYTE_OFFSET
    elif k % 3 == 1:
        recs.append((at, other, b.s(f"0:{k % len(crafted)}"), 2))  # FIELD_EXISTS
    else:
        recs.append((at, other if k % 2 else task, b.s("0"), 8))  # TYPE_EXISTS
write("core-relos.bpf.o", elf([("kprobe/vfs_read", code, "prog")], b, btf_ext([(sec, recs)])))


# (c) a self-referential struct and long access strings
def access(steps, n_relos):
    b, i, _ = base_btf()
    # struct ksurf_loop { struct ksurf_loop self; }: its member is itself
    node = b.n + 1
    b.struct("ksurf_loop", 8, [("self", node, 0)])
    code = b"".join(insn(0x61, 0, 1, 0, 0) for _ in range(n_relos)) + EXIT
    path = b.s("0" + ":0" * steps)
    sec = b.s("kprobe/vfs_read")
    recs = [(k * 8, node, path, 0) for k in range(n_relos)]
    return elf([("kprobe/vfs_read", code, "prog")], b, btf_ext([(sec, recs)]))


write("access-100k.bpf.o", access(100000, 800))
# the root's index and 63 steps: 64 components, on every load of a 1 MB object
write("access-64.bpf.o", access(63, 43000))

# (d) .ksyms externs: 24 bytes of BTF type and DATASEC entry and a 24-byte ELF
# symbol each, names of 3 characters in both string tables: 18,000 fit in 1 MB
ident = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"
b, i, proto = base_btf()
secinfo = bytearray()
externs = []
n = 18000
for k in range(n):
    name = ident[k // 3969 % 53] + ident[k // 63 % 63] + ident[k % 63]
    if k % 9 < 7:
        t = b.add("FUNC", name, 2, proto)  # an extern kfunc
        secinfo += struct.pack("<III", t, 0, 0)
    else:
        t = b.add("VAR", name, 0, i, struct.pack("<I", 2))  # an extern typed ksym
        secinfo += struct.pack("<III", t, 0, 4)
    externs.append((name, k % 4 == 1))
b.add("DATASEC", ".ksyms", n, 0, bytes(secinfo))
write("ksyms.bpf.o", elf([("xdp", EXIT, "prog")], b, externs=externs))
