"""Names as people type them, read commands that leave the dataset alone,
`config` for defaults, output that fits 100 columns, hex addresses in JSON."""
import glob
import hashlib
import json
import os
import shutil

import pytest

from conftest import ksurf_runner

A, B = "5.4.0-26-generic-amd64", "5.8.0-25-generic-amd64"
NAMES = {"v1": [A, "5.4.0-26-generic-arm64", "4.4.0-21-lowlatency-arm64"], "v2": [B]}


@pytest.fixture(scope="module")
def db(ksurf, fixdir, tmp_path_factory):
    """Four images named as releases (the fixture images exported, renamed, imported)."""
    d = tmp_path_factory.mktemp("names")
    run = ksurf_runner(ksurf, d / "raw.db")
    cfg = os.path.join(fixdir, "config-fixture")
    run("add", "--name", "v1", "--config", cfg, os.path.join(fixdir, "vmlinux-upstream"))
    run("add", "--name", "v2", "--config", cfg, os.path.join(fixdir, "vmlinux-v2"))
    layout = d / "layout"
    assert run("export", str(layout)).returncode == 0
    shutil.rmtree(layout / "image")
    for sub in os.listdir(layout):
        for f in os.listdir(layout / sub):
            src, ext = f.split(".", 1)
            for name in NAMES[src]:
                shutil.copy(layout / sub / f, layout / sub / f"{name}.{ext}")
            os.remove(layout / sub / f)
    path = d / "names.db"
    r = ksurf_runner(ksurf, path)("import", str(layout))
    assert r.returncode == 0, r.stderr
    return path


@pytest.fixture
def run(ksurf, db):
    return ksurf_runner(ksurf, db)


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


SPELLINGS = [
    ("tracepoint", "fx_kept", ["fx:fx_kept", "fx/fx_kept"]),
    ("syscall", "fx_read", ["sys_fx_read", "__x64_sys_fx_read", "__arm64_sys_fx_read"]),
    ("lsm", "file_open", ["security_file_open", "bpf_lsm_file_open"]),
    ("struct", "shapes", ["struct shapes", "struct  shapes"]),
    ("union", "shape_union", ["union shape_union"]),
    ("enum", "small_enum", ["enum small_enum"]),
    ("field", "shapes::name", ["struct shapes::name"]),
]


@pytest.mark.parametrize("kind,name,typed", SPELLINGS)
def test_spellings_name_the_same_dependency(run, kind, name, typed):
    want = run("show", kind, name, "--format", "json")
    assert want.returncode == 0, want.stderr
    for t in typed:
        r = run("show", kind, t, "--format", "json")
        assert r.returncode == 0, (t, r.stderr)
        assert json.loads(r.stdout) == json.loads(want.stdout), t
        r = run("show", kind, t, "--image", A, "--format", "json")
        assert r.returncode == 0 and json.loads(r.stdout)["image"] == A, (t, r.stderr)


def test_keyword_of_another_kind(run):
    r = run("show", "struct", "union shape_union")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "names a union" in r.stderr
    assert "ksurf show union shape_union" in r.stderr


def test_glob_lists_matches_with_marks(run):
    r = run("show", "func", "alpha_*", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    names = [row["name"] for row in doc["rows"]]
    assert names and all(n.startswith("alpha_") for n in names)
    index = json.loads(run("index", "func", "--format", "json").stdout)
    assert [row for row in index["rows"] if row["name"].startswith("alpha_")] == doc["rows"]
    text = run("show", "func", "alpha_*", "--format", "text")
    assert text.returncode == 0
    assert [line.split()[0] for line in text.stdout.splitlines()[1:]] == names
    r = run("show", "tracepoint", "fx:fx_k*", "--format", "json")
    assert [row["name"] for row in json.loads(r.stdout)["rows"]] == ["fx_kept"]


def test_glob_matching_nothing(run):
    r = run("show", "func", "zz_nothing_*")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "no func matches zz_nothing_*" in r.stderr


def test_image_did_you_mean(run):
    r = run("show", "func", "global_fn", "--image", "5.9")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("ksurf: show: no image named 5.9 in the dataset; did you mean ")
    assert B in r.stderr and A in r.stderr
    r = run("diff", "5.9", A)
    assert r.returncode == 2 and "did you mean" in r.stderr and B in r.stderr


@pytest.mark.parametrize("args,bad,want", [
    (["show", "func", "f", "--imgae", A], "--imgae", "--image"),
    (["list", "--fromat", "json"], "--fromat", "--format"),
    (["check", "--imgae", A, "x.o"], "--imgae", "--image"),
    (["diff", A, B, "--kidn", "func"], "--kidn", "--kind"),
    (["stats", "--tabel", "inline"], "--tabel", "--table"),
    (["--dbb", "x"], "--dbb", "--db"),
])
def test_option_did_you_mean(run, args, bad, want):
    r = run(*args)
    cmd = "ksurf" if args[0].startswith("--") else f"ksurf {args[0]}"
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == (f"{cmd}: unknown option '{bad}'; did you mean {want}? "
                        f"(see '{cmd} --help')\n")


def test_command_did_you_mean(run):
    r = run("shwo", "func", "x")
    assert r.returncode == 2 and "did you mean show?" in r.stderr


def test_read_commands_leave_the_dataset_alone(run, db, fixdir, tmp_path):
    before = sha(db)
    obj = os.path.join(fixdir, "mini.bpf.o")
    for args in (["show", "func", "global_fn", "--baseline", B],
                 ["show", "func", "global_fn", "--baseline", B, "--lts", "5.4,5.8"],
                 ["index", "func", "--baseline", B, "--lts", "5.8"],
                 ["diff", A, B], ["list"],
                 ["stats", "--baseline", B, "--table", "inline"],
                 ["check", obj, "--image", A],
                 ["site", str(tmp_path / "site"), "--baseline", B],
                 ["export", str(tmp_path / "export")]):
        r = run(*args)
        assert r.returncode in (0, 1), (args, r.stderr)
        assert sha(db) == before, args
    r = run("config", "baseline")
    assert (r.returncode, r.stdout) == (1, "")


def test_config_sets_the_defaults(run):
    r = run("config", "baseline", "5.8.0-25-gen")
    assert r.returncode == 0
    try:
        assert run("config", "baseline").stdout == B + "\n"
        page = json.loads(run("show", "func", "global_fn", "--format", "json").stdout)
        assert page["baseline"] == B
        given = json.loads(run("show", "func", "global_fn", "--baseline", A,
                               "--format", "json").stdout)
        assert given["baseline"] == A
        assert run("config", "baseline").stdout == B + "\n"  # the option changed nothing
        assert run("config", "lts", "5.4,5.8").returncode == 0
        assert run("config", "lts").stdout == "5.4,5.8\n"
    finally:
        run("config", "--unset", "baseline")
        run("config", "--unset", "lts")
    assert run("config").stdout.splitlines()[0].endswith("(default)")


def fits(text):
    lines = text.splitlines()
    assert lines
    for line in lines:
        assert len(line) <= 100, line
        assert line == line.rstrip(), repr(line)
        assert "\x1b" not in line, repr(line)


def test_list_fits_and_explains(run):
    r = run("list")
    assert r.returncode == 0
    fits(r.stdout)
    assert "UG unique global" in r.stdout and "SYSC system calls" in r.stdout


def test_list_fits_debian_names(ksurf, fixdir, tmp_path):
    # Debian's longest image name (38 characters, a ppc64el 64k-page kernel):
    # every table still within 100 columns (with the six-digit counts of 390
    # real images it takes at most 92)
    run = ksurf_runner(ksurf, tmp_path / "long.db")
    name = "6.12.107+deb13-powerpc64le-64k-ppc64el"
    assert run("add", "--name", name, os.path.join(fixdir, "vmlinux-upstream")).returncode == 0
    r = run("list")
    fits(r.stdout)
    assert r.stdout.count(name) == 3


def test_stats_fits(run):
    r = run("stats", "--baseline", A)
    assert r.returncode == 0, r.stderr
    fits(r.stdout)
    assert "UG Unique Global" in r.stdout  # the note: a legend of the headers


def test_check_matrix_fits(run, fixdir):
    objs = sorted(glob.glob(os.path.join(fixdir, "*.bpf.o")))
    r = run("check", *objs, "--format", "text")
    assert r.returncode in (0, 1), r.stderr
    fits(r.stdout)
    assert "\nmarks: " in r.stdout


def test_index_text_has_no_trailing_blanks(run):
    r = run("index", "func", "--format", "text")
    assert r.returncode == 0
    for line in r.stdout.splitlines():
        assert line == line.rstrip(), repr(line)


def test_show_json_addresses_are_hex_export_keeps_decimal(run, tmp_path):
    r = run("show", "func", "sel_fn", "--image", A, "--format", "json")
    assert r.returncode == 0, r.stderr
    group = json.loads(r.stdout)["group"]
    addrs = [f["addr"] for f in group["funcs"]] + [s["addr"] for s in group["symbols"]]
    assert addrs and all(isinstance(a, str) and a.startswith("0x") for a in addrs)
    int(addrs[0], 16)
    assert run("export", str(tmp_path / "out"), "--image", A).returncode == 0
    rows = [json.loads(line) for line in open(tmp_path / "out" / "func_groups" / f"{A}.jsonl")]
    sel = [g for g in rows if g["name"] == "sel_fn"][0]
    assert [f["addr"] for f in sel["funcs"]] == [int(a, 16) for a in addrs[:len(sel["funcs"])]]
    assert all(isinstance(s["addr"], int) for s in sel["symbols"])
