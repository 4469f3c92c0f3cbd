#!/usr/bin/env python3
"""ksurf merge: shards built apart, made one dataset.

Usage: test_merge.py KSURF FIXTURE_DIR WORK_DIR.  Shards of the fixture images
(two with an image in common), merged: the export is byte for byte that of one
dataset `add`ing the same images; merging again changes nothing; the reverse
order gives the same export; an image of the same name and another identity, and
every kind of damaged shard, are refused in one line with exit 2 and the output
as it was (or not there at all).  Prints one PASS/FAIL line per check.
"""
import filecmp
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

import checks

ksurf, fx, work = sys.argv[1:4]
ksurf = os.path.abspath(ksurf)
check = checks.check
w = os.path.join(work, "merge")
shutil.rmtree(w, ignore_errors=True)
os.makedirs(w)
img = {n: os.path.join(fx, f) for n, f in (("a", "vmlinux-upstream"), ("b", "vmlinux-ubuntu"),
                                           ("c", "vmlinux-debian"))}


def ks(*args, db=None):
    cmd = [ksurf] + (["--db", db] if db else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True)


def path(name):
    return os.path.join(w, name)


for db, names in (("s1.db", "ab"), ("s2.db", "cb"), ("one.db", "abc"), ("other.db", "b")):
    for n in names:
        r = ks("add", "--name", n, img[n] if db != "other.db" else img["a"], db=path(db))
        if r.returncode:
            print(f"FAIL: add {n} to {db}: {r.stderr.strip()}")


def export(db, name):
    d = path(name)
    shutil.rmtree(d, ignore_errors=True)
    ks("export", d, db=path(db))
    return d


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    stack, diffs = [cmp], []
    while stack:
        c = stack.pop()
        diffs += c.left_only + c.right_only + c.diff_files
        stack += c.subdirs.values()
    return diffs


def dump(db):
    con = sqlite3.connect(path(db))
    text = "\n".join(con.iterdump())
    con.close()
    return hashlib.md5(text.encode()).hexdigest()


r = ks("merge", path("out.db"), path("s1.db"), path("s2.db"))
check("merge of two shards into a new dataset: exit 0, a line per shard",
      (r.returncode, r.stdout.count("\n"), "1 images added, 1 already there" in r.stdout), (0, 2, True))
ref = export("one.db", "exp-one")
check("its export is byte for byte that of adding the three images to one dataset",
      same_tree(ref, export("out.db", "exp-out")), [])
before = dump("out.db")
r = ks("merge", path("out.db"), path("s1.db"), path("s2.db"))
check("merging again: every image already there, the dataset unchanged",
      (r.returncode, r.stdout.count("0 images added"), dump("out.db") == before), (0, 2, True))
r = ks("merge", path("rev.db"), path("s2.db"), path("s1.db"))
check("the reverse order gives the same export", (r.returncode, same_tree(ref, export("rev.db", "exp-rev"))),
      (0, []))
con = sqlite3.connect(path("out.db"))
shared = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("strings", "types", "func_contents")]
con.close()
con = sqlite3.connect(path("one.db"))
want = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("strings", "types", "func_contents")]
con.close()
check(f"shared content stored once, as add stores it (strings, types, contents {want})", shared, want)


def refused(desc, pattern, shards, out="out.db"):
    had = os.path.exists(path(out))
    before = dump(out) if had else None
    r = ks("merge", path(out), *[path(s) for s in shards])
    lines = r.stderr.strip().splitlines()
    after = dump(out) if os.path.exists(path(out)) else None
    check(f"{desc}: exit 2, one line, the output {'unchanged' if had else 'not made'}",
          (r.returncode, len(lines), pattern in r.stderr, after == before), (2, 1, True, True))


refused("an image of the same name, another identity", "image b differs from the image b of",
        ["other.db"])
refused("the same, between two shards into a new dataset", "differs from the image b of",
        ["s1.db", "other.db"], out="new.db")
# damaged shards, each from s1
def damaged(name, sql=None, data=None):
    p = path(name)
    shutil.copyfile(path("s1.db"), p)
    if sql:
        con = sqlite3.connect(p)
        con.executescript(sql)
        con.commit()
        con.close()
    if data is not None:
        open(p, "wb").write(data)
    return name


cases = [
    ("strings missing", "strings its function groups refer to are missing",
     damaged("d-strings.db", "DELETE FROM strings WHERE id IN (SELECT id FROM strings LIMIT 3)")),
    ("a content cut", "does not decode",
     damaged("d-content.db", "UPDATE func_contents SET data = substr(data, 1, 3) WHERE rowid IN "
             "(SELECT rowid FROM func_contents WHERE length(data) > 8 LIMIT 1)")),
    ("a type missing", "types named by an image but missing",
     damaged("d-type.db", "DELETE FROM types WHERE id IN (SELECT id FROM types LIMIT 1)")),
    ("a content missing", "function-group contents are missing",
     damaged("d-nocontent.db", "DELETE FROM func_contents WHERE id IN (SELECT id FROM func_contents LIMIT 1)")),
    ("an image name with a '/'", "name is not usable",
     damaged("d-name.db", "UPDATE images SET name = '../x' WHERE id = 1")),
    ("cut to 20 KB", "", damaged("d-cut.db", data=open(path("s1.db"), "rb").read()[:20000])),
    ("not a database", "file is not a database", damaged("d-garbage.db", data=b"garbage\n" * 100)),
    ("another schema version", "not a ksurf dataset of schema version",
     damaged("d-schema.db", "UPDATE meta SET value = '3' WHERE key = 'schema_version'")),
    # a view looping forever where a table was (merge hung at 100 % CPU)
    ("a table replaced by an endless view", "schema objects differ",
     damaged("d-view.db", "ALTER TABLE func_groups RENAME TO fg_old; CREATE VIEW func_groups AS "
             "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT 1 AS image_id, "
             "'f' AS name, x AS idx, '' AS collision, '' AS inline, 0 AS transformed, 0 AS n_entries, "
             "0 AS n_symbols, x AS content_id, x'' AS addrs FROM r")),
    # images without their key: two rows of one id (merge wrote half an image)
    ("an images table holding one id twice", "schema objects differ",
     damaged("d-twin.db", "PRAGMA foreign_keys=OFF; CREATE TABLE im2 AS SELECT * FROM images; "
             "DROP TABLE images; ALTER TABLE im2 RENAME TO images; "
             "INSERT INTO images SELECT * FROM images WHERE id = 1; "
             "UPDATE images SET name = 'twin' WHERE rowid = (SELECT max(rowid) FROM images)")),
    ("a trigger", "schema objects differ",
     damaged("d-trigger.db", "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END")),
    # one content read by two groups as different numbers of entries and symbols
    ("a content read two ways", "is read with two different numbers of entries and symbols",
     damaged("d-counts.db", "UPDATE func_groups SET n_entries = n_entries + 1 WHERE "
             "(image_id, name, idx) = (SELECT image_id, name, idx FROM func_groups WHERE content_id IN "
             "(SELECT content_id FROM func_groups GROUP BY content_id HAVING count(*) > 1) LIMIT 1)")),
]
for desc, pattern, name in cases:
    refused(f"a damaged shard ({desc})", pattern, ["s2.db", name])
    refused(f"a damaged shard ({desc}) into a new dataset", pattern, ["s2.db", name], out="new.db")
# a relative path that looks like an SQLite URI is a file name
shutil.copyfile(path("s1.db"), path("file:s1.db"))
r = subprocess.run([ksurf, "merge", "uri-out.db", "file:s1.db"], capture_output=True, text=True, cwd=w)
check("a shard named file:s1.db is that file, not an SQLite URI",
      (r.returncode, "2 images added" in r.stdout), (0, True))
refused("a shard that is not there", "No such file or directory", ["nothere.db"])
check("no file made for a shard that is not there", os.path.exists(path("nothere.db")), False)
os.makedirs(path("adir.db"), exist_ok=True)
refused("a shard that is a directory", "not a regular file", ["adir.db"])
r = ks("merge")
check("no arguments: a usage error naming what is missing", (r.returncode, r.stderr.strip()),
      (2, "ksurf merge: missing OUT (see 'ksurf merge --help')"))
r = ks("merge", path("x.db"))
check("no shard: a usage error", (r.returncode, "missing SHARD" in r.stderr, os.path.exists(path("x.db"))),
      (2, True, False))
sys.exit(1 if checks.failed else 0)
