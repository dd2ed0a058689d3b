"""The ``symalg verify`` subcommand: check every claim of every registered component."""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from symalg import InvalidArgumentError, InvalidTypeError
from symalg.nn import component_names, make_component
from symalg.parallel import get_executor
from verification import strategies
from verification._campaign import ClaimJob, TargetJob, claim_jobs, verify_campaign
from verification._report import Report

PROFILES = {"ci": 30, "dev": 100, "deep": 2000}

EPILOG = """exit status: 0 when every claim holds, 1 on a violation (or a broken representation, or
a component that raised), 2 on bad usage.

examples:
  symalg verify                                   # every claim of every built-in component
  symalg verify --component spe --profile ci --json spe.json
  symalg verify --target mypkg.layers:energy --group E3 --input-action points \\
                --output-action trivial --inputs "point_clouds(n_points=12)"
  symalg verify --dtype both --scheduler dask://scheduler.example.org:8786
"""


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``verify`` sub-parser to an argparse ``subparsers`` object.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="symalg")
    >>> _ = register(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["verify", "--component", "spe", "--profile", "ci"])
    >>> args.component, args.profile, callable(args.func)
    (['spe'], 'ci', True)
    """
    p = subparsers.add_parser(
        "verify",
        help="check the symmetry claims of neural components",
        description="Check symmetry claims with property-based tests and print a table.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--component",
        action="append",
        metavar="NAME",
        help="registered component to check (repeatable; default: all)",
    )
    p.add_argument("--claim", action="append", metavar="NAME", help="only this claim (repeatable)")
    p.add_argument("--list", action="store_true", help="list components and claims, then exit")
    p.add_argument("--target", metavar="MODULE:CALLABLE", help="check your own callable")
    p.add_argument("--group", help="group spec for --target, e.g. O3, E3, 'Permutations(5)'")
    p.add_argument("--input-action", default=None, help="input action for --target")
    p.add_argument("--output-action", default="trivial", help="output action for --target")
    p.add_argument("--inputs", help="input strategy for --target, e.g. 'point_clouds(n_points=8)'")
    p.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="dev",
        help="example budget: ci=30, dev=100, deep=2000 (default dev)",
    )
    p.add_argument("--max-examples", type=int, help="override the profile's budget")
    p.add_argument("--dtype", choices=["float64", "float32", "both"], default="float64")
    p.add_argument("--seed", type=int, help="make the run reproducible (ci defaults to 0)")
    p.add_argument("--json", metavar="PATH", help="write every report (and seeds) as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument(
        "--scheduler",
        default="local",
        metavar="SPEC",
        help="where the checks run: 'local' (default, this process), 'local:N' (N processes), "
        "'dask' (a new local Dask cluster) or 'dask://HOST:PORT' (a running Dask scheduler; "
        "needs pip install symalg[dask])",
    )
    p.set_defaults(func=run)
    return p


def _parse_inputs(text: str) -> Any:
    try:
        call = ast.parse(text.strip(), mode="eval").body
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
            raise ValueError
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except (SyntaxError, ValueError) as err:
        raise InvalidArgumentError(
            f"--inputs {text!r}: write a strategy call with literal arguments, e.g. "
            "'point_clouds(n_points=8)' or 'arrays(shape=(5, 3))'."
        ) from err
    if args:
        raise InvalidArgumentError(f"--inputs {text!r}: pass the arguments by keyword.")
    return strategies.from_spec(call.func.id, **kwargs)


def _default_inputs(action: str, dim: int) -> Any:
    if action in ("vectors", "points", "pseudovectors"):
        return strategies.point_clouds(8) if dim == 3 else strategies.arrays((8, dim))
    if action == "rows":
        return strategies.arrays((dim, 3))
    if action == "matrix":
        return strategies.square_matrices(dim)
    raise InvalidArgumentError(
        f"--target: no default inputs for input action {action!r}; give --inputs."
    )


def _load_target(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise InvalidArgumentError(f"--target {spec!r}: write it as module:callable.")
    try:
        obj: Any = importlib.import_module(module)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as err:
        raise InvalidArgumentError(f"--target {spec!r}: cannot import it ({err}).") from err
    if not callable(obj):
        raise InvalidTypeError(f"--target {spec!r} is not callable.")
    return obj


def _jobs(args: argparse.Namespace) -> list[tuple[str, str, ClaimJob | TargetJob]]:
    """(component label, claim label, picklable job(dtype, budget, seed) -> Report)."""
    if args.target:
        _load_target(args.target)
        if not args.group or not args.input_action:
            raise InvalidArgumentError("--target needs --group and --input-action.")
        job = TargetJob(
            args.target, args.group, args.input_action, args.output_action, args.inputs
        )
        job.build()  # validate here, before any worker sees it
        return [(args.target, f"{args.input_action}->{args.output_action}", job)]
    return [(j.component, j.claim, j) for j in claim_jobs(args.component, args.claim)]


def _progress(i: int, total: int, label: str, out: TextIO) -> None:
    width = 24
    done = int(width * i / total)
    end = "\r" if out.isatty() else "\n"
    out.write(f"[{'#' * done}{'.' * (width - done)}] {i}/{total} {label:<60.60}{end}")
    out.flush()


def _table(rows: list[tuple[str, str, Report]], out: TextIO) -> None:
    head = (
        "component",
        "group",
        "claim",
        "dtype",
        "examples",
        "degenerate",
        "max rel error",
        "tolerance",
        "verdict",
    )
    body = [
        (
            comp,
            r.group,
            claim,
            r.dtype,
            str(r.n_examples),
            str(r.n_degenerate),
            f"{r.max_rel_error:.2e}",
            f"{r.rtol:.1e}",
            r.status if r.passed else r.status.upper(),
        )
        for comp, claim, r in rows
    ]
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
    for line in (head, tuple("-" * w for w in widths), *body):
        out.write("  ".join(x.ljust(w) for x, w in zip(line, widths, strict=True)).rstrip() + "\n")


def run(args: argparse.Namespace) -> int:
    """Run ``symalg verify`` for parsed ``args``; return the exit status (0, 1 or 2)."""
    try:
        return _run(args)
    except (InvalidArgumentError, InvalidTypeError) as err:
        print(f"symalg verify: error: {err}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.list:
        for name in component_names():
            for c in make_component(name).claims:
                print(f"{name:<18} {c.name:<36} {c.group:<28} {c.kind}")
        return 0
    n = args.max_examples if args.max_examples is not None else PROFILES[args.profile]
    if n < 1:
        raise InvalidArgumentError(f"--max-examples={n} must be >= 1.")
    seed = 0 if args.seed is None and args.profile == "ci" else args.seed
    dtypes = ["float64", "float32"] if args.dtype == "both" else [args.dtype]
    jobs = _jobs(args)
    labels = {id(job): (comp, claim) for comp, claim, job in jobs}
    rows = _campaign(args, [job for _, _, job in jobs], labels, dtypes, n, seed)
    if not args.no_progress:
        _progress(len(rows), len(rows), "done", sys.stderr)
        if sys.stderr.isatty():
            sys.stderr.write("\n")
    _table(rows, sys.stdout)
    failed = [r for _, _, r in rows if not r.passed]
    for r in failed:
        print("\n" + r.summary())
    if args.json:
        payload = {
            "profile": args.profile,
            "max_examples": n,
            "seed": seed,
            "passed": not failed,
            "reports": [r.to_dict() for _, _, r in rows],
        }
        Path(args.json).write_text(json.dumps(payload, indent=2))
    print(f"\n{len(rows) - len(failed)} of {len(rows)} claims hold.")
    return 1 if failed else 0


def _campaign(
    args: argparse.Namespace,
    jobs: list[ClaimJob | TargetJob],
    labels: dict[int, tuple[str, str]],
    dtypes: list[str],
    n: int,
    seed: int | None,
) -> list[tuple[str, str, Report]]:
    """Run the jobs on ``--scheduler``, showing progress as reports stream back."""
    try:
        executor = get_executor(args.scheduler)
    except (OSError, TimeoutError) as err:
        raise InvalidArgumentError(
            f"--scheduler {args.scheduler!r}: cannot reach the scheduler ({err})."
        ) from err
    total = len(jobs) * len(dtypes)
    if not args.no_progress:
        _progress(0, total, f"{total} checks on {executor!r}", sys.stderr)

    def progress(done: int, total: int, task: Any, report: Report) -> None:
        if not args.no_progress:
            comp, claim = labels[id(task.item)]
            _progress(done, total, f"{comp}/{claim} ({task.dtype})", sys.stderr)

    try:
        pairs = verify_campaign(
            jobs, seeds=[seed], dtypes=dtypes, max_examples=n, scheduler=executor,
            on_result=progress,
        )  # fmt: skip
    finally:
        executor.close()
    return [(*labels[id(task.item)], report) for task, report in pairs]


def main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m verification [options]`` equals ``symalg verify``."""
    parser = argparse.ArgumentParser(prog="symalg")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["verify", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))
