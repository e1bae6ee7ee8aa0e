"""No exercise's reference solution can be copied from a chapter cell.

Every solution region (``### BEGIN SOLUTION`` .. ``### END SOLUTION``) of every
``solutions/*/*.ipynb`` is compared with every code cell of the book, after both are
normalised by Python's own parser (comments, docstrings, line breaks and spacing do not
count) and with variables renamed in order of appearance (``self.W_xh`` or ``weight_ih``
become the same placeholder; library names such as ``torch.tanh`` stay). A solution fails
when the book holds its whole body as a run of statements, or when most of its substantial
statements appear somewhere in the book.
"""

import ast
import builtins
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted(ROOT.glob("solutions/*/*.ipynb"))
MAX_SHARED = 0.5  # the share of a solution's substantial statements the book may contain
MIN_LENGTH = 25  # shorter statements ("return h", "h = h0") are too generic to count


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def parse(source: str) -> ast.Module | None:
    """The cell's syntax tree (IPython magics turned into code first); None if it has none."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None


KEEP = {"torch", "F", "nn", "np", "math", "self"} | set(dir(builtins))


class Canonical(ast.NodeTransformer):
    """Rename variables (and ``self.`` attributes) v0, v1, ... in order of appearance."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def rename(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return node if node.id in KEEP else ast.Name(self.rename(node.id), node.ctx)

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            return ast.Name(self.rename(node.attr), node.ctx)
        return self.generic_visit(node)


def canonical(node: ast.AST) -> str:
    """One statement (or a compound statement's header) as text with canonical names."""
    return " ".join(ast.unparse(Canonical().visit(node)).split())


def without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    first = body[0] if body else None
    is_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    return body[1:] if is_docstring and isinstance(first.value.value, str) else body


def statements(nodes: list[ast.stmt]) -> list[str]:
    """Each simple statement as canonical text, compound ones opened up (comments gone)."""
    lines = []
    for node in without_docstring(nodes):
        inner = [getattr(node, name, None) for name in ("body", "orelse", "finalbody")]
        blocks = [block for block in inner if isinstance(block, list) and block]
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            lines += statements(node.body)
        elif blocks:  # if/for/while/with/try: the header, then the blocks
            lines.append(canonical(node).split(":")[0])  # the header only
            for block in blocks:
                lines += statements(block)
        else:
            lines.append(canonical(node))
    return lines


def solution_regions(source: str) -> list[str]:
    """The code between BEGIN and END SOLUTION markers, dedented to parse on its own."""
    regions, current = [], None
    for line in source.splitlines():
        if line.strip() == "### BEGIN SOLUTION":
            current = []
        elif line.strip() == "### END SOLUTION" and current is not None:
            lines = [text for text in current if text.strip()]
            indent = min(len(text) - len(text.lstrip()) for text in lines) if lines else 0
            regions.append("\n".join(text[indent:] for text in current))
            current = None
        elif current is not None:
            current.append(line)
    return regions


def solutions(path: Path) -> list[list[str]]:
    """The normalised statements of each solution region of one source notebook."""
    found = []
    for source in code_cells(path):
        for region in solution_regions(source):
            tree = parse(region)
            if tree is not None and tree.body:
                found.append(statements(tree.body))
    return found


def book_cells() -> list[list[str]]:
    trees = (parse(source) for path in ROOT.glob("book/**/*.ipynb") for source in code_cells(path))
    return [statements(tree.body) for tree in trees if tree is not None]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def copy_problem(solution: list[str], cells: list[list[str]]) -> str | None:
    """Why ``solution`` can be copied from ``cells``, or None when it cannot."""
    if any(contains_run(cell, solution) for cell in cells):
        return "its whole body is a run of statements in one chapter cell"
    substantial = [line for line in solution if len(line) >= MIN_LENGTH]
    in_book = {line for cell in cells for line in cell}
    shared = [line for line in substantial if line in in_book]
    if substantial and len(shared) / len(substantial) > MAX_SHARED:
        return f"{len(shared)} of its {len(substantial)} substantial statements are in the book"
    return None


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_no_reference_solution_appears_in_a_chapter_cell(path):
    cells = book_cells()
    regions = solutions(path)
    assert regions, f"{path.name} has no solution regions to compare"
    for statements_of_solution in regions:
        problem = copy_problem(statements_of_solution, cells)
        first = statements_of_solution[0] if statements_of_solution else ""
        assert problem is None, f"{path.name}: the solution starting {first!r}: {problem}"


SOLUTION_CELL = '''def step(x, h, w):
    """One step."""
    ### BEGIN SOLUTION
    pre = x @ w.T + h  # (B, H)
    for _ in range(3):
        pre = torch.tanh(pre)
    return torch.sigmoid(pre[:, :4]) * torch.tanh(pre[:, 4:])
    ### END SOLUTION
'''


def test_the_check_sees_a_copy_through_comments_spacing_and_other_code():
    (solution,) = [statements(parse(region).body) for region in solution_regions(SOLUTION_CELL)]
    copied = """
import torch
class Cell:
    def forward(self, x, h, w):
        '''Documented differently.'''
        print("something first")
        pre = x@w.T   +  h
        for _ in range( 3 ):   # a comment
            pre = torch.tanh(pre)
        return (torch.sigmoid(pre[:, :4])
                * torch.tanh(pre[:, 4:]))
"""
    assert copy_problem(solution, [statements(parse(copied).body)]) is not None
    mostly = "pre = x @ w.T + h\nz = torch.sigmoid(pre[:, :4]) * torch.tanh(pre[:, 4:])"
    assert (
        copy_problem(solution, [statements(parse(mostly).body)]) is None
    )  # neither a run nor most substantial lines
    different = "y = torch.relu(x @ w.T)\nreturn y"
    assert copy_problem(solution, [statements(parse(different).body)]) is None


def test_the_check_catches_a_copy_with_renamed_variables():
    """Issue 8: the first exercise 00 asked for the chapter's ElmanRNN.forward, renamed."""
    solution = """
h = h0
outputs = []
for t in range(x.shape[1]):
    h = torch.tanh(x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
    outputs.append(h)
return torch.stack(outputs, dim=1), h
"""
    chapter = """
class ElmanRNN(nn.Module):
    def forward(self, X, h=None):
        batch_size, seq_len, _ = X.shape
        outputs = []
        for t in range(seq_len):
            h = torch.tanh(X[:, t] @ self.W_xh.T + self.b_xh + h @ self.W_hh.T + self.b_hh)
            outputs.append(h)
        return torch.stack(outputs, dim=1), h
"""
    problem = copy_problem(statements(parse(solution).body), [statements(parse(chapter).body)])
    assert problem is not None and "substantial statements" in problem


def test_the_check_reads_every_task_of_exercise_00():
    regions = solutions(ROOT / "solutions" / "00_rnn_basics" / "00_rnn_basics.ipynb")
    assert len(regions) == 5
    assert all(len(region) >= 5 for region in regions)
