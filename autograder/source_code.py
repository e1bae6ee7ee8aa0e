"""Reading a submission's code without running it: cells parsed after IPython's
transformer (the code of ``%%time``/``%time`` magics included), the names each
module-level statement binds, and small AST helpers for :mod:`autograder.static`."""

import ast

CODE_MAGICS = {"time", "timeit", "prun", "capture"}  # their line or body is Python code


def parse_cells(code: list[str]) -> list[ast.stmt]:
    """Module-level statements of every cell, magics turned into code, in order."""
    from IPython.core.inputtransformer2 import TransformerManager

    manager, statements = TransformerManager(), []
    for source in code:
        try:
            tree = ast.parse(manager.transform_cell(source))
        except (SyntaxError, ValueError):
            continue  # a cell that does not parse defines nothing when it runs either
        for node in tree.body:
            statements += expand_magic(node, manager)
    return statements


def magic_call(node: ast.stmt) -> tuple[str, list] | None:
    """("run_line_magic" or "run_cell_magic", args) for ``get_ipython().run_*_magic(...)``."""
    value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return None
    base = value.func.value
    is_shell = isinstance(base, ast.Call) and getattr(base.func, "id", "") == "get_ipython"
    if not is_shell or value.func.attr not in ("run_line_magic", "run_cell_magic"):
        return None
    return value.func.attr, value.args


def expand_magic(node: ast.stmt, manager) -> list[ast.stmt]:
    """A magic whose argument is Python code becomes that code's statements."""
    found = magic_call(node)
    if found is None:
        return [node]
    kind, args = found
    strings = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if len(strings) != len(args) or not strings or strings[0] not in CODE_MAGICS:
        return [node]
    body = strings[-1] if kind == "run_cell_magic" else strings[1] if len(strings) > 1 else ""
    try:
        inner = ast.parse(manager.transform_cell(body)).body
    except (SyntaxError, ValueError):
        return [node]
    return [s for stmt in inner for s in expand_magic(stmt, manager)]


def module_bindings(statements: list[ast.stmt]) -> tuple[dict, list[str]]:
    """name (or dotted path) -> list of (kind, node); and modules star-imported."""
    bindings: dict[str, list] = {}
    stars: list[str] = []

    mutations: dict[str, list] = {}

    def bind(name: str, kind: str, node) -> None:
        bindings.setdefault(name, []).append((kind, node))

    def visit(node) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bind(node.name, "def", node)
            for inner in ast.walk(node):  # names a function declares global and assigns
                if isinstance(inner, ast.Global):
                    for stmt in ast.walk(node):
                        for target, value in assignments(stmt):
                            if isinstance(target, ast.Name) and target.id in inner.names:
                                bind(target.id, "expr", value)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bind(name, "import", alias.name if alias.asname else name)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name == "*":
                    stars.append(node.module)
                else:
                    bind(alias.asname or alias.name, "import", f"{node.module}.{alias.name}")
        for target, value in assignments(node):
            for name in stored_names(target):
                bind(name, "expr", value)
            mutated = root_name(target)  # d["f"] = ..., k.f = ...: what d and k then hold
            if mutated and not isinstance(target, ast.Name):
                mutations.setdefault(mutated, []).append(value)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            mutated = root_name(node.value.func)  # fs.append(...), d.update(...)
            if mutated and isinstance(node.value.func, ast.Attribute):
                mutations.setdefault(mutated, []).append(node.value)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                visit(child)

    for statement in statements:
        visit(statement)
    for name, values in mutations.items():  # a module's own attributes: attribute_bindings
        if all(kind != "import" for kind, _ in bindings.get(name, [])):
            for value in values:
                bind(name, "expr", value)
    return bindings, stars


def root_name(node) -> str | None:
    """``d`` for ``d``, ``d["f"]``, ``d.f.g`` or ``d.f[0]``; None for anything else."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def assignments(node) -> list[tuple]:
    """(target, value) pairs a statement binds (loops and ``with`` bind their source)."""
    if isinstance(node, ast.Assign):
        return [(t, node.value) for t in node.targets]
    if isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
        return [(node.target, node.value)]
    if isinstance(node, ast.For | ast.AsyncFor):
        return [(node.target, node.iter)]
    if isinstance(node, ast.With | ast.AsyncWith):
        return [(i.optional_vars, i.context_expr) for i in node.items if i.optional_vars]
    if isinstance(node, ast.NamedExpr):
        return [(node.target, node.value)]
    return []


def stored_names(target) -> list[str]:
    """Plain names, and dotted paths for ``module.attr = ...``, that a target binds."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List | ast.Starred):
        elements = target.elts if not isinstance(target, ast.Starred) else [target.value]
        return [n for e in elements for n in stored_names(e)]
    if isinstance(target, ast.Attribute):
        dotted = dotted_name(target)
        return [dotted] if dotted else []
    return []


def dotted_name(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def is_shell_call(node) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == "get_ipython"


def module_level_nodes(statement):
    """Nodes that run when the cell runs: not the bodies of functions (class bodies run)."""
    stack = [statement]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack += [*node.decorator_list, node.args]
        elif isinstance(node, ast.Lambda):
            stack.append(node.args)
        else:
            stack += list(ast.iter_child_nodes(node))


def docstring_nodes(root) -> set[int]:
    found = set()
    for node in ast.walk(root):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                found.add(id(body[0].value))
    return found
