"""Run every benchmark in bench/ and print its figures beside its anchor.

Each ``bench/bench_<name>.py`` defines ``run(quick: bool) -> list[dict]``; a
result is ``{name, unit, ours, anchor, anchor_value, speedup|ratio, exact}``
measured side by side with its anchor in the same run.

    python bench/run.py --quick --json
    python bench/run.py --only extraction
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(only: list[str] | None) -> list[Path]:
    files = sorted(HERE.glob("bench_*.py"))
    if only:
        files = [f for f in files if f.stem.removeprefix("bench_") in only]
    return files


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="smaller inputs, for CI and a first look"
    )
    parser.add_argument("--json", action="store_true", help="print only a JSON list on stdout")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    args = parser.parse_args(argv)
    results: list[dict] = []
    failed = False
    for path in discover(args.only):
        started = time.perf_counter()
        print(f"running {path.stem} ...", file=sys.stderr)
        try:
            results.extend(load(path).run(quick=args.quick))
        except Exception:
            failed = True
            traceback.print_exc()
            results.append(
                {"name": path.stem.removeprefix("bench_"), "error": "failed, see stderr"}
            )
        print(f"  {path.stem}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for r in results:
            rel = r.get("speedup", r.get("ratio"))
            print(
                f"{r['name']:<28} ours={r.get('ours')} {r.get('unit', '')}  "
                f"anchor={r.get('anchor')}={r.get('anchor_value')}  x{rel}  exact={r.get('exact')}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
