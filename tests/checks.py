"""checks.py — PASS/FAIL lines for the Python test scripts (counted by tests/run.sh)."""
import os
import subprocess

failed = 0


def check(desc, got, want):
    """One PASS or FAIL line; a FAIL shows both values."""
    global failed
    if got == want:
        print(f"PASS: {desc}")
    else:
        failed += 1
        print(f"FAIL: {desc}: got {got!r}, want {want!r}")


def runner(ksurf, db):
    """A function running `ksurf --db DB ARGS...` and returning the CompletedProcess."""
    def run(*args):
        return subprocess.run([ksurf, "--db", db, *args], capture_output=True, text=True)
    return run


def fresh(ksurf, work, name):
    """A runner on the dataset WORK/NAME, removed first."""
    db = os.path.join(work, name)
    for f in ("", "-wal", "-shm"):
        if os.path.exists(db + f):
            os.remove(db + f)
    return runner(ksurf, db)
