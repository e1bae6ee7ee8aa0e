"""The scheduling rule of tests/conftest.py, checked on a real two-worker xdist run."""

import re
import subprocess
import sys

from tests.conftest import ROOT

FILE = "def test_{0}_a(): pass\ndef test_{0}_b(): pass\ndef test_{0}_c(): pass\n"


def test_each_test_file_runs_on_one_worker(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_collection_modifyitems  # noqa: F401\n"
    )
    for name in ("one", "two"):
        (tmp_path / f"test_{name}.py").write_text(FILE.format(name))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p",
         "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    workers = {}
    for worker, name in re.findall(r"\[(gw\d)\].*PASSED .*test_(one|two)\.py::", run.stdout):
        workers.setdefault(name, set()).add(worker)
    assert sorted(workers) == ["one", "two"], run.stdout
    assert all(len(found) == 1 for found in workers.values()), workers
