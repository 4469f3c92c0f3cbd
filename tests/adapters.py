"""Results of tests that are not pytest's: TAP binaries (tests/unit/tap.h) and
shell scripts printing PASS/FAIL lines, each read into a Run.

A run crashed when it died by a signal, or exited other than 0 or 1, or exited 1
without a failure of its own: that is a failure of its own, whatever came before.
"""
import re
import signal
import subprocess
from dataclasses import dataclass, field


@dataclass
class Case:
    ok: bool
    number: int       # TAP's test number; for PASS/FAIL lines, the line's rank
    desc: str
    diag: list = field(default_factory=list)  # the "# ..." lines after it


@dataclass
class Run:
    name: str
    returncode: int
    output: str
    cases: list
    plan: int = None  # TAP's 1..N; None when the output has none

    def crashed(self):
        """Why the run counts as a crash, or None."""
        rc = self.returncode
        if rc < 0:
            try:
                sig = signal.Signals(-rc).name
            except ValueError:
                sig = f"signal {-rc}"
            return f"{self.name} crashed ({sig})"
        if rc > 1:
            return f"{self.name} crashed (exit {rc})"
        if rc == 1 and all(c.ok for c in self.cases):
            return f"{self.name} exited 1 without a failure of its own"
        return None

    def problems(self):
        """Everything wrong with the run as a whole: a crash, a plan not kept."""
        out = []
        crash = self.crashed()
        if crash:
            out.append(crash)
        if self.plan is not None and self.plan != len(self.cases):
            out.append(f"{self.name}: planned {self.plan} tests, ran {len(self.cases)}")
        numbers = [c.number for c in self.cases]
        if numbers != list(range(1, len(numbers) + 1)):
            out.append(f"{self.name}: test numbers out of sequence")
        return out

    def tail(self, n=40):
        return "\n".join(self.output.splitlines()[-n:])


TAP_PLAN = re.compile(r"^1\.\.(\d+)\s*$")
TAP_TEST = re.compile(r"^(not )?ok\b\s*(\d+)?\s*(?:-\s*)?(.*)$")


def parse_tap(name, returncode, output):
    """A Run from TAP output: a plan, test lines, diagnostics; other lines are passed over."""
    run = Run(name, returncode, output, [])
    for line in output.splitlines():
        m = TAP_PLAN.match(line)
        if m and run.plan is None:
            run.plan = int(m.group(1))
            continue
        m = TAP_TEST.match(line)
        if m:
            number = int(m.group(2)) if m.group(2) else len(run.cases) + 1
            run.cases.append(Case(not m.group(1), number, m.group(3)))
        elif line.startswith("#") and run.cases:
            run.cases[-1].diag.append(line[1:].strip())
    return run


def parse_passfail(name, returncode, output):
    """A Run from PASS:/FAIL: lines (the shell tests'); no plan."""
    run = Run(name, returncode, output, [])
    for line in output.splitlines():
        if line.startswith(("PASS: ", "FAIL: ")):
            run.cases.append(Case(line.startswith("PASS"), len(run.cases) + 1, line[6:]))
    return run


def run_tap(cmd, name=None, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace", **kw)
    return parse_tap(name or str(cmd[0]), r.returncode, r.stdout)


def run_passfail(cmd, name=None, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace", **kw)
    return parse_passfail(name or str(cmd[0]), r.returncode, r.stdout)
