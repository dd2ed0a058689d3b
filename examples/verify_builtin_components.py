"""Check every claim of every built-in component (what `symalg verify --profile ci` does).

Run: python examples/verify_builtin_components.py
"""

from __future__ import annotations

from symalg.nn import component_names
from verification import verify_component


def main(max_examples: int = 30) -> int:
    failed = 0
    for name in component_names():
        for report in verify_component(name, max_examples=max_examples, seed=0):
            print(
                f"{report.name:<50} {report.group:<32} {report.max_rel_error:9.2e} {report.status}"
            )
            failed += not report.passed
    print(f"\n{failed} claim(s) failed")
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
