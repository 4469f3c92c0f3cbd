"""Shared pytest fixtures for ksurf's tests (run by `make test`).

ksurf     the binary under test ($BUILD/ksurf, BUILD defaults to build)
build     the build directory (unit-test binaries live in build/tests/)
fixdir    the gcc-built fixture images (tests/fixtures/build.sh), built once
work      a scratch directory shared by the whole session
golden    the study's datasets of tests/golden/ in the published layout
A test that needs a dataset of its own makes one under pytest's tmp_path.
"""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# the published report pages (test_pages.py, test_site.py), beside the repository
EXAMPLES = os.path.normpath(os.path.join(ROOT, "..", "shared", "examples"))


@pytest.fixture(scope="session")
def build():
    return os.path.join(ROOT, os.environ.get("BUILD", "build"))


@pytest.fixture(scope="session")
def ksurf(build):
    path = os.path.join(build, "ksurf")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path}: not built (run make)")
    return path


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    return str(tmp_path_factory.mktemp("work"))


@pytest.fixture(scope="session")
def fixdir(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixtures")
    r = subprocess.run([os.path.join(HERE, "fixtures", "build.sh"), str(out)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail("fixtures did not build:\n" + r.stdout + r.stderr)
    return str(out)


@pytest.fixture(scope="session")
def golden(tmp_path_factory):
    """A function: the published layout tests/golden/SCRIPT writes, made once."""
    made = {}

    def golden(script):
        if script not in made:
            d = tmp_path_factory.mktemp("golden") / script[:-3]
            subprocess.run([sys.executable, os.path.join(HERE, "golden", script), str(d)], check=True)
            made[script] = str(d)
        return made[script]
    return golden


def ksurf_runner(ksurf, db):
    """A function running `ksurf --db DB ARGS...`, returning the CompletedProcess."""
    def run(*args, **kw):
        return subprocess.run([ksurf, "--db", str(db), *args],
                              capture_output=True, text=True, **kw)
    return run

