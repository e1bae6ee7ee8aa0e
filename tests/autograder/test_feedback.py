from autograder.engine import TaskResult
from autograder.feedback import render_html, write_atomic


def test_page_shows_score_tasks_and_notices_escaped():
    tasks = [
        TaskResult("test_a", 2, 2, "passed", "All checks passed."),
        TaskResult("test_<b>", 3, 0, "failed (AssertionError)", "A hidden check failed: h'"),
    ]
    page = render_html("Feedback", tasks, ["late <submission>"], total=5)
    assert "Score: 2 / 5" in page
    assert "test_&lt;b&gt;" in page and "late &lt;submission&gt;" in page
    assert "failed (AssertionError)" in page and "A hidden check failed: h&#x27;" in page


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "deep" / "page.html"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]
