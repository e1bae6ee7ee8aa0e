"""Hostile submissions to exercises 03-08: each answers one task with a library function
the exercise does not let it call, under a name its ``grading.toml`` once missed, and
must score zero on that task. The attempts of one exercise are graded in one batch.
Some reach a forbidden function through the running frames or the garbage collector
(``autograder/rules.py``, ``DYNAMIC_ATTRS`` and ``DYNAMIC_PATHS``).
"""

import nbformat
import pytest

from autograder.grade import Options, grade
from autograder.notebooks import nbgrader_meta
from autograder.rules import load_rules
from autograder.sandbox import Limits, isolation_problem
from autograder.static import violations
from autograder.validate import case_notebook
from tests.conftest import ROOT

# exercise -> attempt -> (graded function, its code)
ATTEMPTS = {
    "04_memory_networks": {
        # 1 - cos(x, y) is the cosine embedding loss of a similar pair
        "cosine_embedding": ("content_addressing", """
import torch.nn.functional as F
def content_addressing(memory, keys, beta):
    B, R, W = keys.shape
    N = memory.shape[1]
    k = keys.unsqueeze(2).expand(B, R, N, W).reshape(-1, W)
    m = memory.unsqueeze(1).expand(B, R, N, W).reshape(-1, W)
    cos = 1 - F.cosine_embedding_loss(k, m, torch.ones(len(k)), reduction="none")
    return (beta.unsqueeze(-1) * cos.view(B, R, N)).softmax(dim=-1)
"""),
    },
    "06_pointer_and_recursive": {
        # sympy's exact hull, on the points scaled to integers
        "sympy_hull": ("hull_targets", """
from fractions import Fraction
from math import lcm
from sympy.geometry import convex_hull as _hull
def hull_targets(points):
    exact = [tuple(Fraction(c) for c in p) for p in points.double().tolist()]
    scale = lcm(*[c.denominator for p in exact for c in p])
    ints = [tuple(int(c * scale) for c in p) for p in exact]
    where = {p: i for i, p in enumerate(ints)}
    order = [where[(int(v.x), int(v.y))] for v in _hull(*ints, polygon=True).vertices]
    first = order.index(min(order))
    return torch.tensor([i + 1 for i in order[first:] + order[:first]] + [0])
"""),
    },
    "07_gan": {
        # log(1 + e^t) as logaddexp(0, t)
        "logaddexp": ("discriminator_loss", """
def discriminator_loss(real_logits, fake_logits):
    zr, zf = torch.zeros_like(real_logits), torch.zeros_like(fake_logits)
    return torch.logaddexp(zr, -real_logits).mean() + torch.logaddexp(zf, fake_logits).mean()
"""),
        # ... as a log-sum-exp over (0, t)
        "logsumexp": ("generator_loss", """
def generator_loss(fake_logits, non_saturating=True):
    zero = torch.zeros_like(fake_logits)
    if non_saturating:
        return torch.stack([zero, -fake_logits]).logsumexp(0).mean()
    return -torch.stack([zero, fake_logits]).logsumexp(0).mean()
"""),
        # ... as the multi-label soft-margin loss (a mean of log-sigmoids)
        "multilabel": ("discriminator_loss", """
def discriminator_loss(real_logits, fake_logits):
    real = F.multilabel_soft_margin_loss(real_logits[None], torch.ones_like(real_logits)[None])
    fake = F.multilabel_soft_margin_loss(fake_logits[None], torch.zeros_like(fake_logits)[None])
    return real + fake
"""),
        # ... as a Bernoulli's log-likelihood
        "bernoulli": ("generator_loss", """
def generator_loss(fake_logits, non_saturating=True):
    d = torch.distributions.Bernoulli(logits=fake_logits)
    if non_saturating:
        return -d.log_prob(torch.ones_like(fake_logits)).mean()
    return d.log_prob(torch.zeros_like(fake_logits)).mean()
"""),
        # ... as a two-class cross-entropy over logits (0, t)
        "cross_entropy": ("generator_loss", """
def generator_loss(fake_logits, non_saturating=True):
    two = torch.stack([torch.zeros_like(fake_logits), fake_logits], dim=1)
    if non_saturating:
        return F.cross_entropy(two, torch.ones_like(fake_logits, dtype=torch.long))
    return -F.cross_entropy(two, torch.zeros_like(fake_logits, dtype=torch.long))
"""),
        # the JSD from scipy, V(D*, G) from it
        "jensenshannon": ("optimal_discriminator", """
from scipy.spatial.distance import jensenshannon
def optimal_discriminator(p_data, p_gen):
    if p_data.shape != p_gen.shape or p_data.dim() != 1:
        raise ValueError("shapes")
    if (p_data < 0).any() or (p_gen < 0).any():
        raise ValueError("negative")
    if abs(p_data.sum().item() - 1) > 1e-6 or abs(p_gen.sum().item() - 1) > 1e-6:
        raise ValueError("sum")
    total = p_data + p_gen
    d_star = torch.where(total > 0, p_data / total.clamp(min=1e-300), 0.5)
    jsd = float(jensenshannon(p_data.numpy(), p_gen.numpy())) ** 2
    return d_star, 2 * jsd - math.log(4), jsd
"""),
        # the chapter's own loss, fetched from the frame's globals by a computed key
        "frame_globals": ("discriminator_loss", """
import sys
from seqgen.gan import discriminator_loss as _answer
def discriminator_loss(real_logits, fake_logits):
    return sys._getframe(0).f_globals["_ans" + "wer"](real_logits, fake_logits)
"""),
        # softplus, fetched through a traceback's frame
        "traceback_frame": ("generator_loss", """
from torch.nn.functional import softplus as _sp
def generator_loss(fake_logits, non_saturating=True):
    try:
        raise KeyError
    except KeyError as err:
        f = err.__traceback__.tb_frame.f_globals["_s" + "p"]
    return f(-fake_logits).mean() if non_saturating else -f(fake_logits).mean()
"""),
        # softplus, as an attribute of the notebook's own module
        "getmodule": ("discriminator_loss", """
import inspect
from torch.nn.functional import softplus as _sp
def discriminator_loss(real_logits, fake_logits):
    f = inspect.getmodule(discriminator_loss)._sp
    return f(-real_logits).mean() + f(fake_logits).mean()
"""),
        # softplus, from the globals dict the garbage collector says the function refers to
        "gc_referents": ("generator_loss", """
import gc
from torch.nn.functional import softplus as _sp
def generator_loss(fake_logits, non_saturating=True):
    space = [r for r in gc.get_referents(generator_loss) if isinstance(r, dict)][0]
    f = space["_s" + "p"]
    return f(-fake_logits).mean() if non_saturating else -f(fake_logits).mean()
"""),
    },
    "08_transformer": {
        # torch.nn.MultiheadAttention, held by a Transformer layer and never named
        "encoder_layer": ("multi_head_attention", """
def multi_head_attention(query, key, value, in_proj_weight, in_proj_bias, out_proj_weight,
                         out_proj_bias, num_heads, key_padding_mask=None):
    E = query.shape[-1]
    if E % num_heads:
        raise ValueError("heads")
    layer = torch.nn.TransformerEncoderLayer(E, num_heads, dropout=0.0, batch_first=True)
    params = {"in_proj_weight": in_proj_weight, "in_proj_bias": in_proj_bias,
              "out_proj.weight": out_proj_weight, "out_proj.bias": out_proj_bias}
    mask = None if key_padding_mask is None else ~key_padding_mask
    return torch.func.functional_call(layer.self_attn, params, (query, key, value),
        {"key_padding_mask": mask, "average_attn_weights": False})
"""),
    },
}  # fmt: skip
CASES = [
    pytest.param(exercise, name, id=f"{exercise}-{name}")
    for exercise, attempts in ATTEMPTS.items()
    for name in attempts
]


def source(exercise: str):
    return nbformat.read(ROOT / "solutions" / exercise / f"{exercise}.ipynb", 4)


def attempt(exercise: str, function: str, code: str):
    """The released stubs, with one solution cell replaced by ``code``."""
    nb = case_notebook(source(exercise), "stub")
    cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == function]
    assert len(cells) == 1, f"{exercise} has no solution cell {function!r}"
    cells[0].source = code.lstrip()
    return nb


def grade_id_of(exercise: str, function: str) -> str:
    rules = load_rules(ROOT / "solutions" / exercise)
    return next(grade_id for grade_id, rule in rules.items() if function in rule.functions)


@pytest.fixture(scope="module")
def graded(grading_settings, tmp_path_factory):
    """Every exercise's attempts, graded in one batch per exercise: student -> result."""
    results = {}
    options = Options(limits=Limits(cell_seconds=60, notebook_seconds=300, grace_seconds=3))
    for exercise, attempts in ATTEMPTS.items():
        folder = tmp_path_factory.mktemp(exercise)
        for name, (function, code) in attempts.items():
            nbformat.write(attempt(exercise, function, code), folder / f"{name}.ipynb")
        for result in grade(grading_settings, exercise, [folder], options=options):
            results[(exercise, result.student)] = result
    return results


@pytest.mark.grading
@pytest.mark.skipif(isolation_problem() is not None, reason="isolation unavailable here")
@pytest.mark.parametrize(("exercise", "name"), CASES)
def test_library_shortcut_scores_zero_on_the_task_it_answers(graded, exercise, name):
    function = ATTEMPTS[exercise][name][0]
    result = graded[(exercise, name)]
    assert result.status == "graded", result.message
    task = next(t for t in result.tasks if t.grade_id == grade_id_of(exercise, function))
    assert task.score == 0, (task.grade_id, task.score, task.message)
    assert "Not allowed" in task.message, task.message


HONEST = {  # building blocks the rules must still allow
    ("07_gan", "discriminator_loss"): """
def discriminator_loss(real_logits, fake_logits):
    def log1p_exp(t):
        return t.clamp(min=0) + torch.special.log1p(torch.exp(-t.abs()))
    return log1p_exp(-real_logits).mean() + log1p_exp(fake_logits).mean()
""",
    ("07_gan", "optimal_discriminator"): """
def optimal_discriminator(p_data, p_gen):
    total = p_data + p_gen
    m = total / 2
    jsd = 0.5 * (torch.special.xlogy(p_data, p_data / m.clamp(min=1e-300)).sum()
                 + torch.special.xlogy(p_gen, p_gen / m.clamp(min=1e-300)).sum())
    return torch.where(total > 0, p_data / total, 0.5), 2 * jsd.item() - math.log(4), jsd.item()
""",
    ("04_memory_networks", "content_addressing"): """
import torch.nn.functional as F
def content_addressing(memory, keys, beta):
    cos = F.normalize(keys, dim=-1) @ F.normalize(memory, dim=-1).transpose(1, 2)
    return (beta.unsqueeze(-1) * cos).softmax(dim=-1)
""",
    ("08_transformer", "masked_attention"): """
def masked_attention(q, k, v, key_padding_mask=None, causal=False):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    weights = torch.nn.functional.softmax(scores, dim=-1)
    return weights @ v, weights
""",
}  # fmt: skip


@pytest.mark.parametrize(("exercise", "function"), list(HONEST), ids="-".join)
def test_the_new_rules_still_allow_the_building_blocks(exercise, function):
    nb = attempt(exercise, function, HONEST[(exercise, function)])
    code = [c for c in nb.cells if c.cell_type == "code"]
    own = [c.source for c in code if nbgrader_meta(c).get("solution")]
    trusted = [  # the instructor's set-up cells, as the grader passes them
        c.source for c in code
        if not nbgrader_meta(c).get("solution") and not nbgrader_meta(c).get("grade")
    ]  # fmt: skip
    rule = load_rules(ROOT / "solutions" / exercise)[grade_id_of(exercise, function)]
    assert violations(own, rule, trusted) == []
