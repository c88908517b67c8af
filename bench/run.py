"""Run every benchmark workload (``bench/w_*.py``) against one server and print the table.

    .venv/bin/python bench/run.py                       # all workloads, SQLite under var/bench-<port>
    .venv/bin/python bench/run.py hello bookings        # only w_hello.py and w_bookings.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipon_bench .venv/bin/python bench/run.py --port 8101

Each workload module exposes ``run(h) -> list[Result]``. The hello-world baseline is measured first, on the same
server, in the same run; every figure is printed beside it as a ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from harness import Harness, Result, table, to_json  # noqa: E402  (path set just above)


def discover(only: list[str]) -> list[tuple[str, ModuleType]]:
    modules = []
    for file in sorted(BENCH.glob("w_*.py")):
        name = file.stem[2:]
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location(f"bench_{name}", file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if not callable(getattr(module, "run", None)):
            print(f"[bench] {file.name} has no run(h): skipped", file=sys.stderr)
            continue
        modules.append((name, module))
    # the baseline workload first
    modules.sort(key=lambda item: item[0] != "hello")
    return modules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="workload names (w_<name>.py); default: all")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8100")))
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", "10")))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-setup", action="store_true", help="skip migrate/load_demo")
    parser.add_argument("--format", choices=("markdown", "text", "json"), default="markdown")
    args = parser.parse_args(argv)

    workloads = discover(args.only)
    if not workloads:
        print("no workloads found", file=sys.stderr)
        return 2
    failed: list[str] = []
    results: list[Result] = []
    harness = Harness(port=args.port, database_url=args.database_url, duration=args.duration,
                      connections=args.connections, workers=args.workers, setup=not args.no_setup)
    with harness as h:
        h.hello()  # the baseline every ratio refers to, measured first
        for name, module in workloads:
            try:
                module.run(h)
            except Exception:
                failed.append(name)
                traceback.print_exc()
        results = h.results
    if args.format == "json":
        print(to_json(results))
    else:
        print(f"\nserver: gunicorn, {args.workers} sync workers; wrk {args.connections} connections, "
              f"{args.duration:.0f}s per workload; database: {'PostgreSQL' if h.is_postgres else 'SQLite'}\n")
        print(table(results, markdown=args.format == "markdown"))
    if failed:
        print(f"\nworkloads that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
