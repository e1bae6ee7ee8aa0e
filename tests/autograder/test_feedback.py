from autograder.feedback import TaskFeedback, outcome_message, render_html

SOURCE = 'assert ok, "h does not match torch.nn.LSTMCell"\n### BEGIN HIDDEN TESTS\nsecret = 42\n'


def test_passing_task():
    assert outcome_message(True, None, SOURCE) == "All checks passed."


def test_stub_is_reported_as_not_attempted():
    error = {"ename": "NotImplementedError", "evalue": ""}
    assert "Not attempted" in outcome_message(False, error, SOURCE)


def test_test_authored_assertion_message_is_shown():
    error = {"ename": "AssertionError", "evalue": "h does not match torch.nn.LSTMCell"}
    assert outcome_message(False, error, SOURCE).endswith("h does not match torch.nn.LSTMCell")


def test_message_made_by_the_submission_is_not_echoed():
    error = {"ename": "AssertionError", "evalue": "hidden input was tensor([0.1, 0.2])"}
    assert outcome_message(False, error, SOURCE) == "A check failed."
    error = {"ename": "RuntimeError", "evalue": "shape (7, 3) is wrong"}
    message = outcome_message(False, error, SOURCE)
    assert "RuntimeError" in message and "(7, 3)" not in message


def test_html_escapes_and_totals():
    tasks = [
        TaskFeedback("test_a", 2, 2, "All checks passed."),
        TaskFeedback("test_<b>", 0, 3, "A check failed."),
    ]
    page = render_html("Feedback", tasks, notice="late <submission>")
    assert "Score: 2 / 5" in page
    assert "test_&lt;b&gt;" in page and "late &lt;submission&gt;" in page
