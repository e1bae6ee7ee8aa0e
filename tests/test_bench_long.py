"""The long-run convention: every ``benchmarks/long/<name>.py`` runs as ``<name> all
[--quick]`` and writes its report; ``python -m benchmarks.long`` finds and runs them all;
``make bench-long`` calls it and ``make test`` does not."""

import hashlib
import re
import subprocess
import sys

import pytest

from benchmarks import long
from tests.conftest import ROOT


def fingerprint():
    """Path and content hash of every long-run result and report: what --quick must not touch."""
    bench = ROOT / "benchmarks"
    files = sorted([*(bench / "long/results").rglob("*.json"), *bench.glob("LONG_*.md")])
    return {p.relative_to(bench).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files}  # fmt: skip


def run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, **kwargs)  # fmt: skip


def test_discovery_finds_the_modules_and_skips_the_package_files():
    names = long.modules()
    assert "memory_networks" in names
    assert not [n for n in names if n.startswith("_")], names
    on_disk = {p.stem for p in (ROOT / "benchmarks/long").glob("[!_]*.py")}
    assert set(names) == on_disk


def test_every_module_offers_all_quick_and_report():
    for name in long.modules():
        done = run(f"benchmarks.long.{name}", "--help")
        assert done.returncode == 0, done.stderr
        for word in ("all", "report", "--quick", "--out"):
            assert word in done.stdout, f"benchmarks.long.{name} --help lacks {word}"


def test_quick_run_of_every_module_writes_reports_elsewhere(tmp_path):
    """The smoke test runs each module's ``all`` and leaves the committed results alone."""
    committed = fingerprint()
    done = run("benchmarks.long", "--quick", "--out", str(tmp_path), timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for name in long.modules():
        assert f"benchmarks.long.{name} all --quick" in done.stdout
        assert list((tmp_path / "results" / name).glob("*.json")), f"{name} stored no run"
    reports = list(tmp_path.glob("LONG_*.md"))
    assert len(reports) >= len(long.modules()), reports
    for report in reports:
        assert "|---|" in report.read_text(), f"{report.name} has no table of results"
    assert fingerprint() == committed, "a quick run changed the committed results"


def test_an_unknown_module_is_refused_with_the_known_ones():
    done = run("benchmarks.long", "no_such_run")
    assert done.returncode != 0 and "memory_networks" in done.stderr


def test_make_bench_long_is_listed_and_kept_out_of_make_test():
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^bench-long:.*##.*\n((?:\t.*\n)+)", makefile, re.M)
    assert target and "-m benchmarks.long" in target.group(1)
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(0)
    assert "bench" not in test_recipe
    listed = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True)
    assert re.search(r"^bench-long\s", listed.stdout, re.M), listed.stdout


@pytest.mark.parametrize("flag", [[], ["--quick"]])
def test_outputs_of_a_full_run_are_the_committed_places_and_quick_never_is(flag):
    args = long.command_line("doc", ["part"]).parse_args(["all", *flag])
    results, report = long.outputs("memory_networks", "04_memory_networks", args)
    committed = (long.RESULTS / "memory_networks", ROOT / "benchmarks/LONG_04_memory_networks.md")
    assert ((results, report) == committed) == (not flag)
