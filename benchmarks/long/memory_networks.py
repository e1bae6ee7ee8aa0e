"""Chapter 04's long runs: MemN2N on bAbI task 2 and the NTM copy task over several seeds.

``python -m benchmarks.long.memory_networks all`` runs every seed of both parts, then the
report (about 4 minutes and 30 seconds of one-thread CPU per MemN2N and NTM seed). A part runs one
seed (``memn2n --seed S``, ``ntm --seed S``) and stores its result in
``benchmarks/long/results/memory_networks/``; ``report`` writes
``benchmarks/LONG_04_memory_networks.md`` from them, with the commands, the CPU times and the
papers' figures beside ours. ``--quick`` is a smoke test (see ``benchmarks.long``).
"""

import copy
import json
import sys
from pathlib import Path

import torch

import seqgen
from benchmarks.long import command_line, cpu_seconds, outputs
from seqgen import babi, ntm
from seqgen.memn2n import MemN2N, MemN2NConfig, error_rate, support_found, training_batches

NAME, CHAPTER = "memory_networks", "04_memory_networks"
PARTS = ["memn2n", "ntm"]
SEEDS = {"memn2n": [0, 1, 2, 3], "ntm": list(range(16))}


def memn2n_task2(seed: int, linear_steps: int, stages: int, stage_steps: int) -> dict:
    """3 hops, d=20, 10k questions (1k held out); linear start, then Adam 5e-3 halved every
    stage; the weights with the lowest validation error (checked every 1,000 steps) kept.

    Memory has ``MEMN2N_MEMORY`` slots, more than the 20 sentences of the longest story, so
    the random empty memories (10%) shift the oldest sentences instead of pushing them out.
    """
    gen = seqgen.setup(seed)
    examples = babi.generate(2, 10_000, seed=seed)
    val = babi.encode(examples[:1000], memory=MEMN2N_MEMORY)
    train = babi.encode(examples[1000:], memory=MEMN2N_MEMORY)
    test = babi.encode(babi.generate(2, 1000, seed=10_000 + seed), memory=MEMN2N_MEMORY)
    vocab = len(babi.vocabulary())
    model = MemN2N(MemN2NConfig(vocab, dim=20, hops=3, memory=MEMN2N_MEMORY))
    batches = training_batches(train, 32, gen, empty_rate=0.1)
    model.linear_start = True
    seqgen.fit(model, batches, linear_steps, lr=5e-3, progress=False)
    model.linear_start = False
    best = [2.0, None]

    def keep_best():
        if (score := error_rate(model, val)) <= best[0]:
            best[:] = [score, copy.deepcopy(model.state_dict())]

    for stage in range(stages):
        train_checking(model, batches, stage_steps, 5e-3 / 2**stage, keep_best)
    model.load_state_dict(best[1])
    _, every = support_found(model, test)
    recipe = {"memory": MEMN2N_MEMORY, "empty_rate": 0.1, "validation": 1000}
    return {"error": error_rate(model, test), "train_error": error_rate(model, train),
            "validation_error": best[0], "every_fact_found": every,
            "budget": [linear_steps, stages, stage_steps], "recipe": recipe}  # fmt: skip


def train_checking(model, batches, steps: int, lr: float, check, every: int = 1000) -> None:
    """A fresh Adam at ``lr`` for ``steps`` batches (each stage starts its moments anew),
    calling ``check()`` every ``every`` steps and at the end."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for step in range(1, steps + 1):
        model.train()
        x, y = next(batches)
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps:
            check()


def ntm_copy(seed: int, steps: int) -> dict:
    """The notebook's NTM recipe with a longer budget; converged = under 1 bit error per
    length-20 sequence (a fresh test batch), after stopping once three validation checks
    in a row have at most ``NTM_STOP`` bit errors, keeping the best checkpoint."""
    gen = seqgen.setup(seed)
    machine = ntm.NTM()
    history, checks = ntm.train_copy(
        machine, steps, gen, lr=NTM_LR, stop_below=NTM_STOP, progress=False
    )
    errors = ntm.bit_errors(machine, 20, generator=seqgen.make_generator(50_000 + seed))
    first = next((step for step, score in checks if score < 1.0), None)
    recipe = {"lr": NTM_LR, "stop_below": NTM_STOP, "max_steps": steps}
    return {"errors20": errors, "converged": errors < 1.0, "first_step_under_1": first,
            "steps": len(history.losses), "recipe": recipe}  # fmt: skip


def run_part(part: str, seed: int, quick: bool, results: Path) -> dict:
    """One seed of one part, timed in CPU seconds, stored as ``<part>_seed<S>.json``."""
    start = cpu_seconds()
    if part == "memn2n":
        result = memn2n_task2(seed, *((50, 1, 50) if quick else MEMN2N_BUDGET))
    else:
        result = ntm_copy(seed, 20 if quick else NTM_STEPS)
    result["cpu_seconds"] = cpu_seconds() - start
    result["seed"] = seed
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{part}_seed{seed}.json").write_text(json.dumps(result))
    print(part, result, flush=True)
    return result


def main() -> int:
    args = command_line(__doc__, PARTS).parse_args()
    results, report = outputs(NAME, CHAPTER, args)
    if args.part in PARTS:
        run_part(args.part, args.seed, args.quick, results)
    elif args.part == "all":
        for part in PARTS:
            for seed in SEEDS[part][:1] if args.quick else SEEDS[part]:
                run_part(part, seed, args.quick, results)
    write_report(results, report)
    return 0


MEMN2N_BUDGET = (3000, 6, 8000)  # linear-start steps, stages, steps per stage
MEMN2N_MEMORY = 25
NTM_STEPS = 3000  # twice the notebook's budget
NOTEBOOK_NTM_STEPS = 1500
NTM_LR, NTM_STOP = 1e-2, 0.5  # as in the notebook


def load(results: Path, part: str) -> list[dict]:
    runs = [json.loads(p.read_text()) for p in results.glob(f"{part}_seed*.json")]
    return sorted(runs, key=lambda run: (run["seed"], run.get("budget", [])))


def percent(values) -> str:
    return ", ".join(f"{v:.2%}" for v in values)


def write_report(results: Path, report: Path) -> None:
    mem, copies = load(results, "memn2n"), load(results, "ntm")
    errors = [r["error"] for r in mem]
    mem_seeds = [r["seed"] for r in mem]
    bits = ", ".join(f"{r['errors20']:.2f}" for r in copies)
    # The notebook runs this recipe with the same seeding, stopping at NOTEBOOK_NTM_STEPS.
    in_notebook = [r for r in copies if r["converged"] and r["steps"] < NOTEBOOK_NTM_STEPS]
    lines = [
        "# Long runs, chapter 04 (memory networks)",
        "",
        "Commands (one torch thread each): `python -m benchmarks.long.memory_networks all`",
        f"(MemN2N seeds {SEEDS['memn2n']}, NTM seeds {SEEDS['ntm']}, then this report), or one",
        "run per seed S, `python -m benchmarks.long.memory_networks memn2n --seed S` (or `ntm`),",
        "then `python -m benchmarks.long.memory_networks report`. Runs not listed were not",
        "made: the table holds every run that finished.",
        "",
        "| target | ours, per seed | summary | paper |",
        "|---|---|---|---|",
        f"| bAbI task 2 test error, MemN2N 3 hops, 10k questions (seeds {mem_seeds}) | "
        f"{percent(errors)} | {sum(e <= 0.01 for e in errors)}/{len(errors)} runs at most 1%, "
        f"worst {max(errors, default=float('nan')):.2%} | "
        "0.3% (Sukhbaatar et al. 2015, 10k, PE LS RN) |",
        "| task 2: every supporting fact is some hop's focus | "
        f"{percent(r['every_fact_found'] for r in mem)} | | |",
        f"| NTM copy, bit errors per length-20 sequence, trained on 1-10 (seeds "
        f"{[r['seed'] for r in copies]}) | {bits} | "
        f"{sum(r['converged'] for r in copies)}/{len(copies)} seeds under 1 bit; "
        f"{len(in_notebook)}/{len(copies)} stopped within the notebook's budget of "
        f"{NOTEBOOK_NTM_STEPS} steps | generalises far beyond training lengths (Graves et "
        "al. 2014) |",
        "",
        "MemN2N: d=20, position and temporal encoding, adjacent tying, linear start, 10% random "
        f"empty memories, memory of {MEMN2N_MEMORY} slots (so no empty memory pushes a story's "
        "oldest sentence out), 9,000 training and 1,000 validation questions, Adam 5e-3 halved "
        "each stage, batch 32, the weights with the lowest validation error kept (checked every "
        "1,000 steps). Schedule as [linear-start steps, stages, steps per stage]: "
        f"{[r['budget'] for r in mem]}; validation error "
        f"{percent(r['validation_error'] for r in mem)}; "
        f"training error {percent(r['train_error'] for r in mem)}; CPU seconds per seed "
        f"{[round(r['cpu_seconds']) for r in mem]}.",
        "",
        f"NTM: the notebook's recipe (Adam {NTM_LR:g}, stop once 3 validation checks in a row have "
        f"at most {NTM_STOP} wrong bits, best checkpoint kept) with up to {NTM_STEPS} steps; "
        "tested on 100 fresh length-20 sequences. Steps run per seed "
        f"{[r['steps'] for r in copies]}; first validation check under 1 bit per seed "
        f"{[r['first_step_under_1'] for r in copies]}; CPU seconds per seed "
        f"{[round(r['cpu_seconds']) for r in copies]}.",
        "",
        *earlier_runs(results / "earlier"),
    ]
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines))
    print("\n".join(lines))


def earlier_runs(folder: Path) -> list[str]:
    """Runs of the recipes these replaced, kept so the report says what changed and why."""
    mem, copies = load(folder, "memn2n"), load(folder, "ntm")
    if not (mem or copies):
        return []
    return [
        "Earlier recipes (results in `results/memory_networks/earlier/`): MemN2N with a "
        "20-slot memory, all 10,000 questions for training and no validation: test error "
        f"{percent(r['error'] for r in mem)} for schedules {[r.get('budget') for r in mem]}, "
        f"training error {percent(r['train_error'] for r in mem if 'train_error' in r)}. The "
        "likely cause of the gap, not a proven one: the random empty memories pushed the "
        "oldest sentences out of the 20 slots, and with them a supporting fact of 0.6% of "
        "the training questions each epoch (measured), so those questions lost their answer; "
        "the 25-slot memory and the validation stop together are what changed. Scratch runs of "
        "seed 0 with the same schedule, made with a scratch script (so not in the table): "
        "with a 20-slot memory the validation stop alone gave 1.6% test error (0.9% on "
        "validation); with 25 slots, 0.6% (171 and 213 CPU s). NTM with Adam 3e-3 "
        "and no early stop, 3,000 steps: bit errors at length 20 "
        f"{[round(r['errors20'], 2) for r in copies]} (seeds {[r['seed'] for r in copies]}).",
        "",
    ]


if __name__ == "__main__":
    sys.exit(main())
