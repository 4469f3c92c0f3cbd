"""The shell tests: malformed input (tests/bad_input.sh) and crafted hostile input
(tests/robustness/crafted.sh), one test per script.

Each script prints a PASS/FAIL line per case and is run as KSURF FIXTURE_DIR
WORK_DIR; its test fails on any FAIL line (all of them in the message), on a
crash (a signal, an exit other than 0 or 1, exit 1 without a FAIL line), and
when it passed fewer cases than it has (a script that stopped early).
"""
import os
import subprocess

import pytest

from adapters import run_passfail

HERE = os.path.dirname(os.path.abspath(__file__))
# the cases each script has; crafted.sh has no memory-budget cases (2) in a sanitizer build
SCRIPTS = {"bad_input.sh": 98, "robustness/crafted.sh": 62}


@pytest.mark.parametrize("script", SCRIPTS)
def test_script(script, ksurf, fixdir, tmp_path):
    run = run_passfail([os.path.join(HERE, script), ksurf, fixdir, str(tmp_path)], script, timeout=1200)
    failed = [c.desc for c in run.cases if not c.ok]
    assert not run.crashed(), run.crashed() + "\n" + run.tail()
    assert not failed, f"{len(failed)} of {len(run.cases)} cases failed:\n" + "\n".join(failed)
    want = SCRIPTS[script]
    version = subprocess.run([ksurf, "--version"], capture_output=True, text=True).stdout
    if script == "robustness/crafted.sh" and "no memory budget" in version:
        want -= 2
    assert len(run.cases) >= want, f"{len(run.cases)} cases passed, want {want}\n{run.tail()}"
