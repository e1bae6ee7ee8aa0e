"""Execute one notebook and print its CPU time, wall time and peak memory as JSON.

Run as ``python -m benchmarks.execute NOTEBOOK``: a process of its own, so the CPU time and
peak resident memory of its children (the kernel) belong to this notebook alone. CPU time
(user + system of the kernel) is the budget's measure: the machine is shared, so wall time
is inflated by whatever else runs, while one thread's CPU time is not.
"""

import json
import re
import resource
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(path: str) -> int:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except Exception as err:  # any cell error: report it in the table, keep benchmarking
        last_line = re.sub(r"\x1b\[[0-9;]*m", "", str(err).strip().splitlines()[-1])  # no colours
        error = f"{type(err).__name__}: {last_line[:200]}"
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "seconds": round(seconds, 1),
        "peak_mib": round(usage.ru_maxrss / 1024),
        "error": error,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
