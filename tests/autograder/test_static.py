"""The static rules (issue 9 item 1): every way a blank release delegated a task to
PyTorch's own kernels is named; correct solutions, however written, are not flagged."""

import pytest

from autograder.rules import TaskRule, load_rules
from autograder.static import names_reached, violations

LSTM = TaskRule(("lstm_cell",), ("torch.lstm_cell", "torch.nn.LSTMCell", "torch.nn.LSTM"))
GRU = TaskRule(("gru_cell",), ("torch.gru_cell", "torch.nn.GRUCell"))
RNN = TaskRule(("rnn_forward",), ("torch.rnn_tanh", "torch.nn.RNN"))
CLIP = TaskRule(
    ("clip_grad_norm",), ("torch.nn.utils.clip_grad_norm_", "torch.nn.utils.get_total_norm")
)
CTC = TaskRule(("ctc_nll",), ("torch.nn.functional.ctc_loss", "torch.nn.CTCLoss", "torch.ctc_loss"))
STUB = "def lstm_cell(x, state, *w):\n    raise NotImplementedError()\n"
GOOD = '''import torch


def lstm_cell(x, state, weight_ih, weight_hh, bias_ih, bias_hh):
    """One lstm_cell step, written out."""
    h, c = state
    z = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
    i, f, g, o = z.chunk(4, 1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c
'''

DELEGATING = {
    "rebound after the stub": (LSTM, ["import torch", STUB, "lstm_cell = torch.lstm_cell"],
                               "torch.lstm_cell"),
    "getattr with a concatenated name": (
        LSTM, ["import torch", STUB, "lstm_cell = getattr(torch, 'lstm' + '_cell')"],
        "getattr with a computed name"),
    "getattr with a literal name": (
        LSTM, ["import torch", "def lstm_cell(*a):\n    return getattr(torch, 'lstm_cell')(*a)"],
        "torch.lstm_cell"),
    "rnn_tanh": (RNN, ["import torch", "def rnn_forward(*a):\n    return torch.rnn_tanh(*a)"],
                 "torch.rnn_tanh"),
    "gru_cell": (GRU, ["import torch", "gru_cell = lambda x, h, *w: torch.gru_cell(x, h, *w)"],
                 "torch.gru_cell"),
    "clip_grad_norm_ through getattr": (
        CLIP, ["import torch", "def clip_grad_norm(p, m):\n"
               "    return float(getattr(torch.nn.utils, 'clip_grad' + '_norm_')(p, m))"],
        "getattr with a computed name"),
    "a helper wrapping LSTMCell": (
        LSTM, ["import torch", "def helper(x, s, *w):\n    return torch.nn.LSTMCell(3, 4)(x, s)",
               "def lstm_cell(*a):\n    return helper(*a)"], "torch.nn.LSTMCell"),
    "from torch.nn import GRUCell as Cell": (
        GRU, ["from torch.nn import GRUCell as Cell", "def gru_cell(x, h, *w):\n"
              "    return Cell(3, 4)(x, h)"], "torch.nn.GRUCell"),
    "a decoy def and the real function a lambda": (
        LSTM, ["import torch", "if False:\n    def lstm_cell(x):\n        return x",
               "lstm_cell = lambda *a: torch.lstm_cell(*a)"], "torch.lstm_cell"),
    "the class under another module path": (
        LSTM, ["from torch.nn.modules.rnn import LSTMCell",
               "def lstm_cell(*a):\n    return LSTMCell(1, 1)"], "torch.nn.LSTMCell"),
    "eval": (LSTM, ["import torch", "lstm_cell = eval('torch.lstm_cell')"], "eval()"),
    "a %%time cell": (LSTM, ["import torch", "%%time\nlstm_cell = torch.lstm_cell"],
                      "torch.lstm_cell"),
    "a %time line": (LSTM, ["import torch", STUB, "%time lstm_cell = torch.lstm_cell"],
                     "torch.lstm_cell"),
    "%run": (LSTM, [GOOD, "%run other.py"], "%run"),
    "torch._VF": (LSTM, ["import torch", "def lstm_cell(*a):\n    return torch._VF.lstm_cell(*a)"],
                  "torch._VF"),
    "torch.ops": (LSTM, ["import torch", "def lstm_cell(*a):\n"
                         "    return torch.ops.aten.lstm_cell(*a)"], "torch.ops"),
    "torch passed as an argument": (
        LSTM, ["import torch", "def h(t, *a):\n    return t.lstm_cell(*a)",
               "def lstm_cell(*a):\n    return h(torch, *a)"], ".lstm_cell"),
    "a library attribute assigned": (
        LSTM, ["import torch.nn.functional as F", "import torch", "F.my = torch.lstm_cell",
               "def lstm_cell(*a):\n    return F.my(*a)"], "torch.lstm_cell"),
    "globals() and __import__": (
        LSTM, [GOOD, "globals()['lstm_cell'] = __import__('torch').lstm_cell"], "globals()"),
    "importlib": (LSTM, ["import importlib", "def lstm_cell(*a):\n"
                         "    return importlib.import_module('torch').lstm_cell(*a)"],
                  "importlib"),
    "sys.modules": (LSTM, ["import sys", "def lstm_cell(*a):\n"
                           "    return sys.modules['torch'].lstm_cell(*a)"], "sys.modules"),
    "a module of its own, written by a cell": (
        LSTM, ["%%writefile helper.py\nfrom torch import lstm_cell as f", "from helper import f",
               "def lstm_cell(*a):\n    return f(*a)"], "an import of helper"),
    "sys.path changed": (LSTM, [GOOD, "import sys\nsys.path.insert(0, '.')"], "sys.path"),
    "a local import": (LSTM, ["def lstm_cell(*a):\n    import torch as t\n"
                              "    return t.nn.LSTMCell(1, 1)"], "torch.nn.LSTMCell"),
    # Found in review (a blank release earned task 5's 3 points with each of these):
    "getattr folded over a computed name": (
        CTC, ["import torch, functools", "def ctc_nll(*a):\n"
              "    return functools.reduce(getattr, ['ssol_ctc'[::-1]], torch)(*a)"],
        "getattr used as a value"),
    "getattr under another name": (
        CTC, ["import torch", "def ctc_nll(*a):\n    g = getattr\n"
              "    return g(torch, 'ssol_ctc'[::-1])(*a)"], "getattr used as a value"),
    "getattr.__call__": (
        CTC, ["import torch", "def ctc_nll(*a):\n"
              "    return getattr.__call__(torch, 'ssol_ctc'[::-1])(*a)"],
        "getattr used as a value"),
    "the library's private copy": (
        CTC, ["import torch", "def ctc_nll(lp, t, b=0):\n"
              "    return torch._ctc_loss(lp[:, None], t[None], [len(lp)], [len(t)], b)[0]"],
        "torch._ctc_loss"),
    "a quantized copy of the class": (
        RNN, ["import torch", "def rnn_forward(*a):\n"
              "    return torch.ao.nn.quantized.dynamic.RNNCell(3, 4)"], "RNNCell"),
    "a forbidden class's method under another module path": (
        CTC, ["import torch, types", "def ctc_nll(lp, t, b=0):\n"
              "    me = types.SimpleNamespace(blank=b, reduction='sum', zero_infinity=False)\n"
              "    return torch.nn.modules.loss.CTCLoss.forward(me, lp, t, [len(lp)], [len(t)])"],
        "CTCLoss.forward"),
    "timeit running a computed statement": (
        CTC, ["import torch, timeit", "def ctc_nll(*a):\n    found = []\n"
              "    timeit.timeit(')ssol_ctc.hcrot(dneppa.dnuof'[::-1], number=1,\n"
              "                  globals={'found': found, 'torch': torch})\n"
              "    return found[0](*a)"], "timeit.timeit"),
    "inspect.getmembers": (
        CTC, ["import torch, inspect", "def ctc_nll(*a):\n"
              "    return dict(inspect.getmembers(torch))['ssol_ctc'[::-1]](*a)"],
        "inspect.getmembers"),
    "stored in a dict item": (
        CTC, ["import torch", "d = {}", "d['f'] = torch.ctc_loss",
              "def ctc_nll(*a):\n    return d['f'](*a)"], "torch.ctc_loss"),
    "appended to a list": (
        CTC, ["import torch", "fs = []", "fs.append(torch.ctc_loss)",
              "def ctc_nll(*a):\n    return fs[0](*a)"], "torch.ctc_loss"),
    "set as an attribute of its own object": (
        CTC, ["import torch, types", "ns = types.SimpleNamespace()", "ns.f = torch.ctc_loss",
              "def ctc_nll(*a):\n    return ns.f(*a)"], "torch.ctc_loss"),
}  # fmt: skip


@pytest.mark.parametrize("case", DELEGATING)
def test_delegation_is_named(case):
    rule, code, offending = DELEGATING[case]
    found = violations(code, rule)
    assert found and any(offending in f for f in found), found


CORRECT = {
    "written out": (LSTM, [GOOD]),
    "in a %%time cell, with %whos after": (LSTM, ["%%time\n" + GOOD, "%whos", "!ls"]),
    "a helper of its own named get_total_norm": (CLIP, [
        "import torch",
        "def get_total_norm(ps):\n    return sum(float(p.grad.pow(2).sum()) for p in ps) ** 0.5",
        "def clip_grad_norm(parameters, max_norm):\n    ps = list(parameters)\n"
        "    total = get_total_norm(ps)\n    return total",
    ]),
    "an experiment cell comparing with torch.nn.LSTMCell": (
        LSTM, [GOOD, "cell = torch.nn.LSTMCell(3, 4)\nprint(torch.allclose(cell.weight_ih, 0))"]),
    "getattr on its own objects with literal names": (
        LSTM, [GOOD.replace("z.chunk(4, 1)", "getattr(z, 'chunk')(4, 1)")]),
}  # fmt: skip


@pytest.mark.parametrize("case", CORRECT)
def test_correct_solutions_are_not_flagged(case):
    rule, code = CORRECT[case]
    assert violations(code, rule) == []


def test_getattr_in_a_correct_solution_and_a_timing_experiment_are_not_flagged():
    code = [GOOD, "import functools\nnames = functools.reduce(lambda a, b: a + b, ['x', 'y'])",
            "results = []\nresults.append(torch.nn.LSTMCell(3, 4))",
            "import timeit\nprint(timeit.timeit(lambda: lstm_cell, number=3))"]  # fmt: skip
    assert violations(code, LSTM) == []


def test_names_reached_are_the_librarys_not_the_students():
    code = ["import torch", "def get_total_norm(p):\n    return p",
            "def clip_grad_norm(p, m):\n    return get_total_norm(torch.nn.utils)"]  # fmt: skip
    assert names_reached(code, "clip_grad_norm") == {"torch", "nn", "utils"}
    assert names_reached(code, "missing") is None


def test_rules_are_read_from_the_assignment_folder(tmp_path):
    assert load_rules(tmp_path) == {}
    (tmp_path / "grading.toml").write_text(
        '[tasks.test_f]\nfunctions = ["f"]\nforbidden = ["torch.tanh"]\n'
    )
    assert load_rules(tmp_path) == {"test_f": TaskRule(("f",), ("torch.tanh", "seqgen"))}
    (tmp_path / "grading.toml").write_text("[tasks.test_f\n")
    with pytest.raises(ValueError, match="not a valid grading.toml"):
        load_rules(tmp_path)


INSTALL_CELL = (
    "import importlib.util, subprocess, sys\n"
    "if importlib.util.find_spec('seqgen') is None:\n"
    "    subprocess.run([sys.executable, '-m', 'pip', 'install', 'seqgen'], check=True)\n"
    "    importlib.invalidate_caches()"
)


def test_the_instructors_setup_cells_are_trusted():
    """Dynamic access in the instructor's locked setup (the book's install cell) is not the
    student's; the student's own use of a name that setup imported still is."""
    assert violations([GOOD], LSTM, trusted=[INSTALL_CELL]) == []
    found = violations([GOOD, "importlib.import_module('torch')"], LSTM, trusted=[INSTALL_CELL])
    assert any("importlib" in f for f in found), found


def test_the_course_code_is_forbidden_unless_the_task_allows_it(tmp_path):
    """A blank release earned 4 of 10 points with ``from seqgen.gan import ...``."""
    (tmp_path / "grading.toml").write_text(
        '[tasks.test_d]\nfunctions = ["discriminator_loss"]\nforbidden = []\n'
        '[tasks.test_t]\nfunctions = ["depth"]\nforbidden = []\nallowed = ["seqgen.gan.mlp"]\n'
    )
    rules = load_rules(tmp_path)
    imported = ["from seqgen.gan import discriminator_loss"]
    aliased = [
        "from seqgen import gan as g",
        "def discriminator_loss(r, f):\n    return g.discriminator_loss(r, f)",
    ]
    for code in (imported, aliased):
        assert any("seqgen.gan.discriminator_loss" in v for v in violations(code, rules["test_d"]))
    allowed = ["from seqgen.gan import mlp", "def depth(n):\n    return len(mlp([n, n]))"]
    assert violations(allowed, rules["test_t"]) == []
    assert violations(
        ["from seqgen.gan import ring_centres\ndepth = ring_centres"], rules["test_t"]
    )


@pytest.mark.parametrize(
    ("module_code", "flagged"),
    [
        ("print(sys.path)", False),  # debugging an import: read and shown
        ("print(len(sys.path))", False),
        ("sys.path.insert(0, '/tmp')", True),  # a shadowing module could then be imported
        ("print(sys.path.insert(0, '/tmp'))", True),
        ("p = sys.path\nprint(p)", True),
        ("print = lambda p: p.insert(0, '/x')\nprint(sys.path)", True),
    ],
)
def test_showing_sys_path_is_allowed_but_changing_it_is_not(module_code, flagged):
    """``print(sys.path)`` at module level scored every task zero."""
    code = ["import sys\n" + module_code + "\ndef f(x):\n    return x"]
    assert bool(violations(code, TaskRule(("f",), ("torch.tanh",)))) == flagged
