"""The BPF objects a file holds, cut out by their ELF headers as ksurf finds them.

Shared by the real-kernel tests (check_agreement.py, dep_recall.py,
oracle/oracle.py): libbpf and bpftool take an object file, not a skeleton
binary that embeds one.
"""
import struct

EM_BPF = 247


def objects(data):
    """The BPF objects in DATA: (offset, bytes), by their ELF headers (64-bit
    little-endian, e_machine 247) whose section table fits in the file; the
    size is max(shoff + shnum*64, end of any section with bytes)."""
    found, i = [], 0
    while True:
        i = data.find(b"\x7fELF", i)
        if i < 0:
            return found
        if (i + 64 <= len(data) and data[i + 4] == 2 and data[i + 5] == 1
                and struct.unpack_from("<H", data, i + 18)[0] == EM_BPF):
            shoff, = struct.unpack_from("<Q", data, i + 40)
            shnum, = struct.unpack_from("<H", data, i + 60)
            end = shoff + shnum * 64
            if shnum and i + end <= len(data):
                for k in range(shnum):
                    b = i + shoff + k * 64
                    t, = struct.unpack_from("<I", data, b + 4)
                    off, size = struct.unpack_from("<QQ", data, b + 24)
                    if t != 8:  # SHT_NOBITS
                        end = max(end, off + size)
                if i + end <= len(data):
                    found.append((i, data[i:i + end]))
                    i += end
                    continue
        i += 1
