"""The ``student`` object hidden checks see: failures named safely, seeds, kinds of input."""

import pytest
import torch

from autograder.student import (
    FIXED_SEED,
    InProcessStudent,
    RemoteStudent,
    StudentError,
    StudentRaised,
    run_hidden_checks,
)


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


@pytest.mark.parametrize("ename", ["LEAK(3, 5, 4)[0.7637, 0.1]", "MyError", "\x1b[32m12/12"])
def test_exception_names_a_submission_chooses_never_reach_the_message(ename):
    """Issue 9 item 3: only builtin exception names are shown."""
    with pytest.raises(StudentRaised) as info:
        RemoteStudent(FakeBox(ename), []).f(1)
    assert str(info.value) == "f raised an exception on a hidden input"
    assert info.value.kind == "an exception" and info.value.function == "f"
    custom = type("LEAK", (Exception,), {})

    def raising():
        raise custom("0.7637")

    with pytest.raises(StudentRaised, match="^f raised an exception on a hidden input$"):
        InProcessStudent({"f": raising}).f()


def test_case_names_the_kind_of_input_without_values():
    student = RemoteStudent(FakeBox("IndexError"), [])
    with pytest.raises(StudentRaised) as info, student.case("a batch of 1"):
        student.f(torch.ones(1, 3))
    assert str(info.value) == "f raised IndexError on a hidden input (a batch of 1)"
    other = RemoteStudent(FakeBox("NameError"), [])
    with pytest.raises(StudentError, match=r"f is not defined.*\(a longer sequence\)"):
        with other.case("a longer sequence"):
            other.f()


def test_seed_is_fixed_in_process_and_given_remotely():
    seen = []
    run_hidden_checks(lambda student: seen.append(student.seed), {})
    assert seen == [FIXED_SEED]
    assert RemoteStudent(FakeBox(""), [], seed=1234).seed == 1234


def test_names_used_reads_the_source_and_ignores_locals_and_own_helpers():
    code = [
        "import torch",
        "def get_total_norm(ps):\n    return 1.0",
        "def f(x):\n    lstm = torch.nn.LSTMCell(3, 4)\n    return get_total_norm(lstm(x))\n",
    ]
    names = RemoteStudent(FakeBox(""), code).names_used("f")
    assert {"LSTMCell", "nn", "torch"} <= names
    assert "lstm" not in names and "get_total_norm" not in names
    with pytest.raises(StudentError, match="not defined"):
        RemoteStudent(FakeBox(""), code).names_used("g")


def test_names_used_sees_a_definition_inside_a_time_magic():
    code = ["%%time\nimport torch\ndef f(x):\n    return torch.tanh(x)\n"]
    assert "tanh" in RemoteStudent(FakeBox(""), code).names_used("f")


def test_visible_test_failures_show_builtin_names_only():
    from autograder.engine import visible_status

    assert visible_status({"status": "error", "ename": "ValueError"}) == "failed (ValueError)"
    leak = {"status": "error", "ename": "LEAK(3, 5, 4)[0.7637]"}
    assert visible_status(leak) == "failed (an exception)"
