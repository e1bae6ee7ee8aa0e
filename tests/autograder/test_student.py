import pytest

from autograder.hidden import StudentError
from autograder.remote import RemoteStudent


class FakeBox:
    """Answers every call with a fixed failure, as the sandbox runner would."""

    def __init__(self, ename):
        self.ename = ename

    def call(self, op, name, args, extra=None):
        return False, self.ename


@pytest.mark.parametrize(
    ("ename", "message"),
    [
        ("NotImplementedError", "Not attempted yet: f still raises NotImplementedError"),
        ("NameError", "f is not defined"),
        ("CodecError", "f returned a value of a kind the checks cannot use"),
        ("CellTimeout", "f did not return within the time limit"),
        ("ValueError", "f raised ValueError on a hidden input"),
    ],
)
def test_failures_are_named_for_the_student(ename, message):
    with pytest.raises(StudentError, match=message):
        RemoteStudent(FakeBox(ename), []).f(1)


def test_names_used_reads_the_source_and_ignores_locals():
    code = ["def f(x):\n    lstm = torch.nn.LSTMCell(3, 4)\n    return helper(lstm, x)\n"]
    names = RemoteStudent(FakeBox(""), code).names_used("f")
    assert {"LSTMCell", "nn", "torch", "helper"} <= names and "lstm" not in names
    with pytest.raises(StudentError, match="not defined"):
        RemoteStudent(FakeBox(""), code).names_used("g")
