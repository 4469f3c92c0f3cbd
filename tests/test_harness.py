"""The pytest harness itself: the fixtures exist, the binary runs, and the adapters
of TAP binaries and PASS/FAIL scripts (tests/adapters.py) report what they must:
a crash is a failure of its own, also after another test's failure."""
import os

from adapters import run_passfail, run_tap
from conftest import ksurf_runner


def test_fixture_images_built(fixdir):
    names = os.listdir(fixdir)
    assert "vmlinux-upstream" in names and "vmlinux-debian" in names


def test_version(ksurf, tmp_path):
    r = ksurf_runner(ksurf, tmp_path / "x.db")("--version")
    assert r.returncode == 0 and r.stdout.startswith("ksurf ")


def sh(script):
    return ["sh", "-c", script]


def test_tap_clean_run():
    run = run_tap(sh('echo 1..2; echo "ok 1 - one"; echo "# a note"; echo "ok 2 - two"'), "clean")
    assert (run.plan, [(c.ok, c.number, c.desc) for c in run.cases], run.problems()) == \
        (2, [(True, 1, "one"), (True, 2, "two")], [])


def test_tap_failure_with_diag():
    run = run_tap(sh('echo 1..1; echo "not ok 1 - cmp"; echo "# got 1, want 2"; exit 1'), "failing")
    assert ([(c.ok, c.diag) for c in run.cases], run.problems()) == ([(False, ["got 1, want 2"])], [])


def test_tap_crash_after_a_failure():
    run = run_tap(sh('echo 1..3; echo "not ok 1 - a failure"; echo "ok 2"; kill -SEGV $$'), "crashing")
    assert run.problems() == ["crashing crashed (SIGSEGV)", "crashing: planned 3 tests, ran 2"]


def test_tap_exit_1_without_a_failure_is_a_crash():
    run = run_tap(sh('echo 1..1; echo "ok 1"; exit 1'), "quiet")
    assert run.problems() == ["quiet exited 1 without a failure of its own"]


def test_tap_exit_2_is_a_crash():
    run = run_tap(sh('echo 1..1; echo "ok 1"; exit 2'), "exit2")
    assert run.crashed() == "exit2 crashed (exit 2)"


def test_tap_plan_not_kept():
    run = run_tap(sh('echo 1..3; echo "ok 1"; echo "ok 2"'), "short")
    assert run.problems() == ["short: planned 3 tests, ran 2"]


def test_tap_numbers_out_of_sequence():
    run = run_tap(sh('echo 1..2; echo "ok 1"; echo "ok 1"'), "twice")
    assert run.problems() == ["twice: test numbers out of sequence"]


def test_passfail_crash_after_a_failure():
    run = run_passfail(sh('echo "PASS: one"; echo "FAIL: a failure"; kill -SEGV $$'), "crashing")
    assert ([(c.ok, c.desc) for c in run.cases], run.crashed()) == \
        ([(True, "one"), (False, "a failure")], "crashing crashed (SIGSEGV)")


def test_passfail_exit_1_with_a_failure_is_no_crash():
    run = run_passfail(sh('echo "FAIL: a failure"; exit 1'), "failing")
    assert run.crashed() is None
