"""What ``solutions/<assignment>/grading.toml`` says, and which code counts as dynamic.

Each task names the functions it grades and the library functions they must not reach::

    [tasks.test_lstm_cell]            # the grade cell
    functions = ["lstm_cell"]         # the names it grades
    forbidden = ["torch.lstm_cell", "torch.nn.LSTMCell", "torch.nn.LSTM"]
    allowed = ["seqgen.trees.Tree"]   # optional: course code the task may use

The course's own package (``seqgen``) is forbidden in every task by default: it holds the
chapters' implementations, so ``from seqgen.gan import discriminator_loss`` would answer a
task. A task lists in ``allowed`` the course code its graded functions may reach (a data
structure the set-up cell provides, say). :mod:`autograder.static` applies the rules.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

COURSE_CODE = ("seqgen",)
# Said after a flagged name in place of the forbidden name it matched.
WHY = dict.fromkeys(COURSE_CODE, "the course's own code: write the task yourself")

DYNAMIC_BUILTINS = {"eval", "exec", "compile", "__import__", "globals", "vars", "locals"}
GLOBAL_DYNAMIC_BUILTINS = DYNAMIC_BUILTINS | {"setattr", "delattr"}
DYNAMIC_PATHS = (
    "importlib", "sys.modules", "sys.path", "builtins", "ctypes", "operator.attrgetter",
    "operator.methodcaller", "torch.ops", "torch._VF", "torch._C", "torch.library",
    "types.FunctionType", "types.CodeType", "pickle", "marshal",
    # look-ups by a computed name, and interpreters of source strings, outside the builtins
    "inspect.getmembers", "inspect.getattr_static", "pydoc.locate", "pkgutil.resolve_name",
    "runpy", "code.InteractiveInterpreter", "code.InteractiveConsole", "code.interact",
    "codeop", "torch.jit.CompilationUnit",
    # the running frames and what refers to what: a way to the notebook's globals
    "sys._getframe", "sys._current_frames", "inspect.currentframe", "inspect.stack",
    "inspect.trace", "inspect.getouterframes", "inspect.getinnerframes", "inspect.getmodule",
    "inspect.getclosurevars", "gc", "traceback.walk_stack", "traceback.walk_tb",
)  # fmt: skip
# Run source strings too, but a timing experiment at the top level is honest work: they
# count only inside the code a graded function reaches.
REACHED_DYNAMIC_PATHS = ("timeit.timeit", "timeit.repeat", "timeit.Timer")
DYNAMIC_ATTRS = {
    "__dict__", "__getattribute__", "__getattr__", "__globals__", "__builtins__", "__code__",
    "__closure__", "__subclasses__", "__import__", "__loader__", "__spec__",
    # frames (of a traceback, a generator or coroutine, or the caller's) hold globals
    "f_globals", "f_locals", "f_builtins", "f_back", "tb_frame", "gi_frame", "cr_frame",
    "ag_frame",
}  # fmt: skip
HARMLESS_MAGICS = {
    "who", "whos", "who_ls", "matplotlib", "precision", "pprint", "pinfo", "pinfo2", "pdoc",
    "pdef", "psource", "psearch", "history", "env", "pwd", "ls", "lsmagic", "magic",
    "writefile", "bash", "sh", "script", "html", "markdown", "latex", "javascript", "js",
    "svg", "python3", "python", "config", "xmode", "page", "doctest_mode",
}  # fmt: skip
SHELL_METHODS = {"system", "getoutput"}
SHOWN_BY = {"print", "len", "repr"}  # builtins that only read and show their arguments


@dataclass(frozen=True)
class TaskRule:
    functions: tuple[str, ...]
    forbidden: tuple[str, ...]
    allowed: tuple[str, ...] = ()


Rules = dict  # grade cell id -> TaskRule


def load_rules(folder: Path) -> Rules:
    """The rules in ``folder/grading.toml`` (none when the file does not exist)."""
    path = Path(folder) / "grading.toml"
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return {
            grade_id: TaskRule(
                tuple(t.get("functions", ())),
                tuple(t.get("forbidden", ())) + COURSE_CODE,
                tuple(t.get("allowed", ())),
            )
            for grade_id, t in data.get("tasks", {}).items()
        }
    except (tomllib.TOMLDecodeError, AttributeError, TypeError) as err:
        raise ValueError(f"{path}: not a valid grading.toml ({err})") from None
