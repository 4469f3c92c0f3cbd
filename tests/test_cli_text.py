"""Text output people read: show, index, diff and check without --format.

Text is the default on a terminal and piped alike: the same lines, coloured
only on a terminal (--color, NO_COLOR), never an HTML tag, names with control
characters in visible form.  diff: --stat, NAME patterns, renames on one line,
--exit-code, the pager only on a terminal.
"""
import json
import os
import pty
import re
import select
import shutil
import subprocess

import pytest

from conftest import ksurf_runner

A, ARM, B = "5.4.0-26-generic-amd64", "5.4.0-26-generic-arm64", "5.8.0-25-generic-amd64"
# a function name holding a terminal control, in B only
EVIL = "evil\x1b[31mfn"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[ />]")


@pytest.fixture(scope="module")
def db(ksurf, fixdir, tmp_path_factory):
    """A dataset of three named releases (groups Regular and Arch around A);
    in B shapes_entry is renamed shapes_entry_noprof (same prototype) and
    global_fn is EVIL."""
    d = tmp_path_factory.mktemp("clitext")
    run = ksurf_runner(ksurf, d / "fx.db")
    cfg = os.path.join(fixdir, "config-fixture")
    assert run("add", "--name", "v1", "--config", cfg,
               os.path.join(fixdir, "vmlinux-upstream")).returncode == 0
    assert run("add", "--name", "v2", "--config", cfg,
               os.path.join(fixdir, "vmlinux-v2")).returncode == 0
    layout = d / "layout"
    assert run("export", str(layout)).returncode == 0
    shutil.rmtree(layout / "image")  # the identity then comes from the names
    names = {"v1": [A, ARM], "v2": [B]}
    for kind in os.listdir(layout):
        for f in os.listdir(layout / kind):
            src, ext = f.split(".", 1)
            text = (layout / kind / f).read_text()
            if src == "v2":
                text = text.replace('"shapes_entry"', '"shapes_entry_noprof"')
                text = text.replace('"global_fn"', json.dumps(EVIL))
            for name in names[src]:
                (layout / kind / f"{name}.{ext}").write_text(text)
            os.remove(layout / kind / f)
    path = d / "text.db"
    r = ksurf_runner(ksurf, path)("import", str(layout))
    assert r.returncode == 0, r.stderr
    # the baseline remembered once: the commands below only read
    assert ksurf_runner(ksurf, path)("show", "func", "shapes_void", "--baseline", A).returncode == 0
    return path


@pytest.fixture(scope="module")
def run(ksurf, db):
    return ksurf_runner(ksurf, db)


def on_tty(ksurf, db, *args, env=None):
    """ksurf's stdout on a pseudo-terminal (stderr apart): (exit status, text)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([ksurf, "--db", str(db), *args], stdout=slave, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(), out.decode().replace("\r\n", "\n")


# Every text output people read: (command, its arguments).
TEXT = [
    ("show", "func", "shapes_void"),
    ("show", "func", "shapes_params"),
    ("show", "struct", "shapes"),
    ("show", "union", "shape_union"),
    ("show", "enum", "small_enum"),
    ("show", "field", "shapes::count"),
    ("show", "func", "shapes_void", "--per-image"),
    ("show", "lsm", "file_open"),
    ("show", "tracepoint", "fx_kept"),
    ("index", "func"),
    ("diff", A, B),
    ("diff", A, B, "--stat"),
]


@pytest.mark.parametrize("args", TEXT, ids=[" ".join(a) for a in TEXT])
def test_text_has_no_html_and_is_the_coloured_text_without_colour(run, args):
    plain = run(*args)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip()
    assert not TAG.search(plain.stdout), TAG.search(plain.stdout).group(0)
    assert "\x1b" not in plain.stdout  # piped: no colour
    coloured = run(*args, "--color=always")
    assert "\x1b[" in coloured.stdout
    assert ANSI.sub("", coloured.stdout) == plain.stdout


def test_show_text_carries_the_facts(run):
    out = run("show", "func", "shapes_void").stdout
    assert "void shapes_void(struct shapes *s, union shape_union *u);" in out
    assert "int shapes_void(struct shapes *s, union shape_union *u);" in out
    assert re.search(r"^ +at \S*shapes\.c:\d+", out, re.M)  # the location
    assert re.search(r"called by .*shapes_entry", out)  # the callers
    assert "Return type changed. void -> int" in out
    field = run("show", "field", "shapes::count").stdout
    assert re.search(r"offset \d+ bytes  u32 count;", field)
    struct = run("show", "struct", "shapes").stdout
    assert re.search(r"size \d+, \d+ members", struct)


def test_md_only_when_asked(run):
    assert run("show", "func", "shapes_void").stdout.startswith("Function shapes_void")
    md = run("show", "func", "shapes_void", "--format", "md").stdout
    assert md.startswith("# Function: <code>shapes_void</code>\n\n## Status\n")
    assert run("index", "func", "--format", "md").stdout.startswith("| func |")


def test_terminal_text_is_the_piped_text_coloured(ksurf, db, run):
    for args in (("show", "func", "shapes_void"), ("diff", A, B), ("index", "func")):
        rc, tty = on_tty(ksurf, db, *args, "--no-pager")
        assert rc == 0
        assert "\x1b[" in tty
        assert ANSI.sub("", tty) == run(*args).stdout


def test_no_color(ksurf, db):
    rc, out = on_tty(ksurf, db, "diff", A, B, "--no-pager", env={"NO_COLOR": "1"})
    assert rc == 0 and "\x1b" not in out and "> shapes_entry -> shapes_entry_noprof" in out
    # an option asks for colour all the same; a global one, the command's overrides it
    assert "\x1b[" in on_tty(ksurf, db, "diff", A, B, "--no-pager", "--color",
                             env={"NO_COLOR": "1"})[1]
    assert "\x1b" not in on_tty(ksurf, db, "--color=never", "diff", A, B, "--no-pager")[1]
    assert "\x1b[" in on_tty(ksurf, db, "--color=never", "diff", A, B, "--no-pager",
                             "--color=always")[1]


def test_color_option_errors(run):
    r = run("diff", A, B, "--color=sometimes")
    assert r.returncode == 2 and "--color takes auto, always or never" in r.stderr
    r = run("--color=pink", "list")
    assert r.returncode == 2 and r.stderr.startswith("ksurf: --color takes")


def test_exit_code(run):
    assert run("diff", A, B).returncode == 0
    assert run("diff", A, B, "--exit-code").returncode == 1
    assert run("diff", A, A, "--exit-code").returncode == 0
    assert run("diff", A, ARM, "--exit-code", "--format", "json").returncode == 0
    assert run("diff", A, B, "--exit-code", "--kind", "syscall").returncode == 0
    assert run("diff", A, B, "--exit-code", "--kind", "func", "--stat").returncode == 1


def test_stat(run):
    lines = run("diff", A, B, "--stat").stdout.splitlines()
    assert lines[0].split() == ["kind", "old", "new", "added", "removed", "renamed", "changed"]
    rows = {l.split()[0]: l.split()[1:] for l in lines[1:10]}
    assert list(rows) == ["func", "struct", "union", "enum", "tracepoint", "lsm", "kfunc",
                          "syscall", "config"]
    assert rows["func"][2:6] == ["+1", "-1", "1", "~3"]  # EVIL in, global_fn out, one rename
    assert lines[10] == "changes per issue:"
    assert lines[11].startswith("  func: Param added 1, ")
    assert "Return type changed 1" in " ".join(lines[11:])
    assert len(lines) <= 24 and all(len(l) <= 80 for l in lines)
    r = run("diff", A, B, "--stat", "--format", "json")
    assert r.returncode == 2


def test_rename_on_one_line(run):
    out = run("diff", A, B, "--kind", "func").stdout
    assert "> shapes_entry -> shapes_entry_noprof\n" in out
    assert "+ shapes_entry_noprof\n" not in out and "- shapes_entry\n" not in out
    assert out.startswith("func: 32 -> 32, 1 added, 1 removed, 1 renamed, 3 changed\n")
    md = run("diff", A, B, "--kind", "func", "--format", "md").stdout
    assert "- renamed <code>shapes_entry</code> ➡️ <code>shapes_entry_noprof</code>\n" in md
    # json: the pair, and its names in added and removed as before renames
    kind = json.loads(run("diff", A, B, "--kind", "func", "--format", "json").stdout)["kinds"][0]
    assert kind["renamed"] == [{"old": "shapes_entry", "new": "shapes_entry_noprof"}]
    assert "shapes_entry_noprof" in kind["added"] and "shapes_entry" in kind["removed"]


def test_name_patterns(run):
    out = run("diff", A, B, "shapes_*").stdout
    names = re.findall(r"^[-+>~] (\S+)", out, re.M)
    assert names and all(n.startswith("shapes_") for n in names)
    assert "> shapes_entry -> shapes_entry_noprof" in out
    # a pair shown when either name matches; kinds with no matching name left out
    out = run("diff", A, B, "*_noprof").stdout
    assert out == ("func: 0 -> 1, 0 added, 0 removed, 1 renamed, 0 changed\n"
                   "> shapes_entry -> shapes_entry_noprof\n\n")
    assert run("diff", A, B, "no_such_*", "--exit-code").returncode == 0


def test_names_in_visible_form(run):
    out = run("diff", A, B, "--kind", "func", "--color=always").stdout
    assert "+ evil\\x1b[31mfn" in ANSI.sub("", out)
    assert "\x1b[31mfn" not in out
    out = run("index", "func").stdout
    assert "evil\\x1b[31mfn" in out and "\x1b" not in out


def test_pager_only_on_a_terminal(ksurf, db, run, tmp_path, monkeypatch):
    monkeypatch.delenv("KSURF_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    mark = tmp_path / "paged"
    pager = {"KSURF_PAGER": f"touch {mark}; cat"}
    r = run("diff", A, B, env={**os.environ, **pager})
    assert r.returncode == 0 and "> shapes_entry" in r.stdout
    assert not mark.exists()  # piped: never
    rc, out = on_tty(ksurf, db, "diff", A, B, "--no-pager", env=pager)
    assert rc == 0 and not mark.exists()
    rc, out = on_tty(ksurf, db, "--no-pager", "show", "func", "shapes_void", env=pager)
    assert rc == 0 and not mark.exists()
    rc, out = on_tty(ksurf, db, "diff", A, B, env=pager)
    assert rc == 0 and mark.exists() and "> shapes_entry -> shapes_entry_noprof" in ANSI.sub("", out)
    # $PAGER when KSURF_PAGER is not set; "cat" is no pager
    mark.unlink()
    env = {"PAGER": f"touch {mark}; cat"}
    assert on_tty(ksurf, db, "index", "func", env=env)[0] == 0 and mark.exists()
    mark.unlink()
    assert on_tty(ksurf, db, "index", "func", env={**env, "KSURF_PAGER": "cat"})[0] == 0
    assert not mark.exists()


def test_check_text_by_default(ksurf, fixdir, tmp_path):
    run = ksurf_runner(ksurf, tmp_path / "check.db")
    assert run("add", "--name", "fx", "--config", os.path.join(fixdir, "config-fixture"),
               os.path.join(fixdir, "vmlinux-btf")).returncode == 0
    obj = os.path.join(fixdir, "mini.bpf.o")
    plain = run("check", obj)
    assert plain.returncode in (0, 1) and "verdict" in plain.stdout
    assert not TAG.search(plain.stdout) and "\x1b" not in plain.stdout
    assert plain.stdout == run("check", obj, "--format", "text").stdout
    coloured = run("check", obj, "--color=always")
    assert "\x1b[" in coloured.stdout and ANSI.sub("", coloured.stdout) == plain.stdout
    rc, tty = on_tty(ksurf, tmp_path / "check.db", "check", obj, "--no-pager")
    assert ANSI.sub("", tty) == plain.stdout


def test_check_pages_on_a_terminal(ksurf, fixdir, tmp_path):
    # check's verdicts go through the pager on a terminal, and its exit
    # status is still the verdict's (the pager's is not)
    db = tmp_path / "page.db"
    run = ksurf_runner(ksurf, db)
    assert run("add", "--name", "fx", os.path.join(fixdir, "vmlinux-btf")).returncode == 0
    obj = os.path.join(fixdir, "mini.bpf.o")
    piped = run("check", obj, "--fail-on", "degraded")
    mark = tmp_path / "paged"
    pager = {"KSURF_PAGER": f"touch {mark}; cat; exit 3"}
    rc, out = on_tty(ksurf, db, "check", obj, "--fail-on", "degraded", "--no-pager", env=pager)
    assert (rc, mark.exists()) == (piped.returncode, False)
    rc, out = on_tty(ksurf, db, "check", obj, "--fail-on", "degraded", env=pager)
    assert (rc, mark.exists()) == (piped.returncode, True)
    assert piped.returncode == 1, "the fixture's object has a degraded dependency at least"
    assert ANSI.sub("", out) == piped.stdout
