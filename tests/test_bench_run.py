"""The bench runner keeps one result file per notebook and writes REPORT.md from all of them."""

import json

import pytest

from benchmarks import report, run
from benchmarks import result_files as results
from tests.conftest import ROOT

NEW = ROOT / "book/03_attention/01_attention_mechanism.ipynb"
OLD = ROOT / "book/00_rnn_basics/01_sequences_and_rnns.ipynb"


def fake_measure(path, seed=0):
    return {"cpu_seconds": 10.0 + seed, "seconds": 20.0, "peak_mib": 300, "error": None,
            "metrics": [{"name": "acc", "value": 0.9 + seed / 100, "paper": None}]}  # fmt: skip


@pytest.fixture
def bench_dir(monkeypatch, tmp_path):
    """REPORT.md and results/ in a temporary folder, and a runner that measures nothing."""
    report = tmp_path / "REPORT.md"
    report.write_text(f"# Benchmark report\n| notebook |\n| {OLD.relative_to(ROOT)} | old |\n")
    monkeypatch.setattr(run, "REPORT", report)
    monkeypatch.setattr(results, "RESULTS", tmp_path / "results", raising=False)
    monkeypatch.setattr(run, "measure", fake_measure)
    return tmp_path


def test_a_notebook_never_benched_before_gets_its_row(bench_dir):
    assert run.main([str(NEW)]) == 0
    rows = [
        line for line in run.REPORT.read_text().splitlines() if "01_attention_mechanism" in line
    ]
    assert rows, "the new notebook's row was dropped from REPORT.md"
    assert "3/3" in rows[0] and "12.0" in rows[0], rows[0]  # runs passing, worst CPU


def test_each_bench_is_kept_in_its_own_file_with_every_run(bench_dir):
    run.main([str(NEW)])
    (file,) = (bench_dir / "results").glob("*.json")
    assert file.name == "book__03_attention__01_attention_mechanism.ipynb.json"
    saved = json.loads(file.read_text())
    assert saved["notebook"] == "book/03_attention/01_attention_mechanism.ipynb"
    assert saved["seeds"] == [0, 1, 2] and saved["runs_passing"] == 3
    assert [r["cpu_seconds"] for r in saved["runs"]] == [10.0, 11.0, 12.0]
    assert saved["machine"]["torch_threads"] >= 1 and saved["date"].endswith("UTC")


def test_benching_one_notebook_keeps_every_other_result(bench_dir):
    run.main([str(NEW)])
    run.main([str(OLD)])
    text = run.REPORT.read_text()
    assert (
        "01_attention_mechanism.ipynb | 20" in text and "01_sequences_and_rnns.ipynb | 20" in text
    )


def test_report_only_rewrites_the_page_without_running_anything(bench_dir, monkeypatch):
    run.main([str(NEW)])
    monkeypatch.setattr(run, "measure", lambda *a: pytest.fail("--report must not run notebooks"))
    run.REPORT.write_text("stale")
    assert run.main(["--report"]) == 0
    assert "01_attention_mechanism.ipynb" in run.REPORT.read_text()


def test_rows_are_sorted_and_unbenched_or_over_budget_notebooks_are_marked(bench_dir, monkeypatch):
    monkeypatch.setattr(run, "measure", lambda p, s=0: {**fake_measure(p, s), "cpu_seconds": 61.0})
    run.main([str(NEW)])
    table = run.REPORT.read_text().split("## ")[0]  # the notebooks' table, not the metrics'
    rows = [line for line in table.splitlines() if line.startswith("| book/")]
    assert rows == sorted(rows) and len(rows) == len(list((ROOT / "book").rglob("*.ipynb")))
    (new,) = [r for r in rows if "01_attention_mechanism" in r]
    assert "**NO, over budget**" in new
    assert all("**never benched**" in r for r in rows if r is not new)


def test_a_failed_run_is_counted_listed_and_fails_the_command(bench_dir, monkeypatch):
    def failing_on_seed_1(path, seed=0):
        if seed == 1:
            return {"cpu_seconds": None, "seconds": None, "peak_mib": None,
                    "error": "AssertionError: attention 0.9 < 0.99", "metrics": []}  # fmt: skip
        return fake_measure(path, seed)

    monkeypatch.setattr(run, "measure", failing_on_seed_1)
    assert run.main([str(NEW)]) == 1
    text = run.REPORT.read_text()
    assert "| 2/3 |" in text and "seed 1: AssertionError: attention 0.9 < 0.99" in text
    assert "| 0.9, -, 0.92 |" in text  # the failed seed's missing metric stays visible


@pytest.mark.parametrize("bad", ["README.md", "book/no_such.ipynb", "/tmp", "--all"])
def test_a_bad_argument_is_a_clear_error(bench_dir, bad):
    with pytest.raises(SystemExit) as stop:
        run.main([bad])
    assert "usage" in str(stop.value) or "not a notebook" in str(stop.value)


def test_a_result_file_must_hold_its_own_notebook(tmp_path):
    results.save({"notebook": "book/a/b.ipynb", "seeds": [0], "runs": []}, tmp_path)
    (tmp_path / "book__a__b.ipynb.json").rename(tmp_path / "book__a__c.ipynb.json")
    with pytest.raises(ValueError, match="book__a__c"):
        results.load_all(tmp_path)


def test_migrated_results_show_their_aggregates_and_say_the_seeds_were_not_kept():
    found = results.load_all()
    migrated = [r for r in found.values() if "summary" in r]
    assert all(r["source"].startswith("migrated from benchmarks/REPORT.md") for r in migrated)
    text = report.render([], {r["notebook"]: r for r in migrated[:1]})
    assert f"{report.MIGRATED} |" in text and f"not kept {report.MIGRATED}" in text


def test_the_committed_report_is_written_from_the_committed_results():
    """Commit result files, then ``python -m benchmarks.run --report`` (or the integrator
    does it at the merge): REPORT.md never says something the result files do not."""
    names = [p.relative_to(ROOT).as_posix() for p in run.notebooks()]
    expected = report.render(names, results.load_all(), results.load_isolation())
    assert run.REPORT.read_text(encoding="utf-8") == expected, (
        "run python -m benchmarks.run --report"
    )


def test_a_run_that_prints_no_measurement_is_a_failed_run(monkeypatch, tmp_path):
    """Review 4: empty output from a notebook's run (exit status 0) crashed the whole bench."""
    import subprocess

    silent = subprocess.CompletedProcess([], 0, stdout="", stderr="")
    monkeypatch.setattr(run.subprocess, "run", lambda *a, **k: silent)
    result = run.measure(tmp_path / "quiet.ipynb")
    assert result["cpu_seconds"] is None and "no measurement" in result["error"]
