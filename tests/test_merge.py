"""ksurf merge: shards built apart, made one dataset.

Shards of the fixture images (two with an image in common), merged: the export
is byte for byte that of one dataset `add`ing the same images; merging again
changes nothing; the reverse order gives the same export; an image of the same
name and another identity, and every kind of damaged shard, are refused in one
line with exit 2 and the output as it was (or not there at all).
"""
import filecmp
import hashlib
import os
import shutil
import sqlite3
import subprocess

import pytest


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    return str(tmp_path_factory.mktemp("merge"))


@pytest.fixture(scope="module")
def ks(ksurf):
    ksurf = os.path.abspath(ksurf)

    def ks(*args, db=None):
        cmd = [ksurf] + (["--db", db] if db else []) + list(args)
        return subprocess.run(cmd, capture_output=True, text=True)
    return ks


@pytest.fixture(scope="module")
def path(w):
    return lambda name: os.path.join(w, name)


@pytest.fixture(scope="module")
def shards(ks, path, fixdir):
    """s1 (a, b), s2 (c, b), one (a, b, c) and other (a named b): the failed adds."""
    img = {n: os.path.join(fixdir, f) for n, f in (("a", "vmlinux-upstream"), ("b", "vmlinux-ubuntu"),
                                                   ("c", "vmlinux-debian"))}
    failed = []
    for db, names in (("s1.db", "ab"), ("s2.db", "cb"), ("one.db", "abc"), ("other.db", "b")):
        for n in names:
            r = ks("add", "--name", n, img[n] if db != "other.db" else img["a"], db=path(db))
            if r.returncode:
                failed.append(f"add {n} to {db}: {r.stderr.strip()}")
    return failed


def test_shards(shards):
    assert shards == [], "the shards are built"


@pytest.fixture(scope="module")
def export(ks, path):
    def export(db, name):
        d = path(name)
        shutil.rmtree(d, ignore_errors=True)
        ks("export", d, db=path(db))
        return d
    return export


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    stack, diffs = [cmp], []
    while stack:
        c = stack.pop()
        diffs += c.left_only + c.right_only + c.diff_files
        stack += c.subdirs.values()
    return diffs


@pytest.fixture(scope="module")
def dump(path):
    def dump(db):
        con = sqlite3.connect(path(db))
        text = "\n".join(con.iterdump())
        con.close()
        return hashlib.md5(text.encode()).hexdigest()
    return dump


@pytest.fixture(scope="module")
def merged(ks, path, shards):
    """out.db, the merge of s1 and s2: the merge's result."""
    return ks("merge", path("out.db"), path("s1.db"), path("s2.db"))


@pytest.fixture(scope="module")
def ref(export, shards):
    return export("one.db", "exp-one")


def test_merge(merged):
    r = merged
    assert (r.returncode, r.stdout.count("\n"), "1 images added, 1 already there" in r.stdout) == (0, 2, True), \
        "merge of two shards into a new dataset: exit 0, a line per shard"


def test_export(merged, export, ref):
    assert os.listdir(ref), "the reference export holds files"
    assert same_tree(ref, export("out.db", "exp-out")) == [], \
        "its export is byte for byte that of adding the three images to one dataset"


def test_merge_again(ks, path, merged, dump):
    before = dump("out.db")
    r = ks("merge", path("out.db"), path("s1.db"), path("s2.db"))
    assert (r.returncode, r.stdout.count("0 images added"), dump("out.db") == before) == (0, 2, True), \
        "merging again: every image already there, the dataset unchanged"


def test_reverse_order(ks, path, export, ref):
    r = ks("merge", path("rev.db"), path("s2.db"), path("s1.db"))
    assert (r.returncode, same_tree(ref, export("rev.db", "exp-rev"))) == (0, []), \
        "the reverse order gives the same export"


def test_shared_content(path, merged, shards):
    con = sqlite3.connect(path("out.db"))
    shared = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("strings", "types", "func_contents")]
    con.close()
    con = sqlite3.connect(path("one.db"))
    want = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("strings", "types", "func_contents")]
    con.close()
    assert shared == want, f"shared content stored once, as add stores it (strings, types, contents {want})"


@pytest.fixture(scope="module")
def refused(ks, path, dump, merged):
    def refused(desc, pattern, shards, out="out.db"):
        had = os.path.exists(path(out))
        before = dump(out) if had else None
        r = ks("merge", path(out), *[path(s) for s in shards])
        lines = r.stderr.strip().splitlines()
        after = dump(out) if os.path.exists(path(out)) else None
        assert (r.returncode, len(lines), pattern in r.stderr, after == before) == (2, 1, True, True), \
            f"{desc}: exit 2, one line, the output {'unchanged' if had else 'not made'}"
    return refused


def test_other_identity(refused):
    refused("an image of the same name, another identity", "image b differs from the image b of",
            ["other.db"])
    refused("the same, between two shards into a new dataset", "differs from the image b of",
            ["s1.db", "other.db"], out="new.db")


# damaged shards, each from s1
CASES = [
    ("strings missing", "strings its function groups refer to are missing",
     "d-strings.db", "DELETE FROM strings WHERE id IN (SELECT id FROM strings LIMIT 3)"),
    ("a content cut", "does not decode",
     "d-content.db", "UPDATE func_contents SET data = substr(data, 1, 3) WHERE rowid IN "
     "(SELECT rowid FROM func_contents WHERE length(data) > 8 LIMIT 1)"),
    ("a type missing", "types named by an image but missing",
     "d-type.db", "DELETE FROM types WHERE id IN (SELECT id FROM types LIMIT 1)"),
    ("a content missing", "function-group contents are missing",
     "d-nocontent.db", "DELETE FROM func_contents WHERE id IN (SELECT id FROM func_contents LIMIT 1)"),
    ("an image name with a '/'", "name is not usable",
     "d-name.db", "UPDATE images SET name = '../x' WHERE id = 1"),
    ("cut to 20 KB", "", "d-cut.db", lambda s1: s1[:20000]),
    ("not a database", "file is not a database", "d-garbage.db", lambda s1: b"garbage\n" * 100),
    ("another schema version", "not a ksurf dataset of schema version",
     "d-schema.db", "UPDATE meta SET value = '3' WHERE key = 'schema_version'"),
    # a view looping forever where a table was (merge hung at 100 % CPU)
    ("a table replaced by an endless view", "schema objects differ",
     "d-view.db", "ALTER TABLE func_groups RENAME TO fg_old; CREATE VIEW func_groups AS "
     "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT 1 AS image_id, "
     "'f' AS name, x AS idx, '' AS collision, '' AS inline, 0 AS transformed, 0 AS n_entries, "
     "0 AS n_symbols, x AS content_id, x'' AS addrs FROM r"),
    # images without their key: two rows of one id (merge wrote half an image)
    ("an images table holding one id twice", "schema objects differ",
     "d-twin.db", "PRAGMA foreign_keys=OFF; CREATE TABLE im2 AS SELECT * FROM images; "
     "DROP TABLE images; ALTER TABLE im2 RENAME TO images; "
     "INSERT INTO images SELECT * FROM images WHERE id = 1; "
     "UPDATE images SET name = 'twin' WHERE rowid = (SELECT max(rowid) FROM images)"),
    ("a trigger", "schema objects differ",
     "d-trigger.db", "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END"),
    # one content read by two groups as different numbers of entries and symbols
    ("a content read two ways", "is read with two different numbers of entries and symbols",
     "d-counts.db", "UPDATE func_groups SET n_entries = n_entries + 1 WHERE "
     "(image_id, name, idx) = (SELECT image_id, name, idx FROM func_groups WHERE content_id IN "
     "(SELECT content_id FROM func_groups GROUP BY content_id HAVING count(*) > 1) LIMIT 1)"),
]


@pytest.mark.parametrize("desc, pattern, name, damage", CASES, ids=[c[0] for c in CASES])
def test_damaged_shard(path, refused, shards, desc, pattern, name, damage):
    p = path(name)
    shutil.copyfile(path("s1.db"), p)
    if isinstance(damage, str):
        con = sqlite3.connect(p)
        con.executescript(damage)
        con.commit()
        con.close()
    else:
        data = damage(open(path("s1.db"), "rb").read())
        open(p, "wb").write(data)
    refused(f"a damaged shard ({desc})", pattern, ["s2.db", name])
    refused(f"a damaged shard ({desc}) into a new dataset", pattern, ["s2.db", name], out="new.db")


def test_uri_like_name(ksurf, path, w, shards):
    # a relative path that looks like an SQLite URI is a file name
    shutil.copyfile(path("s1.db"), path("file:s1.db"))
    r = subprocess.run([os.path.abspath(ksurf), "merge", "uri-out.db", "file:s1.db"], capture_output=True,
                       text=True, cwd=w)
    assert (r.returncode, "2 images added" in r.stdout) == (0, True), \
        "a shard named file:s1.db is that file, not an SQLite URI"


def test_shard_not_there(path, refused):
    refused("a shard that is not there", "No such file or directory", ["nothere.db"])
    assert not os.path.exists(path("nothere.db")), "no file made for a shard that is not there"


def test_shard_a_directory(path, refused):
    os.makedirs(path("adir.db"), exist_ok=True)
    refused("a shard that is a directory", "not a regular file", ["adir.db"])


def test_usage(ks, path):
    r = ks("merge")
    assert (r.returncode, r.stderr.strip()) == (2, "ksurf merge: missing OUT (see 'ksurf merge --help')"), \
        "no arguments: a usage error naming what is missing"
    r = ks("merge", path("x.db"))
    assert (r.returncode, "missing SHARD" in r.stderr, os.path.exists(path("x.db"))) == (2, True, False), \
        "no shard: a usage error"
