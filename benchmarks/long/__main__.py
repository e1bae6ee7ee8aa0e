"""``python -m benchmarks.long [--quick] [--out DIR] [NAME ...]``: every long run, then reports.

Runs ``python -m benchmarks.long.<name> all`` for every module of this package (or the
named ones), each in its own process, one after the other; a failing module does not stop
the others, and the exit status says whether all of them finished.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.long import BENCHMARKS, modules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="modules to run (default: all of them)")
    parser.add_argument("--quick", action="store_true", help="tiny budgets: a smoke test")
    parser.add_argument("--out", type=Path, help="write results and reports here instead")
    parser.add_argument("--list", action="store_true", help="print the modules and stop")
    args = parser.parse_args(argv)
    known = modules()
    unknown = sorted(set(args.names) - set(known))
    if unknown:
        parser.error(f"no long-run module {unknown}; known: {known}")
    if args.list:
        print("\n".join(known))
        return 0
    if args.quick and args.out is None:
        args.out = Path(tempfile.mkdtemp(prefix="long-quick-"))
    flags = ["--quick"] * args.quick + (["--out", str(args.out)] if args.out else [])
    failed = []
    for name in args.names or known:
        print(f"== benchmarks.long.{name} all {' '.join(flags)}", flush=True)
        command = [sys.executable, "-m", f"benchmarks.long.{name}", "all", *flags]
        done = subprocess.run(command, cwd=BENCHMARKS.parent)
        if done.returncode != 0:
            failed.append(name)
    if args.out:
        print(f"results and reports in {args.out}")
    if failed:
        print(f"failed: {failed}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
