#!/usr/bin/env python3
"""layout_vs_pahole.py KSURF DB IMAGE VMLINUX — every struct and union of IMAGE
as `ksurf show KIND '*' --layout` prints it, against
`pahole --suppress_aligned_attribute` on the image's vmlinux (its DWARF).

ksurf reads the BTF it stored; pahole reads DWARF.  The BTF lacks things the
DWARF has, and a layout that differs only there is counted apart, as an
exclusion, with its reason (docs/layout.md explains each):
  flattened-array    pahole's BTF encoder stores int a[2][3] as int a[6]
  zero-array         a trailing array of no elements: [] and [0] are one BTF type
  unnamed-bitfield   "int :32;" members: the BTF encoder drops them
  aligned-attribute  packing pahole infers from alignment attributes
                     (DW_AT_alignment; pahole without --suppress_aligned_attribute
                     shows them): BTF has none
  name-collision     the image's BTF holds several structs of the name (bpftool
                     counts them) and pahole prints another than the first
  dwarf-only         a struct pahole finds in no DWARF unit by that name
Every other difference is a mismatch.  Prints one PASS or FAIL line with the
counts and the first mismatches; exits 0 when no more than --allow remain.
"""
import argparse
import collections
import difflib
import re
import subprocess
import sys

HEAD = re.compile(r'^(struct|union) (\S+) \{')
UNNAMED = re.compile(r'^\t+[^\t/][^/]*\s:[0-9]+;$')  # "int :32;", "__u8 :0;"
PACKED = ' __attribute__((__packed__))'


def split(text):
    """{"struct NAME": [its text, ...]} in the order printed (several for a
    name pahole finds defined differently in several units)."""
    out = collections.OrderedDict()
    cur = None
    for line in text.splitlines(keepends=True):
        if cur is None:
            m = HEAD.match(line)
            if m:
                key, cur = f"{m.group(1)} {m.group(2)}", [line]
            continue
        cur.append(line)
        if line.startswith('}'):
            out.setdefault(key, []).append(''.join(cur))
            cur = None
    return out


def excused(ours, theirs):
    """The reason a difference comes from what BTF cannot hold, or None."""
    a = [l for l in difflib.ndiff(ours.splitlines(), theirs.splitlines())
         if l[:2] in ('- ', '+ ')]
    mine = [l[2:] for l in a if l[0] == '-']
    pah = [l[2:] for l in a if l[0] == '+']
    if len(mine) != len(pah):
        return None
    reasons = set()
    for x, y in zip(mine, pah):
        x0, y0 = x.split('/*')[0].rstrip(), y.split('/*')[0].rstrip()
        if re.search(r'\]\[', y0) and re.sub(r'\[[0-9\]\[]*\]', '[]', x0) == \
                re.sub(r'\[[0-9\]\[]*\]', '[]', y0):
            reasons.add('flattened-array')
        elif x0.replace('[]', '[0]') == y0.replace('[]', '[0]'):
            reasons.add('zero-array')
        elif x.startswith('\t/* --- cacheline') and y.startswith('\t/* --- cacheline'):
            reasons.add('flattened-array')  # a marker moved by the padding of a name
        else:
            return None
    return '+'.join(sorted(reasons)) if reasons else None


def unnamed(text):
    """Whether TEXT has an unnamed bitfield that takes room ("int :5;")."""
    return any(UNNAMED.match(l) and not l.endswith(':0;') for l in text.splitlines())


def without_unnamed(text, holes):
    """TEXT without its unnamed bitfields, their "Force padding:" headers and
    the blank lines they leave doubled; HOLES: without the bit holes and the
    member sums too (what the room of those bitfields is counted in)."""
    out = []
    for line in text.splitlines():
        if UNNAMED.match(line) or line.strip() == '/* Force padding: */':
            continue
        if holes and re.match(r'^\t+/\* (XXX [0-9]+ bits? hole|sum (bitfield )?members)', line):
            continue
        if line == '' and out and out[-1] == '':
            continue
        out.append(line)
    return out


def without_packed(text):
    """TEXT without its packed attributes (and the padding before a comment
    that moves with them)."""
    return [re.sub(r' +/\*', ' /*', line.replace(PACKED, ''))
            for line in text.splitlines()]


def btf_names(vmlinux):
    """{"struct NAME": how many the image's BTF holds}, from bpftool."""
    r = subprocess.run(['bpftool', 'btf', 'dump', 'file', vmlinux, 'format', 'raw'],
                       capture_output=True, text=True, errors='replace', check=True)
    n = collections.Counter()
    for m in re.finditer(r"^\[[0-9]+\] (STRUCT|UNION) '([^']+)'", r.stdout, re.M):
        n[f"{m.group(1).lower()} {m.group(2)}"] += 1
    return n


def pahole(vmlinux, names=None, aligned=False):
    cmd = ['pahole'] if aligned else ['pahole', '--suppress_aligned_attribute']
    if names:
        cmd += ['-C', ','.join(names)]
    return subprocess.run(cmd + [vmlinux], capture_output=True, text=True,
                          errors='replace', check=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('ksurf')
    ap.add_argument('db')
    ap.add_argument('image')
    ap.add_argument('vmlinux')
    ap.add_argument('--allow', type=int, default=0,
                    help='mismatches tolerated (the known remainder)')
    ap.add_argument('--show', type=int, default=3, help='mismatches printed')
    o = ap.parse_args()

    ours = collections.OrderedDict()
    for kind in ('struct', 'union'):
        r = subprocess.run([o.ksurf, '--db', o.db, 'show', kind, '*', '--layout',
                            '--image', o.image, '--format', 'text'],
                           capture_output=True, text=True, errors='replace')
        if r.returncode:
            print(f"FAIL: layout vs pahole: ksurf show {kind} '*' exited {r.returncode}: "
                  f"{r.stderr.strip()}")
            return 1
        ours.update(split(r.stdout))
    theirs = split(pahole(o.vmlinux))
    # a name pahole prints several times, or not at all: what -C NAME gives
    again = [k.split()[1] for k in ours if len(theirs.get(k, [])) != 1]
    for i in range(0, len(again), 200):
        for k, v in split(pahole(o.vmlinux, again[i:i + 200])).items():
            theirs[k] = v[:1]

    counts = collections.Counter()
    bad = []
    packed_only = []
    in_btf = btf_names(o.vmlinux)
    for k, (text,) in ((k, v[:1]) for k, v in ours.items()):
        if k not in theirs:
            counts['dwarf-only'] += 1
        elif text == theirs[k][0]:
            counts['identical'] += 1
        elif (why := excused(text, theirs[k][0])):
            counts[why] += 1
        elif unnamed(theirs[k][0]) and \
                without_unnamed(text, True) == without_unnamed(theirs[k][0], True):
            counts['unnamed-bitfield'] += 1
        elif in_btf[k] > 1:
            counts['name-collision'] += 1
        elif without_packed(text) == without_packed(theirs[k][0]):
            packed_only.append(k)
        else:
            counts['mismatch'] += 1
            bad.append(k)
    # packing that differs alone: excused where DWARF has alignment attributes
    for k in packed_only:  # one at a time: pahole -C A,B can miss B
        aligned = split(pahole(o.vmlinux, [k.split()[1]], aligned=True))
        if '__aligned__' in ''.join(aligned.get(k, [])):
            counts['aligned-attribute'] += 1
        else:
            counts['mismatch'] += 1
            bad.append(k)
    figures = ', '.join(f"{n} {w}" for w, n in sorted(counts.items()))
    ok = counts['mismatch'] <= o.allow
    print(f"{'PASS' if ok else 'FAIL'}: layout vs pahole on {o.image}: {len(ours)} "
          f"structs and unions: {figures} (allowed mismatches {o.allow})")
    for k in bad[:o.show]:
        sys.stdout.writelines(difflib.unified_diff(
            ours[k][0].splitlines(True), theirs[k][0].splitlines(True),
            f'ksurf {k}', f'pahole {k}', n=1))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
