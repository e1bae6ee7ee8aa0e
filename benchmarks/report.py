"""Write ``benchmarks/REPORT.md`` from the result files, one table for every notebook.

The report is a pure function of ``benchmarks/results/*.json`` and the notebooks on disk:
rows sorted by path, the budget beside each worst-run CPU time, a mark on every notebook
over budget and on every notebook never benched, then each metric's spread over the seeds.
"""

import statistics

BUDGETS = {"book": 60, "solutions": 20}  # one-thread CPU seconds (DESIGN.md)
MIGRATED = "†"  # aggregates copied from an earlier hand-written report, no per-seed values


def budget_of(notebook: str) -> int:
    return BUDGETS[notebook.split("/")[0]]


def summary(result: dict) -> dict:
    """Worst CPU, largest wall time and memory, errors and metric spreads of one result."""
    if "summary" in result:  # migrated: only the aggregates survived
        return result["summary"]
    runs = result["runs"]
    cpu = [r["cpu_seconds"] for r in runs if r["cpu_seconds"] is not None]
    return {
        "cpu_seconds_worst": max(cpu) if cpu and len(cpu) == len(runs) else None,
        "seconds_max": max((r["seconds"] for r in runs if r["seconds"] is not None), default=None),
        "peak_mib_max": max(
            (r["peak_mib"] for r in runs if r["peak_mib"] is not None), default=None
        ),
        "runs": len(runs),
        "errors": [f"seed {r['seed']}: {r['error']}" for r in runs if r["error"]],
        "metrics": metric_spreads(runs),
    }


def metric_spreads(runs: list[dict]) -> list[dict]:
    """Each metric's values per seed (None where a run did not report it), mean, min, max."""
    names = list(dict.fromkeys(m["name"] for r in runs for m in r["metrics"]))
    spreads = []
    for name in names:
        per_run = [next((m for m in r["metrics"] if m["name"] == name), None) for r in runs]
        values = [m["value"] for m in per_run if m is not None]
        paper = next((m.get("paper") for m in per_run if m is not None and m.get("paper")), None)
        spreads.append({
            "name": name, "mean": statistics.fmean(values), "min": min(values),
            "max": max(values), "paper": paper,
            "values": [None if m is None else m["value"] for m in per_run],
        })  # fmt: skip
    return spreads


def number(value, digits: str = ".4g") -> str:
    return "-" if value is None else format(value, digits)


def within_budget(notebook: str, cpu: float | None) -> str:
    if cpu is None:
        return "**unknown** (a run failed)"
    return "yes" if cpu <= budget_of(notebook) else "**NO, over budget**"


def notebook_row(notebook: str, result: dict | None) -> str:
    """The main table's line of one notebook; a notebook never benched says so."""
    if result is None:
        return f"| {notebook} | **never benched** | - | - | {budget_of(notebook)} | - | - | - | - |"
    s = summary(result)
    date = result["date"] + (f" {MIGRATED}" if "summary" in result else "")
    seeds = ",".join(map(str, result["seeds"]))
    passing = f"{result['runs_passing']}/{s['runs']}"
    return (
        f"| {notebook} | {date} | {seeds} | {number(s['cpu_seconds_worst'], '')} "
        f"| {budget_of(notebook)} | {within_budget(notebook, s['cpu_seconds_worst'])} "
        f"| {number(s['seconds_max'], '')} | {number(s['peak_mib_max'], '')} | {passing} |"
    )


def metric_rows(notebook: str, result: dict) -> list[str]:
    rows = []
    for m in summary(result)["metrics"]:
        per_seed = ", ".join(number(v) for v in m.get("values", [])) or f"not kept {MIGRATED}"
        rows.append(
            f"| {notebook} | {m['name']} | {number(m['mean'])} | {number(m['min'])} "
            f"| {number(m['max'])} | {per_seed} | {m.get('paper') or ''} |"
        )
    return rows


HEADER = [
    "# Benchmark report",
    "",
    "Written by `python -m benchmarks.run` from `benchmarks/results/*.json`, one file per "
    "notebook (`python -m benchmarks.run PATH...` benches the named notebooks, `--report` "
    "only rewrites this page, `make bench` benches every notebook). Each notebook ran alone, "
    "from a cold kernel, once per seed (`SEQGEN_SEED`, see `benchmarks/seeds.py`), torch at "
    "one thread. **CPU s** is the user+system time of the worst run, the budget's measure; "
    "wall time varies up to 3.5x between identical runs on a shared machine. *Runs passing* "
    "counts the runs in which every assertion of the notebook held. "
    f"{MIGRATED} marks a result copied from the hand-written report of an earlier session: "
    "only its worst CPU time and the mean [min, max] of its metrics were kept, not the "
    "per-seed values; its date is that report's.",
    "",
]


def notebook_table(notebooks: list[str], found: dict[str, dict]) -> list[str]:
    lines = [
        "| notebook | benched | seeds | CPU s | budget s | within budget | wall s | peak MiB "
        "| runs passing |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    return lines + [notebook_row(nb, found.get(nb)) for nb in notebooks]


def failure_lines(found: dict[str, dict]) -> list[str]:
    failures = [f"- {nb}, {err}" for nb, r in found.items() for err in summary(r)["errors"]]
    return ["", "## Failed runs", "", *(failures or ["None."])]


def metric_table(found: dict[str, dict]) -> list[str]:
    lines = [
        "",
        "## Metrics over the seeds",
        "",
        "Every figure a notebook reports with `seqgen.report_metric`, per seed in the order "
        "of the *seeds* column.",
        "",
        "| notebook | metric | mean | min | max | per seed | paper |",
        "|---|---|---|---|---|---|---|",
    ]
    return lines + [row for nb, r in found.items() for row in metric_rows(nb, r)]


def isolation_lines(isolation: dict | None) -> list[str]:
    if isolation is None:
        return []
    return ["", "## Isolation overhead per submission", "", isolation["note"],
            f"Measured {isolation['date']}.", "", *isolation["table"]]  # fmt: skip


def render(notebooks: list[str], found: dict[str, dict], isolation: dict | None = None) -> str:
    """The whole report: every notebook on disk and every result, sorted by path."""
    everything = sorted(set(notebooks) | set(found))
    gone = [nb for nb in sorted(found) if nb not in notebooks]
    ordered = {nb: found[nb] for nb in everything if nb in found}
    lines = HEADER + notebook_table([nb for nb in everything if nb not in gone], ordered)
    if gone:
        lines += ["", "Results kept for notebooks that no longer exist: " + ", ".join(gone)]
    lines += failure_lines(ordered) + metric_table(ordered) + isolation_lines(isolation)
    return "\n".join(lines) + "\n"
