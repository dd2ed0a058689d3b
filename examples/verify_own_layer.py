"""Verify your own layer: an E(3)-invariant point-cloud layer, then a buggy variant.

Run: python examples/verify_own_layer.py
"""

from __future__ import annotations

import numpy as np

from verification import InvarianceError, assert_invariant, check_equivariance, groups, strategies

W = np.random.default_rng(0).standard_normal((4, 1))


def radial_features(x: np.ndarray) -> np.ndarray:
    """Distances to the centroid through a fixed tanh layer: E(3)-invariant."""
    r = np.linalg.norm(x - x.mean(axis=0), axis=1, keepdims=True)
    return np.tanh(r @ W.T).sum(axis=0)


def buggy(x: np.ndarray) -> np.ndarray:
    """Forgets to subtract the centroid: rotation- but not translation-invariant."""
    r = np.linalg.norm(x, axis=1, keepdims=True)
    return np.tanh(r @ W.T).sum(axis=0)


def main() -> None:
    report = check_equivariance(
        radial_features,
        group=groups.E3(),
        input_action="points",
        output_action="trivial",
        inputs=strategies.point_clouds(8),
        max_examples=100,
        seed=0,
    )
    print(report.summary())
    assert report.passed

    for dtype in ("float64", "float32"):
        r = check_equivariance(
            radial_features,
            group="E3",
            input_action="points",
            inputs=strategies.point_clouds(8),
            dtype=dtype,
            seed=0,
        )
        print(f"{dtype}: max relative error {r.max_rel_error:.2e} (tolerance {r.rtol:.1e})")

    try:
        assert_invariant(
            buggy, group="E3", input_action="points", inputs=strategies.point_clouds(8), seed=0
        )
    except InvarianceError as err:
        print("\nthe buggy layer is caught:\n" + str(err))
    else:
        raise SystemExit("the buggy layer was not caught")


if __name__ == "__main__":
    main()
