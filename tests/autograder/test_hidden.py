import pytest
import torch

from autograder.hidden import InProcessStudent, StudentError, run_hidden_checks


def double(x):
    return 2 * x


def scale_in_place(x):
    x.mul_(3)
    return None


def test_calls_get_copies_and_see_in_place_updates():
    student = InProcessStudent({"double": double, "scale_in_place": scale_in_place})
    x = torch.ones(2)
    assert torch.equal(student.double(x), torch.full((2,), 2.0))
    call = student.call("scale_in_place", x)
    assert torch.equal(call.args[0], torch.full((2,), 3.0)) and torch.equal(x, torch.ones(2))


def test_failures_name_the_function_but_not_the_inputs():
    student = InProcessStudent({"boom": lambda x: 1 / 0, "weird": lambda: object()})
    with pytest.raises(StudentError, match="boom raised ZeroDivisionError on a hidden input"):
        student.boom(torch.ones(1))
    with pytest.raises(StudentError, match="a value of a kind the checks cannot use"):
        student.weird()
    with pytest.raises(StudentError, match="missing is not defined"):
        student.missing()


def test_vjp_and_names_used():
    student = InProcessStudent({"square": lambda x: torch.sigmoid(x) ** 2})
    x = torch.tensor([0.5])
    _, (grad,) = student.vjp("square", (x,), wrt=(0,), cotangents=(torch.ones(1),))
    s = torch.sigmoid(x)
    assert torch.allclose(grad, 2 * s * s * (1 - s))
    assert "sigmoid" in student.names_used("square")


def test_run_hidden_checks_uses_the_namespace_in_process():
    seen = []
    run_hidden_checks(
        lambda student: seen.append(student.double(torch.ones(1))), {"double": double}
    )
    assert torch.equal(seen[0], torch.full((1,), 2.0))
