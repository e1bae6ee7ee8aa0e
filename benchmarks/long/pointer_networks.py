"""Chapter 06's long run: a pointer network on convex hulls of 5-10 points, against the paper.

``hull --seed S`` trains one seed (LSTM encoder and decoder of 128 units, batch 256, 30k
steps, Adam 2e-3 then linear decay to 0; about 30 minutes of one-thread CPU) on fresh
hulls of 5 to 10 points and tests it on 1,000 fresh instances per n, as Vinyals et al.
2015 do (exact-sequence accuracy and area coverage). A finished run stores
``results/pointer_networks/hull_seed{S}.json``; while it runs it evaluates every ``--every``
steps into ``progress_hull_seed{S}.json``, so a run cut short still says how far it got.
``report`` writes ``benchmarks/LONG_06_pointer_networks.md``; ``all [--quick]`` runs the
seeds of ``SEEDS`` then the report (``--quick`` is a smoke test, written elsewhere).
"""

import json
import sys
from pathlib import Path

import seqgen
from benchmarks.long import command_line, cpu_seconds, outputs
from seqgen import geometry
from seqgen.pointer import (
    PointerConfig,
    PointerNetwork,
    hull_metrics,
    mixed_length_batches,
    train_pointer,
)

NAME, CHAPTER, SEEDS = "pointer_networks", "06_pointer_networks", (0,)
BUDGET = {"num_hiddens": 128, "batch_size": 256, "steps": 30_000, "lengths": [5, 10]}
QUICK = {"num_hiddens": 16, "batch_size": 16, "steps": 40, "lengths": [5, 10]}
TEST_N = (5, 10, 15, 20, 30, 50)
PAPER = {5: "92.0%", 10: "87.0%", 50: "69.6%"}  # Ptr-Net trained on n = 5-50, Table 1


def evaluate(model, seed: int, sizes=TEST_N, count: int = 1000) -> dict:
    """Exact accuracy, area coverage and valid fraction on ``count`` fresh hulls per n."""
    scores = {}
    for n in sizes:
        points, targets = geometry.hull_batch(count, n, seqgen.make_generator(70_000 + seed + n))
        scores[str(n)] = hull_metrics(model, points, targets)
    return scores


def hull_run(seed: int, quick: bool, results: Path, every: int) -> dict:
    """Train one seed; record progress every ``every`` steps, the result at the end."""
    gen, start = seqgen.setup(seed), cpu_seconds()
    budget, count = (QUICK, 100) if quick else (BUDGET, 1000)
    H, low, high = budget["num_hiddens"], *budget["lengths"]
    model = PointerNetwork(PointerConfig(num_hiddens=H, attn_size=H))
    lengths = range(low, high + 1)
    batches = mixed_length_batches(geometry.hull_batch, budget["batch_size"], lengths, gen)
    result = {"seed": seed, "budget": budget, "test_count": count}
    results.mkdir(parents=True, exist_ok=True)

    def save(step: int) -> None:
        finished = step == budget["steps"]
        if step % every and not finished:
            return
        scores = evaluate(model, seed, TEST_N if finished else (5, 10), count)
        result.update(steps_done=step, scores=scores, cpu_seconds=cpu_seconds() - start)
        name = f"hull_seed{seed}.json" if finished else f"progress_hull_seed{seed}.json"
        (results / name).write_text(json.dumps(result, indent=1))
        print(name, json.dumps({k: v for k, v in result.items() if k != "budget"}), flush=True)

    train_pointer(model, lambda: next(batches), budget["steps"], progress=False, on_step=save)
    (results / f"progress_hull_seed{seed}.json").unlink(missing_ok=True)  # it finished
    return result


def load(results: Path, prefix: str) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(results.glob(f"{prefix}_seed*.json"))]


def percent(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def table(runs: list[dict]) -> list[str]:
    """One row per finished run and test size n, with the paper's figure where it has one."""
    rows = []
    for run in runs:
        for n, s in run["scores"].items():
            rows.append(
                f"| {run['seed']} | {n} | {percent(s['accuracy'])} | {percent(s['coverage'])} | "
                f"{percent(s['valid'])} | {PAPER.get(int(n), '-')} | "
                f"{run['cpu_seconds'] / 60:.1f} |"
            )
    return rows


def unfinished(progress: list[dict]) -> list[str]:
    """Lines for runs that were cut short: how far they got, clearly not a result."""
    lines = []
    for run in progress:
        got = ", ".join(f"n={n}: {percent(s['accuracy'])}" for n, s in run["scores"].items())
        lines.append(
            f"- seed {run['seed']} did not finish: its last check, at step {run['steps_done']} "
            f"of {run['budget']['steps']} ({run['cpu_seconds'] / 60:.1f} CPU min, before the "
            f"learning-rate decay had finished), scored {got} exact. Not a result."
        )
    return lines


def write_report(results: Path, report: Path) -> None:
    runs, progress = load(results, "hull"), load(results, "progress_hull")
    b = runs[0]["budget"] if runs else BUDGET
    lines = [
        "# Long runs, chapter 06 (pointer networks)",
        "",
        f"Commands (one torch thread): `python -m benchmarks.long.{NAME} all` (seeds {SEEDS},",
        f"then this report), or one run per seed S, `python -m benchmarks.long.{NAME} hull",
        f"--seed S`, then `python -m benchmarks.long.{NAME} report`. Runs not listed were not",
        "made: the table holds every run that finished.",
        "",
        f"Recipe: LSTM encoder and decoder of {b['num_hiddens']} units, additive attention, "
        "Linear(2->H) point embedding, learned END and start vectors, chosen points masked; "
        f"fresh hulls of {b['lengths'][0]}-{b['lengths'][1]} points every step (one n per "
        f"batch), batch {b['batch_size']}, {b['steps']} steps, Adam 2e-3 for half the steps "
        "then linear decay to 0, gradient norm clipped at 2. Test: fresh instances per n "
        "(1,000 in a full run), points uniform in the unit square, greedy decoding; area "
        "coverage averaged over the valid (simple-polygon) predictions.",
        "",
        "The paper's column is Vinyals et al. 2015, Table 1, Ptr-Net trained on n = 5-50; we",
        "train on 5-10 only, so every n > 10 is beyond the training lengths.",
        "",
        "| seed | n | exact accuracy | area coverage | valid polygons | paper (exact) | CPU min |",
        "|---|---|---|---|---|---|---|",
        *table(runs),
        "",
        *unfinished(progress),
        "",
    ]
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines))
    print("\n".join(lines))


def main() -> int:
    parser = command_line(__doc__, ["hull"])
    parser.add_argument("--every", type=int, default=2000, help="check progress every k steps")
    args = parser.parse_args()
    results, report = outputs(NAME, CHAPTER, args)
    every = 20 if args.quick else args.every
    if args.part == "hull":
        hull_run(args.seed, args.quick, results, every)
    elif args.part == "all":
        for seed in SEEDS:
            hull_run(seed, args.quick, results, every)
    write_report(results, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
