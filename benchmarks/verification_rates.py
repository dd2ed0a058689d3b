"""Detection rate on the broken-component zoo and false-alarm rate on correct components.

Runs every broken case of ``verification.zoo`` over ``--seeds`` seeded runs (caught = the
specific exception is raised within the default budget), and every claim of every built-in
component in float64 and float32 over the same seeds (false alarm = a claim that should hold
does not). Prints both tables and the totals.

    python benchmarks/verification_rates.py                 # 100 seeds, budget 100
    python benchmarks/verification_rates.py --seeds 10      # quick look
"""

from __future__ import annotations

import argparse
import json
import time

from symalg.nn import component_names, make_component
from verification import verify_claim, zoo


def detection(seeds: range, budget: int) -> list[dict]:
    rows = []
    for case in zoo.broken_cases():
        t0, caught, examples = time.perf_counter(), 0, 0
        for seed in seeds:
            try:
                err = case.assert_caught(seed=seed, max_examples=budget)
            except AssertionError:
                continue
            caught += 1
            examples += err.report.n_examples
        rows.append(
            {
                "case": case.name,
                "expected": case.expected.__name__,
                "caught": caught,
                "runs": len(seeds),
                "mean_examples": examples / max(caught, 1),
                "seconds_per_run": (time.perf_counter() - t0) / len(seeds),
            }
        )
        print(
            f"  {case.name:<28} {case.expected.__name__:<20} caught {caught:>3}/{len(seeds)}"
            f"  mean examples to failure {rows[-1]['mean_examples']:6.1f}"
            f"  {rows[-1]['seconds_per_run']:.2f} s/run",
            flush=True,
        )
    return rows


def false_alarms(seeds: range, budget: int, dtypes: tuple[str, ...]) -> list[dict]:
    rows = []
    for name in component_names():
        comp = make_component(name)
        for claim in comp.claims:
            for dtype in dtypes:
                t0, alarms, worst, degenerate = time.perf_counter(), [], 0.0, 0
                for seed in seeds:
                    r = verify_claim(comp, claim, max_examples=budget, dtype=dtype, seed=seed)
                    worst = max(worst, r.max_rel_error)
                    degenerate += r.n_degenerate
                    if not r.passed:
                        alarms.append(seed)
                rows.append(
                    {
                        "claim": f"{name}/{claim.name}",
                        "dtype": dtype,
                        "alarms": len(alarms),
                        "alarm_seeds": alarms,
                        "runs": len(seeds),
                        "max_rel_error": worst,
                        "rtol": r.rtol,
                        "degenerate_examples": degenerate,
                        "seconds_per_run": (time.perf_counter() - t0) / len(seeds),
                    }
                )
                print(
                    f"  {name + '/' + claim.name:<48} {dtype}  alarms {len(alarms):>3}/"
                    f"{len(seeds)}  max rel {worst:.2e} (rtol {r.rtol:.1e})"
                    f"  degenerate {degenerate}",
                    flush=True,
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=0, help="split a run over processes")
    parser.add_argument("--max-examples", type=int, default=100, help="the default budget")
    parser.add_argument("--part", choices=["all", "detection", "false-alarms"], default="all")
    parser.add_argument("--dtype", choices=["both", "float64", "float32"], default="both")
    parser.add_argument("--json", help="also write the tables as JSON")
    args = parser.parse_args()
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    dtypes = ("float64", "float32") if args.dtype == "both" else (args.dtype,)
    det, fa = [], []
    if args.part in ("all", "detection"):
        print(f"detection on the broken zoo ({args.seeds} seeds, budget {args.max_examples}):")
        det = detection(seeds, args.max_examples)
    if args.part in ("all", "false-alarms"):
        print(
            f"false alarms on correct components ({args.seeds} seeds, budget "
            f"{args.max_examples}, {' and '.join(dtypes)}):"
        )
        fa = false_alarms(seeds, args.max_examples, dtypes)
    print()
    if det:
        caught, runs = sum(r["caught"] for r in det), sum(r["runs"] for r in det)
        print(
            f"detection rate: {caught}/{runs} = {caught / runs:.4f}; worst case "
            f"{min(r['caught'] for r in det)}/{args.seeds}"
        )
    for dtype in dtypes if fa else ():
        sub = [r for r in fa if r["dtype"] == dtype]
        alarms, checks = sum(r["alarms"] for r in sub), sum(r["runs"] for r in sub)
        print(f"false-alarm rate {dtype}: {alarms}/{checks} = {alarms / checks:.4f}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"detection": det, "false_alarms": fa}, fh, indent=2)


if __name__ == "__main__":
    main()
