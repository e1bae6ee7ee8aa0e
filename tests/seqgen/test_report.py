from seqgen.report import METRICS_ENV, read_metrics, report_metric


def test_report_metric_appends_json_lines(tmp_path, monkeypatch):
    target = tmp_path / "metrics.jsonl"
    monkeypatch.setenv(METRICS_ENV, str(target))
    report_metric("accuracy", 0.5, paper="0.9")
    report_metric("loss", 1)
    assert read_metrics(target) == [
        {"name": "accuracy", "value": 0.5, "paper": "0.9"},
        {"name": "loss", "value": 1.0, "paper": None},
    ]


def test_report_metric_without_file_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv(METRICS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert report_metric("x", 2) is None
    assert list(tmp_path.iterdir()) == []
    assert read_metrics(tmp_path / "none.jsonl") == []
