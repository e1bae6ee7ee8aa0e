from autograder.feedback import TaskFeedback, outcome_message, raised_by_test, render_html

GRADE_CELL_FRAME = "\x1b[36mCell\x1b[39m \x1b[32mIn[7]\x1b[39m\x1b[32m, line 3\x1b[39m\n  assert ok"
STUDENT_FRAME = "Cell In[4], line 2\n    assert False, str(x)"
HELPER_FRAME = "File /work/main/seqgen/checks.py:31, in check_close(actual, expected)"


def test_passing_task():
    assert outcome_message(True, None) == "All checks passed."


def test_stub_is_reported_as_not_attempted():
    error = {"ename": "NotImplementedError", "evalue": ""}
    assert "Not attempted" in outcome_message(False, error)


def test_test_authored_assertion_message_is_shown():
    error = {"ename": "AssertionError", "evalue": "h' does not match", "by_test": True}
    assert outcome_message(False, error) == "A check failed: h' does not match"


def test_message_made_by_the_submission_is_not_echoed():
    error = {"ename": "AssertionError", "evalue": "hidden input tensor([0.1])", "by_test": False}
    assert "tensor" not in outcome_message(False, error)
    error = {"ename": "RuntimeError", "evalue": "shape (7, 3) is wrong", "by_test": False}
    message = outcome_message(False, error)
    assert "RuntimeError" in message and "(7, 3)" not in message


def test_who_raised_is_read_from_the_innermost_frame():
    assert raised_by_test(["---", GRADE_CELL_FRAME], execution_count=7)
    assert not raised_by_test(["---", GRADE_CELL_FRAME, STUDENT_FRAME], execution_count=7)
    assert raised_by_test([GRADE_CELL_FRAME, HELPER_FRAME], execution_count=7)
    assert not raised_by_test([GRADE_CELL_FRAME], execution_count=8)
    assert not raised_by_test([], execution_count=7)


def test_html_escapes_and_totals():
    tasks = [
        TaskFeedback("test_a", 2, 2, "All checks passed."),
        TaskFeedback("test_<b>", 0, 3, "A check failed."),
    ]
    page = render_html("Feedback", tasks, notice="late <submission>")
    assert "Score: 2 / 5" in page
    assert "test_&lt;b&gt;" in page and "late &lt;submission&gt;" in page
