"""What hidden checks know about a submission: the ``student`` object, in one place.

Protocol. A grade cell's hidden block defines ``hidden_checks(student)`` and ends with
``from autograder.hidden import run_hidden_checks`` / ``run_hidden_checks(hidden_checks,
globals())``. The checks reach the submission only through ``student``:

- ``student.f(*args)`` / ``student.call("f", *args)`` call the submitted ``f`` and hand back
  *copies of values* (``Call.value``, and ``Call.args`` as the call left them);
- ``student.vjp(name, args, wrt, cotangents)`` backpropagates through ``f``;
- ``student.seed`` is an integer to seed every hidden input from: fixed under ``validate``
  and plain nbgrader, drawn per submission under ``grade`` (see :mod:`autograder.seeds`);
- a failing call raises :class:`StudentError` (:class:`StudentRaised` when the function
  itself raised); ``with student.case("a batch of 1"):`` adds what kind of input it was.

Under ``autograder grade`` (and ``validate``) the checks run in the grader's trusted process
and :class:`RemoteStudent` forwards each call to the sandboxed submission, so nothing the
submission patches in its own process reaches a comparison. Under plain nbgrader the same
block runs in the notebook's kernel with :class:`InProcessStudent`, which copies values the
same way.
"""

import builtins
import contextlib
import contextvars
from dataclasses import dataclass

try:  # inside the sandbox this file sits beside codec.py; in the repository, in a package
    from autograder.codec import CodecError, copy_across
except ImportError:  # pragma: no cover (only inside the sandbox)
    from codec import CodecError, copy_across

FIXED_SEED = 0  # validate and plain nbgrader: the same hidden inputs every time
_remote: contextvars.ContextVar = contextvars.ContextVar("remote_student", default=None)


class StudentError(AssertionError):
    """The submission's function failed when a hidden check called it (no inputs shown)."""


class StudentRaised(StudentError):
    """The submission's function raised. ``kind`` is a builtin exception's name or "an
    exception": names a submission chooses never reach feedback."""

    def __init__(self, function: str, ename: str, case: str = ""):
        self.function, self.kind, self.case = function, safe_ename(ename), case
        where = f" ({case})" if case else ""
        super().__init__(f"{function} raised {self.kind} on a hidden input{where}")


def safe_ename(ename) -> str:
    """A builtin exception's name as is; anything else becomes "an exception"."""
    value = getattr(builtins, ename, None) if isinstance(ename, str) else None
    is_builtin = isinstance(value, type) and issubclass(value, BaseException)
    return ename if is_builtin else "an exception"


@dataclass
class Call:
    value: object
    args: tuple  # the arguments after the call, to observe in-place updates
    kwargs: dict


class Student:
    """Calls into the submission; subclasses decide where the submission runs."""

    seed: int = FIXED_SEED
    _case: str = ""

    def call(self, name: str, *args, **kwargs) -> Call:
        raise NotImplementedError

    def vjp(self, name: str, args: tuple, wrt: tuple[int, ...], cotangents) -> tuple:
        """``(value, grads)``: gradients of ``sum(output * cotangent)`` w.r.t. ``args[i]``."""
        raise NotImplementedError

    def names_used(self, name: str) -> set[str]:
        """Global and attribute names the submitted function's code refers to."""
        raise NotImplementedError

    @contextlib.contextmanager
    def case(self, description: str):
        """Say what kind of input a failing call had: "lstm_cell raised IndexError on a
        hidden input (a batch of 1)". Never put input values in ``description``."""
        outer, self._case = self._case, description
        try:
            yield
        except StudentRaised as err:
            raise StudentRaised(err.function, err.kind, description) from None
        except StudentError as err:
            raise StudentError(f"{err} ({description})") from None
        finally:
            self._case = outer

    def raised(self, name: str, ename: str) -> StudentError:
        if ename == "NotImplementedError":
            return StudentError(f"Not attempted yet: {name} still raises NotImplementedError")
        if ename == "NameError":
            return StudentError(f"{name} is not defined: run the cell that defines it")
        if ename == "CodecError":
            return StudentError(f"{name} returned a value of a kind the checks cannot use")
        if ename == "CellTimeout":
            return StudentError(f"{name} did not return within the time limit")
        return StudentRaised(name, ename, self._case)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs).value


def tensors_of(value) -> list:
    """The tensors in a (nested) tuple or list, in order."""
    import torch

    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, list | tuple):
        return [t for item in value for t in tensors_of(item)]
    return []


def backward(value, inputs: list, cotangents) -> tuple:
    """Gradients of ``sum(output * cotangent)`` w.r.t. ``inputs`` (zeros where unused)."""
    import torch

    outputs, cotangents = tensors_of(value), tensors_of(cotangents)
    if len(outputs) != len(cotangents):
        raise ValueError("the output has a different number of tensors than expected")
    grads = torch.autograd.grad(outputs, inputs, grad_outputs=cotangents, allow_unused=True)
    return tuple(torch.zeros_like(x) if g is None else g for g, x in zip(grads, inputs))


class InProcessStudent(Student):
    """The submission's functions live in ``namespace`` (a notebook kernel)."""

    def __init__(self, namespace: dict, seed: int = FIXED_SEED):
        self.namespace, self.seed = namespace, seed

    def function(self, name: str):
        fn = self.namespace.get(name)
        if not callable(fn):
            raise self.raised(name, "NameError")
        return fn

    def call(self, name, *args, **kwargs) -> Call:
        fn = self.function(name)
        args, kwargs = copy_across(args), copy_across(kwargs)
        try:
            value = fn(*args, **kwargs)
        except Exception as err:
            raise self.raised(name, type(err).__name__) from None
        try:
            return Call(copy_across(value), copy_across(args), copy_across(kwargs))
        except CodecError:
            raise self.raised(name, "CodecError") from None

    def vjp(self, name, args, wrt, cotangents) -> tuple:
        fn = self.function(name)
        args = list(copy_across(tuple(args)))
        for i in wrt:
            args[i] = args[i].detach().requires_grad_(True)
        try:
            value = fn(*args)
            grads = backward(value, [args[i] for i in wrt], cotangents)
        except Exception as err:
            kind = safe_ename(type(err).__name__)
            raise StudentError(f"{name} could not be differentiated ({kind})") from None
        return copy_across(value), copy_across(grads)

    def names_used(self, name) -> set[str]:
        names, stack = set(), [self.function(name).__code__]
        while stack:
            code = stack.pop()
            names.update(code.co_names)
            stack.extend(c for c in code.co_consts if hasattr(c, "co_names"))
        return names


class RemoteStudent(Student):
    """The submission runs in a sandbox (``box``); only data comes back."""

    def __init__(self, box, student_code: list[str], seed: int = FIXED_SEED):
        self.box, self.student_code, self.seed = box, student_code, seed

    def call(self, name, *args, **kwargs) -> Call:
        ok, value = self.box.call("call", name, (args, kwargs))
        if not ok:
            raise self.raised(name, value)
        if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], dict)):
            raise StudentError(f"{name}: the submission's process sent malformed data")
        return Call(value[0], tuple(value[1]), value[2])

    def vjp(self, name, args, wrt, cotangents) -> tuple:
        ok, value = self.box.call(
            "vjp", name, (tuple(args), {"cotangents": cotangents}), {"wrt": list(wrt)}
        )
        if not ok:
            if value in ("NotImplementedError", "NameError", "CellTimeout"):
                raise self.raised(name, value)
            raise StudentError(f"{name} could not be differentiated ({safe_ename(value)})")
        if not (isinstance(value, tuple) and len(value) == 2):
            raise StudentError(f"{name}: the submission's process sent malformed data")
        return value

    def names_used(self, name) -> set[str]:
        """Names the submitted ``name`` reaches (parsed, never run): see :mod:`static`."""
        from autograder.static import names_reached

        names = names_reached(self.student_code, name)
        if names is None:
            raise StudentError(f"{name} is not defined in the submitted code")
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
