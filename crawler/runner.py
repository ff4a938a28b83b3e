"""The crawl runs of a pass (one source or several) in a child process.

Twisted's reactor cannot be restarted within a process, and a child bounds
memory, time and damage: the parent starts ``python -m faceleak.crawler.runner``
and kills it on timeout. The parent has already written the ``crawl_runs``
row; the child fills it in when the spider closes. A run row still marked
``running`` after the child exits means the child died, and the parent says so.

The database URL (with its password) goes to the child in its environment
(``FACELEAK_DB``), never in argv, which any local user can read with ``ps``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ChildOutcome:
    returncode: int | None  # None: killed on timeout
    timed_out: bool
    stderr_tail: str
    timeout_s: float = 0.0


DB_ENV = "FACELEAK_DB"
PARENT_ENV = "FACELEAK_DIE_WITH_PARENT"  # the parent's pid: the child dies when it dies
PR_SET_PDEATHSIG = 1


def child_command(
    *,
    config_path: Path | None,
    source: str | None = None,
    run_id: int | None = None,
    runs: list[tuple[str, int]] | None = None,
    concurrency: int = 1,
    verbose: bool = False,
) -> list[str]:
    """The child's argv: nothing secret in it. ``runs`` are ``(source, run_id)`` pairs crawled
    together, ``concurrency`` at once; ``source``/``run_id`` is the one-source form."""
    pairs = list(runs or []) + ([(source, run_id)] if source is not None else [])
    cmd = [sys.executable, "-m", "faceleak.crawler.runner"]
    for name, rid in pairs:
        cmd += ["--run", f"{name}={rid}"]
    cmd += ["--concurrency", str(concurrency)]
    if config_path is not None:
        cmd += ["--config", str(config_path)]
    if verbose:
        cmd.append("--verbose")
    return cmd


def child_env(db_url: str, *, die_with_parent: bool = False) -> dict[str, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", DB_ENV: db_url}
    env.pop(PARENT_ENV, None)
    if die_with_parent:
        env[PARENT_ENV] = str(os.getpid())
    return env


def die_with_parent() -> None:
    """In the child: be killed when the parent that asked for it dies (Linux).

    A distributed worker killed with -9 must not leave its crawl running: the pass is
    retaken by another worker after the lease, and two crawls of one source would race.
    The kernel's parent-death signal does it; checking the parent after arming it closes
    the window where the parent died first.
    """
    expected = os.environ.pop(PARENT_ENV, None)
    if not expected or not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != int(expected):
        os._exit(1)


def run_in_child(
    *,
    config_path: Path | None,
    db_url: str,
    timeout_s: float,
    source: str | None = None,
    run_id: int | None = None,
    runs: list[tuple[str, int]] | None = None,
    concurrency: int = 1,
    verbose: bool = False,
    die_with_parent: bool = False,
) -> ChildOutcome:
    """Run the sources' crawls in a fresh interpreter; never raises for the child's failures."""
    cmd = child_command(config_path=config_path, source=source, run_id=run_id, runs=runs,
                        concurrency=concurrency, verbose=verbose)
    with tempfile.TemporaryFile(mode="w+b") as err:
        # a new session: Ctrl-C meant for the daemon must not kill a crawl half-way
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=child_env(db_url, die_with_parent=die_with_parent),
        )
        try:
            code: int | None = proc.wait(timeout=timeout_s)
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code, timed_out = None, True
        err.seek(0, os.SEEK_END)
        size = err.tell()
        err.seek(max(0, size - 4000))
        tail = err.read().decode("utf-8", "replace")
    if verbose and tail:
        sys.stderr.write(tail)
    return ChildOutcome(returncode=code, timed_out=timed_out, stderr_tail=tail, timeout_s=timeout_s)


def _run_pair(value: str) -> tuple[str, int]:
    name, sep, rid = value.rpartition("=")
    if not sep or not rid.isdigit():
        raise argparse.ArgumentTypeError(f"expected SOURCE=RUN_ID, not {value!r}")
    return name, int(rid)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="faceleak.crawler.runner")
    parser.add_argument("--config")
    parser.add_argument("--db", help=f"database URL [default: ${DB_ENV}; prefer the env]")
    parser.add_argument("--run", type=_run_pair, action="append", default=[],
                        metavar="SOURCE=RUN_ID", help="a source and its run row (repeatable)")
    parser.add_argument("--source", help="one source (with --run-id)")
    parser.add_argument("--run-id", type=int)
    parser.add_argument("--concurrency", type=int, default=1, help="sources crawled at once")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    die_with_parent()
    db_url = args.db or os.environ.get(DB_ENV)
    if not db_url:
        parser.error(f"no database: set ${DB_ENV}")
    runs = list(args.run)
    if args.source is not None:
        if args.run_id is None:
            parser.error("--source needs --run-id")
        runs.append((args.source, args.run_id))
    if not runs:
        parser.error("nothing to crawl: give --run SOURCE=RUN_ID")

    from faceleak.config import load_config
    from faceleak.crawler.together import crawl_together

    app = load_config(Path(args.config) if args.config else None)
    crawl_together(app, [(app.source(name), rid) for name, rid in runs], db_url,
                   concurrency=args.concurrency,
                   log_level="INFO" if args.verbose else "WARNING")
    return 0


if __name__ == "__main__":
    sys.exit(main())
