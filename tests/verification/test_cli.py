from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

import pytest

from verification._cli import main, register


def test_register_adds_verify_with_a_callable_default() -> None:
    parser = argparse.ArgumentParser(prog="symalg")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["verify", "--component", "deepsets"])
    assert callable(args.func) and args.component == ["deepsets"]


def test_component_run_prints_table_writes_json_and_exits_0(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "r.json"
    code = main(
        [
            "--component",
            "deepsets",
            "--component",
            "monoid",
            "--profile",
            "ci",
            "--json",
            str(out),
            "--no-progress",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "component" in text and "verdict" in text and "permutation-invariance-5" in text
    assert "5 of 5 claims hold." in text
    data = json.loads(out.read_text())
    assert data["passed"] and data["seed"] == 0 and len(data["reports"]) == 5
    assert all(r["status"] == "holds" for r in data["reports"])


def test_progress_bar_goes_to_stderr(capsys) -> None:  # noqa: ANN001
    assert main(["--component", "deepsets", "--profile", "ci"]) == 0
    err = capsys.readouterr().err
    assert "[########################] 1/1 done" in err


def _write_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "my_layers.py").write_text(
        textwrap.dedent("""
        import numpy as np

        def radial(x):
            c = x - x.mean(axis=0)
            return np.linalg.norm(c, axis=1)

        def with_bias(x):
            return np.linalg.norm(x, axis=1)  # forgets to centre: not translation invariant
    """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("my_layers", None)


def test_target_that_holds_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # noqa: ANN001
    _write_module(tmp_path, monkeypatch)
    code = main(
        [
            "--target",
            "my_layers:radial",
            "--group",
            "E3",
            "--input-action",
            "points",
            "--inputs",
            "point_clouds(n_points=5)",
            "--profile",
            "ci",
            "--no-progress",
        ]
    )
    assert code == 0
    assert "my_layers:radial" in capsys.readouterr().out


def test_target_with_a_violation_exits_1_and_prints_the_counterexample(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # noqa: ANN001
) -> None:
    _write_module(tmp_path, monkeypatch)
    code = main(
        [
            "--target",
            "my_layers:with_bias",
            "--group",
            "E3",
            "--input-action",
            "points",
            "--profile",
            "ci",
            "--no-progress",
            "--dtype",
            "both",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "VIOLATION" in out and "counterexample: g =" in out and "translation" in out


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["--component", "nope"], "no component named 'nope'"),
        (["--target", "my_layers"], "write it as module:callable"),
        (
            ["--target", "no_such_module_xyz:f", "--group", "O3", "--input-action", "vectors"],
            "cannot import it",
        ),
        (["--target", "math:sqrt"], "--target needs --group and --input-action"),
        (
            ["--target", "math:sqrt", "--group", "O3", "--input-action", "trivial"],
            "no default inputs",
        ),
        (
            [
                "--target",
                "math:sqrt",
                "--group",
                "O3",
                "--input-action",
                "vectors",
                "--inputs",
                "x+1",
            ],
            "write a strategy call",
        ),
        (["--component", "deepsets", "--claim", "nothing"], "no claim matches"),
        (["--max-examples", "0"], "--max-examples=0 must be >= 1"),
    ],
)
def test_bad_usage_exits_2_with_a_one_line_message(argv: list[str], match: str, capsys) -> None:  # noqa: ANN001
    assert main([*argv, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symalg verify: error:") and match in err


def test_argparse_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["--profile", "huge"])
    assert info.value.code == 2


def test_list_shows_components_and_claims(capsys) -> None:  # noqa: ANN001
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "frame_averaging" in out and "e3-equivariance" in out and "monoid_laws" in out
