#!/usr/bin/env python3
"""layout_vs_pahole.py KSURF DB IMAGE VMLINUX — every struct and union of IMAGE
as `ksurf show KIND '*' --layout` prints it, against
`pahole --suppress_aligned_attribute` on the image's vmlinux (its DWARF).

ksurf reads the BTF it stored; pahole reads DWARF.  The BTF lacks three things
the DWARF has, and a layout that differs only there is counted apart, as an
exclusion, with its reason:
  flattened-array  pahole's BTF encoder stores int a[2][3] as int a[6]
  zero-array       a trailing array of no elements: [] and [0] are one BTF type
  dwarf-only       a struct pahole finds in no DWARF unit by that name
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


def pahole(vmlinux, names=None):
    cmd = ['pahole', '--suppress_aligned_attribute']
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
    for k, (text,) in ((k, v[:1]) for k, v in ours.items()):
        if k not in theirs:
            counts['dwarf-only'] += 1
        elif text == theirs[k][0]:
            counts['identical'] += 1
        elif (why := excused(text, theirs[k][0])):
            counts[why] += 1
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
