"""Chapter 06's long run: a pointer network on convex hulls of 5-10 points, against the paper.

``hull --seed S`` trains one seed (LSTM encoder and decoder of 128 units, batch 256, 30k
steps, Adam 2e-3 then linear decay to 0; about 30 minutes of one-thread CPU) on fresh
hulls of 5 to 10 points and tests it on 1,000 fresh instances per n, as Vinyals et al.
2015 do (exact-sequence accuracy and area coverage). It evaluates every ``--every`` steps
and rewrites ``benchmarks/long/results/hull_seed{S}.json`` each time, so a run cut short
still says how far it got. ``report`` writes ``benchmarks/LONG_06_pointer_networks.md``;
``all [--quick]`` runs seed 0 then the report (``--quick`` is a smoke test).
"""

import argparse
import json
import resource
import sys
from pathlib import Path

import seqgen
from seqgen import geometry
from seqgen.pointer import (
    PointerConfig,
    PointerNetwork,
    hull_metrics,
    mixed_length_batches,
    train_pointer,
)

REPORT = Path(__file__).resolve().parents[1] / "LONG_06_pointer_networks.md"
RESULTS = Path(__file__).resolve().parent / "results"
BUDGET = {"num_hiddens": 128, "batch_size": 256, "steps": 30_000, "lengths": [5, 10]}
QUICK = {"num_hiddens": 16, "batch_size": 16, "steps": 40, "lengths": [5, 10]}
TEST_N = (5, 10, 15, 20, 30, 50)
PAPER = {5: "92.0%", 10: "87.0%", 50: "69.6%"}  # Ptr-Net trained on n = 5-50, Table 1


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def evaluate(model, seed: int, sizes=TEST_N, count: int = 1000) -> dict:
    """Exact accuracy, area coverage and valid fraction on ``count`` fresh hulls per n."""
    scores = {}
    for n in sizes:
        points, targets = geometry.hull_batch(count, n, seqgen.make_generator(70_000 + seed + n))
        scores[str(n)] = hull_metrics(model, points, targets)
    return scores


def hull_run(seed: int, budget: dict, every: int, quick: bool) -> dict:
    """Train one seed; write the result file at every evaluation and at the end."""
    gen, start = seqgen.setup(seed), cpu_seconds()
    H, low, high = budget["num_hiddens"], *budget["lengths"]
    model = PointerNetwork(PointerConfig(num_hiddens=H, attn_size=H))
    batches = mixed_length_batches(
        geometry.hull_batch, budget["batch_size"], range(low, high + 1), gen
    )
    result = {"seed": seed, "budget": budget, "quick": quick, "steps_done": 0, "finished": False}

    def save(step: int) -> None:
        if step % every and step != budget["steps"]:
            return
        sizes = TEST_N if step == budget["steps"] else (5, 10)
        result.update(steps_done=step, scores=evaluate(model, seed, sizes))
        result.update(finished=step == budget["steps"], cpu_seconds=cpu_seconds() - start)
        RESULTS.mkdir(exist_ok=True)
        name = f"hull_seed{seed}{'_quick' if quick else ''}.json"  # never over a real run
        (RESULTS / name).write_text(json.dumps(result, indent=1))
        print(json.dumps({k: v for k, v in result.items() if k != "budget"}), flush=True)

    train_pointer(model, lambda: next(batches), budget["steps"], progress=False, on_step=save)
    return result


def load() -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(RESULTS.glob("hull_seed*.json"))]


def percent(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def report_lines(runs: list[dict]) -> list[str]:
    rows = []
    for run in runs:
        status = "finished" if run["finished"] else f"cut short at step {run['steps_done']}"
        for n, s in run.get("scores", {}).items():
            rows.append(
                f"| {run['seed']} | {n} | {percent(s['accuracy'])} | {percent(s['coverage'])} | "
                f"{percent(s['valid'])} | {PAPER.get(int(n), '-')} | {status}, "
                f"{run['cpu_seconds'] / 60:.1f} CPU min |"
            )
    return rows


def write_report() -> None:
    runs = [r for r in load() if not r.get("quick")] or load()
    b = runs[0]["budget"] if runs else BUDGET
    lines = [
        "# Long runs, chapter 06 (pointer networks)",
        "",
        "Command (one torch thread; a run per seed S, then the report). Runs not listed were",
        "not made: the table holds every run that wrote a result, finished or not.",
        "`python -m benchmarks.long.pointer_networks hull --seed S`,",
        "`python -m benchmarks.long.pointer_networks report`",
        "(or `python -m benchmarks.long.pointer_networks all`).",
        "",
        f"Recipe: LSTM encoder and decoder of {b['num_hiddens']} units, additive attention, "
        f"Linear(2->H) point embedding, learned END and start vectors, chosen points masked; "
        f"fresh hulls of {b['lengths'][0]}-{b['lengths'][1]} points each step (one n per "
        f"batch), batch {b['batch_size']}, {b['steps']} steps, Adam 2e-3 for half the steps "
        "then linear decay to 0, gradient norm clipped at 2. Test: 1,000 fresh instances "
        "per n, points uniform in the unit square, greedy decoding; area coverage averaged "
        "over the valid (simple-polygon) predictions.",
        "",
        "The paper's column is Vinyals et al. 2015, Table 1, Ptr-Net trained on n = 5-50:",
        "we train on 5-10 only, so n > 10 is generalisation beyond the training lengths.",
        "",
        "| seed | n | exact accuracy | area coverage | valid polygons | paper (accuracy) | run |",
        "|---|---|---|---|---|---|---|",
        *report_lines(runs),
        "",
    ]
    REPORT.write_text("\n".join(lines))
    print("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["hull", "report", "all"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="tiny budget: a smoke test")
    parser.add_argument("--every", type=int, default=5000, help="evaluate and save every k steps")
    args = parser.parse_args()
    if args.part in ("hull", "all"):
        budget = QUICK if args.quick else BUDGET
        hull_run(args.seed, budget, 20 if args.quick else args.every, args.quick)
    if args.part in ("report", "all"):
        write_report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
