"""Tests of the hidden-check helpers (autograder/checks.py)."""

import contextlib

import pytest
import torch

from autograder.checks import (
    case,
    close,
    close_float,
    hidden_generator,
    is_tensor,
    raised,
    unchanged,
)


class FailedCall(AssertionError):
    """Stands in for the grader's StudentError: a failed call, told apart by its class."""


class Raised(FailedCall):
    def __init__(self, function, kind):
        self.kind = kind
        super().__init__(f"{function} raised {kind} on a hidden input")


class OldStudent:
    """A student object without ``case`` (an older grader) and without ``seed``."""


class NewStudent:
    """A student object whose own ``case`` names the input in failed calls."""

    seed = 7

    def __init__(self):
        self.cases = []

    @contextlib.contextmanager
    def case(self, description):
        self.cases.append(description)
        try:
            yield
        except FailedCall as err:
            raise FailedCall(f"{err} ({description})") from None


def test_close_accepts_within_tolerance_and_compares_in_float64():
    expected = torch.tensor([1.0, 2.0], dtype=torch.float64)
    assert close(torch.tensor([1.0, 2.0 + 1e-5]), expected)
    assert not close(torch.tensor([1.0, 2.1]), expected)
    assert close(torch.tensor([1e-7]), torch.tensor([0.0]), atol=1e-6, rtol=0)
    assert not close(torch.tensor([1e-7]), torch.tensor([0.0]), atol=1e-9, rtol=0)


@pytest.mark.parametrize(
    "actual",
    [
        torch.tensor([float("nan"), 1.0]),
        torch.tensor([float("inf"), 1.0]),
        torch.tensor([1.0, 1.0, 1.0]),  # wrong shape
        torch.tensor([[1.0, 1.0]]),  # broadcastable is not enough
        torch.tensor([1, 1]),  # integers are not a float result
        [1.0, 1.0],  # not a tensor
        None,
    ],
)
def test_close_rejects_non_finite_misshaped_and_foreign_values(actual):
    assert not close(actual, torch.tensor([1.0, 1.0]))


def test_close_detaches_the_expected_value():
    expected = torch.tensor([1.0], requires_grad=True) * 2
    assert close(torch.tensor([2.0]), expected)


def test_close_float_wants_a_finite_python_float():
    assert close_float(1.0 + 1e-7, 1.0)
    assert not close_float(1.01, 1.0)
    assert not close_float(float("nan"), 1.0)
    assert not close_float(torch.tensor(1.0), 1.0)
    assert not close_float(1, 1.0)  # an int says the function did not compute a measurement
    assert close_float(0.0, 1e-12, atol=1e-9)


def test_unchanged_sees_in_place_updates_in_nested_arguments():
    before = (torch.ones(2), (torch.zeros(3), torch.ones(1)), 0)
    after = (torch.ones(2), [torch.zeros(3), torch.ones(1)], 0)
    assert unchanged(after, before)
    assert not unchanged((torch.ones(2), (torch.zeros(3), torch.full((1,), 2.0)), 0), before)
    assert not unchanged((torch.ones(2), (torch.zeros(3),), 0), before)
    assert not unchanged((torch.ones(2, dtype=torch.float64), before[1], 0), before)
    assert not unchanged((torch.ones(2), before[1], 1), before)


def test_is_tensor_checks_kind_and_exact_shape():
    assert is_tensor(torch.zeros(2, 3), (2, 3))
    assert is_tensor(torch.tensor(1.0), ())
    assert not is_tensor(torch.zeros(3, 2), (2, 3))
    assert not is_tensor((torch.zeros(2, 3),), (2, 3))


def test_hidden_generator_depends_on_seed_and_offset_only():
    def draw(student, offset):
        return torch.randn(4, generator=hidden_generator(student, offset))

    new, old = NewStudent(), OldStudent()
    assert torch.equal(draw(new, 1), draw(NewStudent(), 1))
    assert not torch.equal(draw(new, 1), draw(new, 2))
    assert torch.equal(draw(old, 1), draw(OldStudent(), 1))  # no seed: fixed inputs
    other = NewStudent()
    other.seed = 8
    assert not torch.equal(draw(new, 1), draw(other, 1))
    huge = NewStudent()
    huge.seed = 2**62 + 12345  # seeds drawn from a digest may be large
    draw(huge, 3)


def test_case_names_the_kind_of_input_in_a_failed_comparison():
    for student in (OldStudent(), NewStudent()):
        with pytest.raises(AssertionError) as info, case(student, "a batch of 1"):
            raise AssertionError("h' does not match")
        assert type(info.value) is AssertionError
        assert str(info.value) == "h' does not match (for a batch of 1)"
    with pytest.raises(AssertionError, match=r"^failed for a batch of 1$"):
        with case(OldStudent(), "a batch of 1"):
            raise AssertionError()


def test_case_keeps_the_class_of_a_failed_call():
    student = NewStudent()
    with pytest.raises(FailedCall) as info, case(student, "a longer sequence"):
        raise FailedCall("f raised IndexError on a hidden input")
    assert str(info.value) == "f raised IndexError on a hidden input (a longer sequence)"
    assert student.cases == ["a longer sequence"]
    with pytest.raises(FailedCall, match=r"\(for a longer sequence\)$"):
        with case(OldStudent(), "a longer sequence"):
            raise FailedCall("f raised IndexError on a hidden input")


def test_case_keeps_words_when_a_failed_call_has_another_constructor():
    with pytest.raises(AssertionError, match=r"raised KeyError .*\(for T = 1\)$"):
        with case(OldStudent(), "T = 1"):
            raise Raised("f", "KeyError")


def test_case_lets_other_exceptions_and_success_through():
    with pytest.raises(TypeError), case(OldStudent(), "a batch of 1"):
        raise TypeError("a bug in the check itself")
    with case(NewStudent(), "a batch of 1"):
        pass


def test_raised_reads_the_kind_or_the_message():
    assert raised(Raised("f", "ValueError"), "ValueError")
    assert not raised(Raised("f", "RuntimeError"), "ValueError")
    assert raised(FailedCall("f raised ValueError on a hidden input"), "ValueError")
    assert not raised(FailedCall("f raised ValueErrorX on a hidden input"), "ValueError")
    assert not raised(
        FailedCall("Not attempted yet: f still raises NotImplementedError"), "ValueError"
    )
