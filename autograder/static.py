"""The static check: does a graded function reach a library function the task forbids?

Each assignment declares its rules in ``solutions/<assignment>/grading.toml`` (never
released; read by :mod:`autograder.rules`, which also forbids the course's own ``seqgen``).
The submitted code is parsed, never run. Cells go through IPython's transformer first
(``%%time`` and ``%time`` bodies are code too). Every binding of a graded name anywhere in
the submission counts (``def``, assignment, lambda, import, a decoy under ``if False``),
and so does everything it reaches: helpers, classes, aliases and module-level values,
transitively. A reached name is flagged when it *resolves to the library* (through
``import``/``from ... import ... as``/aliases; compared by object identity, so
``torch.nn.modules.rnn.LSTMCell`` is ``torch.nn.LSTMCell``), never for the student's own
definitions. Dynamic access is flagged too, since it hides what is called: ``getattr``
with a computed name, ``eval``/``exec``/``compile``/``__import__``, ``importlib``,
``sys.modules``, ``globals()``/``vars()``, ``__dict__``-style attributes, ``torch.ops``,
``torch._VF``, ``torch._C``, ``getattr`` passed or stored as a value, and magics that
run code the parser cannot see (``%run``). A library name that contains a forbidden
one (``torch._ctc_loss``, ``torch.ao.nn.quantized.dynamic.RNNCell``) counts as it;
values put into the student's own containers and objects (``d[k] = ...``,
``fs.append(...)``, ``ns.f = ...``) count as bindings of them.
Anywhere at module level (where it can rebind any name) it counts against every task with
rules; inside functions, where a graded function reaches it.
"""

import ast
import builtins
import importlib
import importlib.util

from autograder.library import installed, library_object
from autograder.rules import (
    DYNAMIC_ATTRS,
    DYNAMIC_BUILTINS,
    DYNAMIC_PATHS,
    GLOBAL_DYNAMIC_BUILTINS,
    HARMLESS_MAGICS,
    REACHED_DYNAMIC_PATHS,
    SHELL_METHODS,
    SHOWN_BY,
    WHY,
    TaskRule,
)
from autograder.source_code import (
    CODE_MAGICS,
    assignments,
    docstring_nodes,
    is_shell_call,
    module_bindings,
    module_level_nodes,
    parse_cells,
)


class Analyzer:
    """Follows what graded names reach through one submission's parsed cells."""

    def __init__(self, code: list[str], forbidden: tuple[str, ...] = (), trusted=(), allowed=()):
        # The instructor's setup cells bind names (their imports) but are not checked
        # themselves: the grader runs its own copy of them, never the submission's.
        self.statements = parse_cells(code)
        self.bindings, self.stars = module_bindings(parse_cells(list(trusted)) + self.statements)
        self.forbidden = forbidden
        self.allowed = allowed
        self.leaves = {f.rsplit(".", 1)[-1] for f in forbidden}
        self.objects = [(f, library_object(f)) for f in forbidden]
        self.findings: list[str] = []
        self.names: set[str] = set()
        self.seen: set[int] = set()
        self.seen_paths: set[str] = set()

    def reach(self, name: str) -> bool:
        """Analyse every binding of ``name`` and all they reach; False when none exists."""
        found = self.bindings.get(name, [])
        for kind, node in found:
            self.follow(kind, node)
        return bool(found)

    def follow(self, kind: str, node) -> None:
        if kind == "import":
            if not installed(node.split(".")[0]):  # a module of its own, written by a cell
                self.flag(f"an import of {node.split('.')[0]}, which is not an installed library")
            self.check_path(node)
            return
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        self.walk(node)

    def walk(self, root) -> None:
        """Check every name, attribute, call and string inside ``root``."""
        local = {a.arg for a in ast.walk(root) if isinstance(a, ast.arg)}
        local |= {
            n.id for n in ast.walk(root) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        }
        local |= {
            n.name
            for n in ast.walk(root)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and n is not root
        }
        aliases: dict = {}
        for node in ast.walk(root):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    aliases[name] = alias.name if alias.asname else name
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            for target, value in assignments(node):
                if isinstance(target, ast.Name) and self.path(value, local, {}):
                    aliases[target.id] = value
        docstrings = docstring_nodes(root)
        called = {id(n.func) for n in ast.walk(root) if isinstance(n, ast.Call)}
        for node in ast.walk(root):
            self.check_node(node, local, aliases, docstrings)
            if isinstance(node, ast.Name) and node.id in ("getattr", "hasattr"):
                if id(node) not in called and node.id not in local | self.bindings.keys():
                    # reduce(getattr, [name], torch), g = getattr: a look-up whose name
                    # the checks above never see
                    self.flag("getattr used as a value")

    def check_node(self, node, local, aliases, docstrings) -> None:
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("getattr", "hasattr"):
            name = node.args[1] if len(node.args) > 1 else None
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                self.flag("getattr with a computed name")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getattr":
            self.check_path(self.path(node, local, aliases))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id in aliases:
                self.check_path(self.path(node, local, aliases))
            elif node.id not in local:
                self.check_global(node.id)
        elif isinstance(node, ast.Attribute):
            if node.attr in DYNAMIC_ATTRS:
                self.flag(f"the attribute {node.attr}")
            path = self.path(node, local, aliases)
            if path:
                self.check_path(path)
            elif node.attr in self.leaves and not self.is_student(node.value, local):
                self.flag(f"the attribute .{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings and self.names_forbidden(node.value):
                self.flag(f"the string {node.value[:40]!r}")

    def check_global(self, name: str) -> None:
        """A name not local to the code being checked: the student's, the library's or a
        builtin."""
        if name in self.bindings:
            for kind, target in self.bindings[name]:
                self.follow(kind, target)
            return
        if name in DYNAMIC_BUILTINS:
            self.flag(f"{name}()")
        elif name == "get_ipython":
            self.flag("get_ipython()")
        elif not hasattr(builtins, name):
            for module in self.stars:
                self.check_path(f"{module}.{name}")
        self.names.add(name)

    def is_student(self, node, local) -> bool:
        root = node
        while isinstance(root, ast.Attribute | ast.Call | ast.Subscript):
            root = root.func if isinstance(root, ast.Call) else root.value
        if not isinstance(root, ast.Name):
            return False
        kinds = [kind for kind, _ in self.bindings.get(root.id, [])]
        return root.id not in local and bool(kinds) and "import" not in kinds

    def path(self, node, local, aliases, depth: int = 0) -> str | None:
        """The library path ``node`` stands for (``torch.nn.LSTMCell``), or None."""
        if depth > 20:
            return None
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getattr":
            name = node.args[1] if len(node.args) > 1 else None
            base = self.path(node.args[0], local, aliases, depth + 1) if node.args else None
            if base and isinstance(name, ast.Constant) and isinstance(name.value, str):
                return f"{base}.{name.value}"
            return None
        if isinstance(node, ast.Attribute):
            base = self.path(node.value, local, aliases, depth + 1)
            return f"{base}.{node.attr}" if base else None
        if not isinstance(node, ast.Name):
            return None
        if node.id in aliases:
            alias = aliases[node.id]
            return alias if isinstance(alias, str) else self.path(alias, local, {}, depth + 1)
        if node.id in local:
            return None
        for kind, target in reversed(self.bindings.get(node.id, [])):
            if kind == "import":
                return target
            if kind == "expr":
                found = self.path(target, set(), {}, depth + 1)
                if found:
                    return found
        return None

    def check_path(self, path: str | None) -> None:
        if not path:
            return
        self.names.update(path.split("."))
        for dynamic in DYNAMIC_PATHS + REACHED_DYNAMIC_PATHS:
            if path == dynamic or path.startswith(dynamic + "."):
                self.flag(path)
                return
        if any(path == a or path.startswith(a + ".") for a in self.allowed):
            return  # course code the task lets its functions use (grading.toml: allowed)
        obj = library_object(path)
        for name, forbidden in self.objects:
            same = obj is not None and forbidden is not None and obj is forbidden
            if same or path == name or path.startswith(name + "."):
                self.flag(path if path == name else f"{path} ({WHY.get(name, name)})")
                return
        parts = path.split(".")[1:]  # below the package: torch.nn.modules.loss.CTCLoss.forward
        if any(forbidden in part for part in parts for forbidden in self.leaves):
            # the library's private or other copies (torch._ctc_loss, the quantized RNNCell)
            # and what a forbidden class holds (CTCLoss.forward) do the same job
            self.flag(f"{path} (a library function named like a forbidden one)")
            return
        if "." in path and path not in self.seen_paths:  # a library attribute it assigned to
            self.seen_paths.add(path)
            for kind, target in self.attribute_bindings().get(path, []):
                self.follow(kind, target)

    def attribute_bindings(self) -> dict:
        """``F.my = ...`` keyed by the library path of its target (``torch.nn.functional.my``)."""
        found: dict = {}
        for key, entries in self.bindings.items():
            base, _, attr = key.rpartition(".")
            if base:
                target = self.path(ast.parse(base, mode="eval").body, set(), {})
                if target:
                    found.setdefault(f"{target}.{attr}", []).extend(entries)
        return found

    def names_forbidden(self, text: str) -> bool:
        return text in self.leaves or any(f in text for f in self.forbidden)

    def flag(self, what: str) -> None:
        if what not in self.findings:
            self.findings.append(what)

    def module_level_dynamic(self) -> list[str]:
        """Dynamic access in code that runs at module level (outside functions)."""
        before, self.findings = self.findings, []
        for statement in self.statements:
            nodes = list(module_level_nodes(statement))
            shown = self.only_shown(nodes)
            for node in nodes:
                if id(node) not in shown:
                    self.check_module_node(node)
            shell_names = sum(isinstance(n, ast.Name) and n.id == "get_ipython" for n in nodes)
            shell_uses = sum(isinstance(n, ast.Attribute) and is_shell_call(n.value) for n in nodes)
            if shell_names > shell_uses:  # get_ipython itself passed around or stored
                self.flag("get_ipython()")
        found, self.findings = self.findings, before
        return found

    def only_shown(self, nodes) -> set[int]:
        """Arguments of print/len/repr (``print(sys.path)`` while debugging an import): read
        and shown, never called or rebound, so not dynamic access by themselves."""
        return {
            id(arg)
            for node in nodes
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in SHOWN_BY and node.func.id not in self.bindings
            for arg in node.args
        }  # fmt: skip

    def check_module_node(self, node) -> None:
        if isinstance(node, ast.Name) and node.id in GLOBAL_DYNAMIC_BUILTINS:
            if node.id not in self.bindings:
                self.flag(f"{node.id}()")
        elif isinstance(node, ast.Attribute) and node.attr in DYNAMIC_ATTRS:
            self.flag(f"the attribute {node.attr}")
        elif isinstance(node, ast.Attribute) and is_shell_call(node.value):
            if node.attr not in SHELL_METHODS | {"run_line_magic", "run_cell_magic"}:
                self.flag(f"get_ipython().{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if is_shell_call(node.func.value) and node.func.attr.endswith("_magic"):
                first = node.args[0] if node.args else None
                name = first.value if isinstance(first, ast.Constant) else "?"
                if name not in HARMLESS_MAGICS and name not in CODE_MAGICS:
                    self.flag(f"the %{name} magic")
        if isinstance(node, ast.Name | ast.Attribute):
            path = self.path(node, set(), {})
            if path and any(path == d or path.startswith(d + ".") for d in DYNAMIC_PATHS):
                self.flag(path)


def violations(code: list[str], rule: TaskRule | None, trusted=()) -> list[str]:
    """What makes the task's graded functions break its rule, in words (empty: none).
    ``trusted``: the instructor's setup cells, whose imports resolve the student's names."""
    if rule is None:
        return []
    for root in {f.split(".")[0] for f in rule.forbidden}:
        try:
            importlib.import_module(root)  # so that identity comparisons can resolve
        except ImportError:
            pass
    analyzer = Analyzer(code, rule.forbidden, trusted, rule.allowed)
    found = [f"{what} at module level" for what in analyzer.module_level_dynamic()]
    for name in rule.functions:
        analyzer.findings = []
        analyzer.reach(name)
        found += [f"{name} reaches {what}" for what in analyzer.findings]
    return found


def names_reached(code: list[str], name: str) -> set[str] | None:
    """Library and global names ``name`` reaches (the student's own excluded); None when
    the submission does not define ``name``. For hidden cells using ``names_used``."""
    analyzer = Analyzer(code)
    if not analyzer.reach(name):
        return None
    own = {n for n, b in analyzer.bindings.items() if any(kind != "import" for kind, _ in b)}
    return analyzer.names - own
