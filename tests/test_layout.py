"""show --layout against pahole on the fixture images: every struct and union
of the image's BTF printed as `pahole --suppress_aligned_attribute -C` prints
it from the DWARF (holes, bit holes, padding, nested anonymous members)."""
import os
import re
import subprocess

import pytest

from conftest import ksurf_runner

HEAD = re.compile(r'^(struct|union) (\S+) \{')


def flat_dims(text):
    """int a[2][3] as int a[6]: pahole's BTF encoder stores it so (the BTF
    ksurf reads is pahole's), and the columns after it move with it."""
    def product(m):
        n = 1
        for d in re.findall(r'\d+', m.group(0)):
            n *= int(d)
        return f'[{n}]'
    out = []
    for line in text.splitlines():
        if '[' in line and '/*' in line and not line.lstrip().startswith('/*'):
            decl, _, rest = line.partition('/*')
            line = re.sub(r'(\[\d+\]){2,}', product, decl).rstrip() + ' /*' + rest
        out.append(line)
    return '\n'.join(out)


def split(text):
    out, cur, key = {}, None, None
    for line in text.splitlines(keepends=True):
        if cur is None:
            m = HEAD.match(line)
            if m:
                key, cur = m.group(0)[:-2], [line]
            continue
        cur.append(line)
        if line.startswith('}'):
            out.setdefault(key, ''.join(cur))
            cur = None
    return out


@pytest.fixture(scope="module")
def layouts(ksurf, fixdir, tmp_path_factory):
    db = tmp_path_factory.mktemp("layout") / "d.db"
    run = ksurf_runner(ksurf, db)
    vm = os.path.join(fixdir, "vmlinux-btf")
    r = run("add", vm, "--name", "fx")
    assert r.returncode == 0, r.stderr
    ours = {}
    for kind in ("struct", "union"):
        r = run("show", kind, "*", "--layout", "--image", "fx", "--format", "text")
        assert r.returncode == 0, r.stderr
        assert "<" not in r.stdout  # no HTML in text
        ours.update(split(r.stdout))
    theirs = split(subprocess.run(["pahole", "--suppress_aligned_attribute", vm],
                                  capture_output=True, text=True, check=True).stdout)
    return run, ours, theirs


def test_every_layout_as_pahole(layouts):
    _, ours, theirs = layouts
    assert len(ours) >= 5
    differ = [k for k in ours if k in theirs
              and flat_dims(ours[k]) != flat_dims(theirs[k])]
    assert not differ, differ[:5]
    assert len([k for k in ours if k in theirs]) >= len(ours) - 2


def test_fixture_has_the_hard_cases(layouts):
    _, ours, _ = layouts
    text = ''.join(ours.values())
    for what in ("bytes hole, try to pack", "/* padding:", "/* size:", "\tunion {",
                 "bits hole, try to pack", "Bitfield combined with next fields",
                 "} vlan[2]; /*", "} * parts; /*", "} __attribute__((__packed__));"):
        assert what in text, what


def test_one_layout_alone(layouts):
    run, ours, _ = layouts
    name = next(k for k in ours if k.startswith("struct ")).split()[1]
    r = run("show", "struct", name, "--layout", "--image", "fx", "--format", "text")
    assert r.returncode == 0, r.stderr
    assert r.stdout == ours["struct " + name]


def test_star_needs_an_image(layouts):
    run, _, _ = layouts
    r = run("show", "struct", "*", "--layout", "--format", "text")
    assert r.returncode != 0
    assert "--image" in r.stderr


def test_glob_selects_layouts(layouts):
    run, _, _ = layouts
    every = split(run("show", "struct", "*", "--layout", "--image", "fx", "--format", "text").stdout)
    r = run("show", "struct", "shape*", "--layout", "--image", "fx", "--format", "text")
    assert r.returncode == 0, r.stderr
    got = split(r.stdout)
    assert got and got == {k: v for k, v in every.items() if k.startswith("struct shape")}
    r = run("show", "struct", "zz*", "--layout", "--image", "fx", "--format", "text")
    assert (r.returncode, r.stderr) == (2, "ksurf: show: no struct of fx matches zz*\n")
