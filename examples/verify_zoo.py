"""The broken-component zoo: every bug is caught with its specific exception.

Run: python examples/verify_zoo.py
"""

from __future__ import annotations

from verification import zoo


def main() -> None:
    for case in zoo.broken_cases():
        err = case.assert_caught(seed=0)
        ce = err.report.counterexample
        where = f"g = {ce.element_type}" if ce is not None else err.report.message[:60]
        print(
            f"{case.name:<28} -> {type(err).__name__:<20} ({where}; "
            f"{err.report.n_examples} examples)"
        )


if __name__ == "__main__":
    main()
