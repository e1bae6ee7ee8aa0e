"""The ``student`` that hidden checks see under the grader: calls go to the sandbox.

Only data comes back (decoded by :mod:`autograder.codec`), and which names a function
uses is read from the submitted source text, not from the submission's process.
"""

import ast

from autograder.hidden import Call, Student, StudentError
from autograder.sandbox import Sandbox


class RemoteStudent(Student):
    def __init__(self, box: Sandbox, student_code: list[str]):
        self.box = box
        self.student_code = student_code

    def failed(self, name: str, ename: str) -> StudentError:
        if ename == "NotImplementedError":
            return StudentError(f"Not attempted yet: {name} still raises NotImplementedError")
        if ename == "NameError":
            return StudentError(f"{name} is not defined: run the cell that defines it")
        if ename == "CodecError":
            return StudentError(f"{name} returned a value of a kind the checks cannot use")
        if ename == "CellTimeout":
            return StudentError(f"{name} did not return within the time limit")
        return StudentError(f"{name} raised {ename} on a hidden input")

    def call(self, name, *args, **kwargs) -> Call:
        ok, value = self.box.call("call", name, (args, kwargs))
        if not ok:
            raise self.failed(name, value)
        if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], dict)):
            raise StudentError(f"{name}: the submission's process sent malformed data")
        return Call(value[0], tuple(value[1]), value[2])

    def vjp(self, name, args, wrt, cotangents) -> tuple:
        ok, value = self.box.call(
            "vjp", name, (tuple(args), {"cotangents": cotangents}), {"wrt": list(wrt)}
        )
        if not ok:
            raise StudentError(f"{name} could not be differentiated ({value})")
        if not (isinstance(value, tuple) and len(value) == 2):
            raise StudentError(f"{name}: the submission's process sent malformed data")
        return value

    def names_used(self, name) -> set[str]:
        """Names in the last definition of ``name`` in the submitted code (parsed, not run)."""
        found = None
        for source in self.student_code:
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
                    found = node
        if found is None:
            raise StudentError(f"{name} is not defined in the submitted code")
        local = {a.arg for a in ast.walk(found.args) if isinstance(a, ast.arg)}
        local |= {
            n.id
            for n in ast.walk(found)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        }
        names = {n.attr for n in ast.walk(found) if isinstance(n, ast.Attribute)}
        names |= {n.id for n in ast.walk(found) if isinstance(n, ast.Name) and n.id not in local}
        return names
