"""Helpers that hidden checks import, so no grade cell pastes its own comparisons.

A hidden block (see :mod:`autograder.hidden`) uses them like this::

    from autograder.checks import case, close, hidden_generator

    def hidden_checks(student):
        gen = hidden_generator(student, offset=1)
        x = torch.randn(1, 3, generator=gen)
        with case(student, "a batch of 1"):
            h = student.my_cell(x)
            assert close(h, reference(x)), "h' does not match the reference"

Every helper answers with a bool or raises ``AssertionError`` whose message names the kind
of input and the rule, never the numbers: the checks' inputs stay hidden.
"""

import contextlib

import torch


def close(actual, expected: torch.Tensor, atol: float = 1e-5, rtol: float = 1e-4) -> bool:
    """True when ``actual`` is a finite tensor shaped like ``expected`` and equal within tolerance.

    Compared in float64, so a float32 answer is judged by the tolerance, not by rounding.
    """
    return (
        isinstance(actual, torch.Tensor)
        and actual.is_floating_point()
        and tuple(actual.shape) == tuple(expected.shape)
        and bool(torch.isfinite(actual).all())
        and torch.allclose(actual.double(), expected.detach().double(), atol=atol, rtol=rtol)
    )


def close_float(actual, expected: float, atol: float = 1e-9, rtol: float = 1e-5) -> bool:
    """True when ``actual`` is a finite Python float within ``atol + rtol * |expected|``."""
    return (
        isinstance(actual, float)
        and actual == actual  # not NaN
        and abs(actual - expected) <= atol + rtol * abs(expected)
    )


def unchanged(after, before) -> bool:
    """True when nested tuples/lists of tensors after a call equal the originals exactly.

    Catches in-place updates of arguments (``c.mul_(f)``), which a caller never expects.
    """
    if isinstance(before, torch.Tensor):
        return (
            isinstance(after, torch.Tensor)
            and after.shape == before.shape
            and after.dtype == before.dtype
            and torch.equal(after, before)
        )
    if isinstance(before, tuple | list):
        return (
            isinstance(after, tuple | list)
            and len(after) == len(before)
            and all(unchanged(a, b) for a, b in zip(after, before))
        )
    return after == before


def is_tensor(value, shape) -> bool:
    """True when ``value`` is a tensor of exactly ``shape`` (a check of kind, before values)."""
    return isinstance(value, torch.Tensor) and tuple(value.shape) == tuple(shape)


def hidden_generator(student, offset: int) -> torch.Generator:
    """A generator for one group of hidden inputs, seeded from the submission's seed.

    The grader draws ``student.seed`` per submission (fixed under ``validate``), so a value
    leaked once is useless on the next try; ``offset`` keeps the groups of a cell apart.
    """
    seed = int(getattr(student, "seed", 0))
    return torch.Generator().manual_seed((seed * 1_000_003 + offset) % 2**63)


@contextlib.contextmanager
def case(student, description: str):
    """Name the kind of input (never its values) in whatever fails inside the block.

    A failed comparison (a plain ``AssertionError``) gets "(for <description>)" appended. A
    failed call into the submission (the grader's ``StudentError`` and its subclasses) keeps
    its class, which the grader reports by: ``student.case`` names the input in it when the
    grader offers it; otherwise the message is extended the same way.
    """
    inner = getattr(student, "case", None)
    with inner(description) if callable(inner) else contextlib.nullcontext():
        try:
            yield
        except AssertionError as err:
            if type(err) is AssertionError:
                raise AssertionError(with_kind(err, description)) from None
            if callable(inner):
                raise
            try:
                renamed = type(err)(with_kind(err, description))
            except TypeError:  # another constructor: keep the words, lose the class
                renamed = AssertionError(with_kind(err, description))
            raise renamed from None


def with_kind(err: BaseException, description: str) -> str:
    return f"{err} (for {description})" if str(err) else f"failed for {description}"


def raised(error: BaseException, exception_name: str) -> bool:
    """True when ``error`` (what a call into the submission raised) reports ``exception_name``.

    The submission's exception crosses the boundary as a builtin's name only: the grader
    puts it in ``kind`` (older graders only in the message, "f raised ValueError on ...").
    """
    kind = getattr(error, "kind", None)
    if isinstance(kind, str):
        return kind == exception_name
    return f"raised {exception_name} " in str(error)
