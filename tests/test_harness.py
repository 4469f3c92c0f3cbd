"""The pytest harness itself: the fixtures exist and the binary runs."""
import os

from conftest import ksurf_runner


def test_fixture_images_built(fixdir):
    names = os.listdir(fixdir)
    assert "vmlinux-upstream" in names and "vmlinux-debian" in names


def test_version(ksurf, tmp_path):
    r = ksurf_runner(ksurf, tmp_path / "x.db")("--version")
    assert r.returncode == 0 and r.stdout.startswith("ksurf ")
