"""The API hidden tests are written against, so their verdicts never rest on student code.

A grade cell's hidden block defines ``hidden_checks(student)`` and ends with
``run_hidden_checks(hidden_checks, globals())``. The checks call the submission's
functions only through ``student``, which hands back *copies of values* (tensors,
numbers, tuples) and compares them with references computed by the checks themselves::

    def hidden_checks(student):
        cell = torch.nn.LSTMCell(3, 5)
        h, c = student.lstm_cell(x, (h0, c0), *params)        # values only
        assert close(h, expected_h), "h' does not match torch.nn.LSTMCell"

- Under the course grader, the hidden block runs in the grader's own trusted process;
  ``student`` forwards each call to the sandboxed submission and only data comes back
  (:mod:`autograder.codec`). Whatever the submission patches in its own process
  (``torch.allclose``, builtins, the test helpers) cannot touch these comparisons.
- Under plain nbgrader or validation, the same block runs inside the notebook's kernel
  with an in-process ``student`` that copies values the same way, so results agree.
"""

import contextvars
from dataclasses import dataclass

from autograder.codec import CodecError, copy_across
from autograder.grads import backward

_remote: contextvars.ContextVar = contextvars.ContextVar("remote_student", default=None)


class StudentError(AssertionError):
    """The submission's function failed when a hidden check called it (no inputs shown)."""


@dataclass
class Call:
    value: object
    args: tuple  # the arguments after the call, to observe in-place updates
    kwargs: dict


class Student:
    """Calls into the submission; subclasses decide where the submission runs."""

    def call(self, name: str, *args, **kwargs) -> Call:
        raise NotImplementedError

    def vjp(self, name: str, args: tuple, wrt: tuple[int, ...], cotangents) -> tuple:
        """``(value, grads)``: gradients of ``sum(output * cotangent)`` w.r.t. ``args[i]``."""
        raise NotImplementedError

    def names_used(self, name: str) -> set[str]:
        """Global and attribute names the submitted function's code refers to."""
        raise NotImplementedError

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs).value


class InProcessStudent(Student):
    """The submission's functions live in ``namespace`` (a notebook kernel, or validation)."""

    def __init__(self, namespace: dict):
        self.namespace = namespace

    def function(self, name: str):
        fn = self.namespace.get(name)
        if not callable(fn):
            raise StudentError(f"{name} is not defined: run the cell that defines it")
        return fn

    def call(self, name, *args, **kwargs) -> Call:
        fn = self.function(name)
        args, kwargs = copy_across(args), copy_across(kwargs)
        try:
            value = fn(*args, **kwargs)
        except NotImplementedError:
            raise StudentError(
                f"Not attempted yet: {name} still raises NotImplementedError"
            ) from None
        except Exception as err:
            raise StudentError(f"{name} raised {type(err).__name__} on a hidden input") from None
        try:
            return Call(copy_across(value), copy_across(args), copy_across(kwargs))
        except CodecError as err:
            raise StudentError(f"{name} returned a value of the wrong kind ({err})") from None

    def vjp(self, name, args, wrt, cotangents) -> tuple:
        fn = self.function(name)
        args = list(copy_across(tuple(args)))
        for i in wrt:
            args[i] = args[i].detach().requires_grad_(True)
        try:
            value = fn(*args)
            grads = backward(value, [args[i] for i in wrt], cotangents)
        except Exception as err:
            raise StudentError(
                f"{name} could not be differentiated ({type(err).__name__})"
            ) from None
        return copy_across(value), copy_across(grads)

    def names_used(self, name) -> set[str]:
        names, stack = set(), [self.function(name).__code__]
        while stack:
            code = stack.pop()
            names.update(code.co_names)
            stack.extend(c for c in code.co_consts if hasattr(c, "co_names"))
        return names


def run_hidden_checks(checks, namespace: dict) -> None:
    """Run ``checks(student)``: against the sandboxed submission when the grader says so."""
    remote = _remote.get()
    checks(remote if remote is not None else InProcessStudent(namespace))


def use_remote_student(student: Student):
    """Make ``run_hidden_checks`` use ``student``; returns a token for :func:`reset`."""
    return _remote.set(student)


def reset(token) -> None:
    _remote.reset(token)
