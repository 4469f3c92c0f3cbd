"""The C unit tests (tests/unit/*.c, built to $BUILD/tests/test_*), each TAP line a result.

Each binary runs once, when pytest collects this module (they take well under a
second): every "ok"/"not ok" line becomes a test of its own (test_case[BINARY-N-...],
selectable by -k), and test_binary[BINARY] fails when the binary is not built,
crashed, or ran other than its plan.  test_line_files_on_fixture runs the
.debug_line reader against libdw on each gcc-built fixture image.
"""
import os

import pytest

from adapters import run_tap

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(os.path.dirname(HERE), os.environ.get("BUILD", "build"))
UNITS = sorted(f[:-2] for f in os.listdir(os.path.join(HERE, "unit")) if f.endswith(".c"))
_runs = {}


def unit_run(name):
    """The binary's Run (None when it is not built), run once."""
    if name not in _runs:
        path = os.path.join(BUILD, "tests", name)
        _runs[name] = run_tap([path], name, timeout=300) if os.access(path, os.X_OK) else None
    return _runs[name]


def case_id(name, case):
    desc = case.desc.replace("tests/unit/", "")
    return f"{name}-{case.number}-{desc[:100]}"


def pytest_generate_tests(metafunc):
    if "unit_case" in metafunc.fixturenames:
        params = [pytest.param((name, i), id=case_id(name, c))
                  for name in UNITS if unit_run(name) for i, c in enumerate(unit_run(name).cases)]
        metafunc.parametrize("unit_case", params)


def test_unit_sources():
    assert len(UNITS) >= 7, f"tests/unit/ holds {UNITS}"


@pytest.mark.parametrize("name", UNITS)
def test_binary(name):
    run = unit_run(name)
    assert run is not None, f"{BUILD}/tests/{name}: not built (make test builds it)"
    assert run.plan, f"{name}: no plan line (1..N)\n{run.tail()}"
    assert not run.problems(), "\n".join(run.problems()) + "\n" + run.tail()


def test_case(unit_case):
    name, i = unit_case
    case = unit_run(name).cases[i]
    assert case.ok, f"{name}: not ok {case.number} - {case.desc}\n" + "\n".join(case.diag)


@pytest.mark.parametrize("image", ["upstream", "ubuntu", "debian"])
def test_line_files_on_fixture(build, fixdir, image):
    binary = os.path.join(build, "tests", "test_line_files")
    run = run_tap([binary, os.path.join(fixdir, f"vmlinux-{image}")], "test_line_files", timeout=300)
    assert not run.problems(), "\n".join(run.problems()) + "\n" + run.tail()
    assert [c.ok for c in run.cases] == [True], run.tail()
