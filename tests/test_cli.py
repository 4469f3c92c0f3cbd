"""The command line as a user meets it: usage errors, formats, names, settings."""
import json
import os
import pty
import re
import glob
import shutil
import subprocess

import pytest

from conftest import ksurf_runner

A, B = "5.4.0-26-generic-amd64", "5.8.0-25-generic-amd64"
U = "4.4.0-21-lowlatency-arm64"


# Usage errors: one line naming the mistake and pointing at --help, exit 2.
USAGE = ((["show", "func"], "ksurf show: missing NAME (see 'ksurf show --help')"),
         (["diff", "A"], "ksurf diff: missing IMAGE_B (see 'ksurf diff --help')"),
         (["list", "--fromat", "json"], "ksurf list: unknown option '--fromat'; did you mean --format? (see 'ksurf list --help')"),
         (["show", "func", "f", "--format"], "ksurf show: option '--format' needs a value (see 'ksurf show --help')"),
         (["list", "extra"], "ksurf list: unexpected argument 'extra' (see 'ksurf list --help')"),
         (["add"], "ksurf add: missing INPUT (see 'ksurf add --help')"),
         (["--bogus"], "ksurf: unknown option '--bogus' (see 'ksurf --help')"),
         ([], "ksurf: missing COMMAND (see 'ksurf --help')"))


@pytest.mark.parametrize("args, line", USAGE, ids=[" ".join(a) or "(none)" for a, _ in USAGE])
def test_usage_error(ksurf, tmp_path, args, line):
    r = ksurf_runner(ksurf, tmp_path / "cli.db")(*args)
    assert (r.returncode, r.stderr, r.stdout) == (2, line + "\n", ""), \
        f"usage error {' '.join(args) or '(none)'}: exit 2, one line, no help"


def test_help(ksurf, tmp_path):
    r = ksurf_runner(ksurf, tmp_path / "cli.db")("show", "--help")
    assert (r.returncode, r.stdout.startswith("usage: ksurf show")) == (0, True), "--help: the usage on stdout, exit 0"


@pytest.fixture(scope="module")
def dataset(ksurf, fixdir, tmp_path_factory):
    """A dataset of named releases: the fixture images exported, renamed, imported
    (the database's path and the import's result)."""
    work = tmp_path_factory.mktemp("cli")
    run = ksurf_runner(ksurf, work / "first.db")
    cfg = os.path.join(fixdir, "config-fixture")
    run("add", "--name", "v1", "--config", cfg, os.path.join(fixdir, "vmlinux-upstream"))
    run("add", "--name", "v2", "--config", cfg, os.path.join(fixdir, "vmlinux-v2"))
    layout = os.path.join(work, "cli-layout")
    run("export", layout)
    shutil.rmtree(os.path.join(layout, "image"))  # the identity then comes from the names
    NAMES = {"v1": ["5.4.0-26-generic-amd64", "5.4.0-26-generic-arm64", "4.4.0-21-lowlatency-arm64"],
             "v2": ["5.8.0-25-generic-amd64"]}
    for d in os.listdir(layout):
        for f in os.listdir(os.path.join(layout, d)):
            src, ext = f.split(".", 1)
            for name in NAMES[src]:
                shutil.copy(os.path.join(layout, d, f), os.path.join(layout, d, f"{name}.{ext}"))
            os.remove(os.path.join(layout, d, f))
    db = os.path.join(work, "cli.db")
    return db, ksurf_runner(ksurf, db)("import", layout)


@pytest.fixture(scope="module")
def db(dataset):
    return dataset[0]


@pytest.fixture(scope="module")
def run(ksurf, db):
    return ksurf_runner(ksurf, db)


def test_import(dataset):
    r = dataset[1]
    assert (r.returncode, r.stderr) == (0, ""), "the renamed layout imports"


# --format json is one document everywhere; jsonl one JSON value per line.
FORMAT_ARGS = (["list"], ["index", "func", "--baseline", A], ["diff", A, B],
               ["show", "func", "global_fn", "--per-image"], ["show", "config", "CONFIG_BPF"],
               ["show", "func", "global_fn", "--baseline", A])


def json_doc(run, args):
    r = run(*args, "--format", "json")
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        doc = None
    return r, doc


@pytest.mark.parametrize("args", FORMAT_ARGS, ids=" ".join)
def test_format_json(run, args):
    r, doc = json_doc(run, args)
    assert (r.returncode, doc is not None) == (0, True), f"{' '.join(args)} --format json: one JSON document"


# a page (show --baseline) is one document in either format
@pytest.mark.parametrize("args", [a for a in FORMAT_ARGS if not (a[0] == "show" and "--baseline" in a)], ids=" ".join)
def test_format_jsonl(run, args):
    r, doc = json_doc(run, args)
    r = run(*args, "--format", "jsonl")
    lines = r.stdout.splitlines()
    try:
        parsed = [json.loads(line) for line in lines]
    except ValueError:
        parsed = None
    want = doc if isinstance(doc, list) else doc.get("kinds", doc.get("rows")) if doc else None
    assert (r.returncode, parsed) == (0, want), f"{' '.join(args)} --format jsonl: a line per record, json's records"


def test_ungrouped_and_settings(run):
    """Images outside every group, then the remembered settings (one sequence:
    each step reads the settings the one before left)."""
    # Images outside every group: named on stderr, in the JSON page, reachable per image.
    r = run("show", "func", "global_fn", "--baseline", A)
    assert (r.returncode, r.stderr) == (0, f"ksurf: show: 1 image in no group around {A}: {U} (see --per-image)\n"), \
        "an image in no group is named on stderr, the page printed"
    r = run("show", "func", "global_fn", "--format", "json")
    assert json.loads(r.stdout)["ungrouped"] == [U], "...and in the JSON page's ungrouped list"
    r = run("show", "func", "global_fn", "--per-image", "--format", "jsonl")
    assert [json.loads(line)["image"] for line in r.stdout.splitlines()].count(U) == 1, \
        "...and --per-image shows it"
    r = run("show", "func", "global_fn", "--image", U, "--format", "md")
    assert (r.returncode, r.stdout.startswith(f"In <code>{U}</code>: ")) == (0, True), "...and --image"
    r = run("show", "func", "global_fn", "--baseline", U)
    assert (r.returncode, r.stdout, r.stderr.count("\n"), "forms no group" in r.stderr) == (2, "", 1, True), \
        "a baseline forming no group: exit 2, one line, no page"
    r = run("config", "baseline")
    assert (r.returncode, r.stdout) == (1, ""), "...and it is not remembered"

    # Remembered settings: visible and resettable.
    r = run("config")
    assert r.stdout == f"baseline={A} (default)\nlts=4.4,4.9,4.14,4.19,5.4,5.10,5.15,6.1,6.6,6.12 (default)\n", \
        "config lists the settings"
    run("config", "lts", "5.4,5.8")
    r = run("config", "lts")
    assert r.stdout == "5.4,5.8\n", "config KEY VALUE sets it"
    assert run("config", "lts", "five").returncode == 2, "config lts checks the value"
    run("config", "--unset", "baseline")
    r = run("config", "baseline")
    assert (r.returncode, r.stdout) == (1, ""), "config --unset forgets it: exit 1, nothing"
    r = run("config")
    assert r.stdout.splitlines()[0] == f"baseline={A} (default)", "...the default shown as such"
    r = run("config", "baseline", "5.8.0-25-gen")
    assert (r.returncode, run("config", "baseline").stdout) == (0, B + "\n"), \
        "config baseline takes a unique prefix, keeps the full name"
    assert run("config", "colour").returncode == 2, "config of an unknown key: exit 2"
    run("config", "--unset", "baseline")


# Image names: the full name, the release, a unique prefix; else the closest names.
def test_image_names(run):
    r = run("diff", "5.4.0-26-generic-am", "5.8", "--format", "jsonl", "--kind", "syscall")
    assert (r.returncode, json.loads(r.stdout)["kind"]) == (0, "syscall"), "diff takes unique prefixes"
    r = run("diff", "5.4.0-26-generic-amd46", B)
    assert (r.returncode, r.stderr.startswith("ksurf: diff: no image named 5.4.0-26-generic-amd46 in the dataset; "
                                              "did you mean 5.4.0-26-generic-amd64, 5.4.0-26-generic-arm64")) == \
        (2, True), "an unknown image: exit 2, the closest names suggested, closest first"
    r = run("diff", "5.4.0-26", B)
    assert (r.returncode, "names 2 images" in r.stderr, r.stderr.count("\n")) == (2, True, 1), \
        "an ambiguous prefix: exit 2, the candidates named"


def test_baseline_alias(run):
    r = run("show", "func", "global_fn", "--baseline", "5.4.0-26-generic-amd")
    assert r.returncode == 0, "--baseline takes an alias"
    assert run("config", "baseline").stdout == "", "...for that run only: nothing remembered"


def test_did_you_mean(run):
    r = run("show", "func", "global_fm")
    assert (r.returncode, r.stderr.endswith("; did you mean global_fn?\n")) == (2, True), \
        "a misspelt function: did you mean"
    r = run("show", "field", "shapes::nmae", "--image", A)
    assert (r.returncode, "; did you mean shapes::name" in r.stderr) == (2, True), \
        "a misspelt field: its struct's members suggested"


# Text tables line up by display width (∅ and Δ are one column).
def test_text_tables(run):
    r = run("index", "func", "--format", "text", "--baseline", A)
    lines = r.stdout.splitlines()
    head = lines[0]
    at = [head.index(title) for title in head.split()[1:]]  # where each group's column starts
    marked = [line for line in lines[1:] if "∅" in line or "Δ" in line]

    def aligned(line):
        """Each non-empty cell after the name starts at its heading's column."""
        cells = [i for i in range(1, len(line)) if line[i] != " " and line[i - 1] == " "]
        return all(c in at for c in cells[1:]) and bool(cells)

    assert (bool(marked), [line for line in marked if not aligned(line)]) == (True, []), \
        "index --format text: rows with ∅ or Δ, their cells under their headings"
    r = run("list")
    tables = r.stdout.split("\n\n")
    assert [t.split(None, 2)[:2] for t in tables[:3]] == [["NAME", "KIND"], ["NAME", "SYMBOLS"], ["NAME", "UG"]], \
        "list: the images, their counts, their function groups by class"
    for t in tables[1:3]:
        lines = t.splitlines()
        assert len(lines) > 1, "list prints a row per image"
        assert {len(line) for line in lines} == {len(lines[0])}, "list: numbers end under their headings"


# On a terminal, the default is text: no HTML.
@pytest.mark.parametrize("args", (["show", "func", "global_fn"], ["show", "config", "CONFIG_BPF"], ["index", "func"],
                                  ["show", "func", "global_fn", "--per-image"]), ids=" ".join)
def test_terminal(ksurf, db, args):
    leader, follower = pty.openpty()
    p = subprocess.run([ksurf, "--db", db, *args], stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    text = out.decode()
    assert (p.returncode, "<code>" in text or "<b>" in text or "<details>" in text, bool(text)) == (0, False, True), \
        f"{' '.join(args)} on a terminal: text, no HTML"


# show config: text has no HTML; an option no image has is an error like any name.
def test_show_config(run):
    r = run("show", "config", "CONFIG_BPF", "--format", "text")
    assert (r.returncode, "<" in r.stdout, "CONFIG_BPF=y" in r.stdout) == (0, False, True), \
        "show config --format text: plain text"
    r = run("show", "config", "CONFIG_FIXTURE", "--format", "text")
    assert "# CONFIG_FIXTURE is not set" in r.stdout, "...an option not set is shown so"
    r = run("show", "config", "CONFIG_NO_SUCH_OPTION")
    assert (r.returncode, r.stdout, r.stderr.count("\n")) == (2, "", 1), "...an option in no image: exit 2, one line"


@pytest.mark.parametrize("args", (["show", "func", "global_fn", "--per-image"], ["show", "func", "global_fn", "--baseline", A],
                                  ["show", "struct", "shapes", "--image", A], ["diff", A, B], ["index", "func"], ["list"]),
                         ids=" ".join)
def test_format_text(run, args):
    r = run(*args, "--format", "text")
    assert (r.returncode, "<code>" in r.stdout or "<b>" in r.stdout) == (0, False), \
        f"{' '.join(args)} --format text: no HTML"


# make install: the binary and a man page holding every command and option.
def test_install(ksurf, tmp_path):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.path.relpath(os.path.dirname(ksurf), repo)
    dest = os.path.join(tmp_path, "inst")
    r = subprocess.run(["make", "--no-print-directory", "-C", repo, "install", f"DESTDIR={dest}", "PREFIX=/usr",
                        f"BUILD={build}"], capture_output=True, text=True)
    man = os.path.join(dest, "usr/share/man/man1/ksurf.1")
    assert (r.returncode, os.access(os.path.join(dest, "usr/bin/ksurf"), os.X_OK), os.path.exists(man)) == \
        (0, True, True), "make install DESTDIR= PREFIX=: bin/ksurf and share/man/man1/ksurf.1"
    page = open(man).read().replace("\\-", "-") if os.path.exists(man) else ""
    version = subprocess.run([ksurf, "--version"], capture_output=True, text=True).stdout.split()
    assert (version[0], f'"ksurf {version[1]}"' in page) == ("ksurf", True), "ksurf --version, the man page's version"
    commands = re.findall(r"^  (\w+) ", subprocess.run([ksurf, "--help"], capture_output=True, text=True).stdout,
                          re.M)
    assert commands, "ksurf --help lists commands"
    assert [c for c in commands if f'.SS "{c}' not in page] == [], "the man page describes every command"
    missing = []
    for c in commands:
        text = subprocess.run([ksurf, c, "--help"], capture_output=True, text=True).stdout
        missing += [f"{c} {o}" for o in sorted(set(re.findall(r"--[a-z][a-z-]+", text)))
                    if o not in page and o != "--help"]
    assert missing == [], "...and every option their --help names"


# Output that cannot be written is no success: a full disk gives one line and exit 2.
@pytest.mark.parametrize("args", (["list"], ["show", "func", "global_fn", "--format", "md"], ["diff", A, B],
                                  ["index", "func"], ["list", "--format", "json"]), ids=" ".join)
def test_disk_full(ksurf, db, args):
    with open("/dev/full", "w") as full:
        r = subprocess.run([ksurf, "--db", db, *args], stdout=full, stderr=subprocess.PIPE, text=True)
    last = r.stderr.splitlines()[-1] if r.stderr else ""
    assert (r.returncode, "writing the output: No space left on device" in last) == (2, True), \
        f"{' '.join(args)} > /dev/full: exit 2, the closing line says the output was not written"


# every long option a command takes appears in its --help
def test_long_options_in_help(ksurf):
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "cli")
    missing = []
    n_opts = 0
    for f in sorted(glob.glob(os.path.join(src, "cmd_*.c"))):
        cmd = os.path.basename(f)[4:-2]
        text = open(f).read()
        opts = re.findall(r'\{\s*"([a-z][a-z0-9-]*)",\s*(?:no|required|optional)_argument', text)
        if not opts:
            continue
        r = subprocess.run([ksurf, cmd, "--help"], capture_output=True, text=True)
        for o in opts:
            if o == "help":
                continue
            n_opts += 1
            if "--" + o not in r.stdout:
                missing.append(f"{cmd} --{o}")
    assert (n_opts > 30, missing) == (True, []), f"every long option of every command ({n_opts}) is in its --help"
