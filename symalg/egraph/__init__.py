"""Equality saturation: e-graphs, rewrites, runners and extraction.

Examples
--------
>>> from symalg.egraph import EGraph, Rewrite, Runner, parse_term
>>> eg = EGraph()
>>> root = eg.add_term(parse_term("(* (+ a b) 1)"))
>>> rules = [Rewrite("mul-1", "(* ?a 1)", "?a"), Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)")]
>>> Runner(eg, rules).run().stop_reason
'saturated'
>>> eg.equiv(parse_term("(+ b a)"), root)
True
"""

from __future__ import annotations

from symalg.egraph._analysis import Analysis, ConstantFolding
from symalg.egraph._calibrate import calibrate_cost_model
from symalg.egraph._cost import (
    CostModel,
    herbie_costs,
    load_cost_model,
    op_count,
    symbolics_cycles,
)
from symalg.egraph._dag import DagExtraction, extract_dag
from symalg.egraph._egraph import EGraph
from symalg.egraph._errors import ConstantConflictError, RewriteError
from symalg.egraph._extract import extract, extract_k_best
from symalg.egraph._optimizer import (
    Optimized,
    egraph_optimizer,
    optimize_exprs,
    simplify_for_evaluation,
)
from symalg.egraph._pattern import Pattern
from symalg.egraph._rewrite import Rewrite, birewrite, distinct, is_const, is_not_zero, is_sym
from symalg.egraph._runner import (
    BackoffScheduler,
    Iteration,
    Report,
    Runner,
    Scheduler,
    SimpleScheduler,
)
from symalg.egraph._sympy import sympy_to_term, term_to_sympy
from symalg.egraph._term import Term, format_term, parse_term

__all__ = [
    "Analysis",
    "BackoffScheduler",
    "ConstantConflictError",
    "ConstantFolding",
    "CostModel",
    "DagExtraction",
    "EGraph",
    "Iteration",
    "Optimized",
    "Pattern",
    "Report",
    "Rewrite",
    "RewriteError",
    "Runner",
    "Scheduler",
    "SimpleScheduler",
    "Term",
    "birewrite",
    "calibrate_cost_model",
    "distinct",
    "egraph_optimizer",
    "extract",
    "extract_dag",
    "extract_k_best",
    "herbie_costs",
    "load_cost_model",
    "op_count",
    "optimize_exprs",
    "symbolics_cycles",
    "format_term",
    "is_const",
    "is_not_zero",
    "is_sym",
    "parse_term",
    "simplify_for_evaluation",
    "sympy_to_term",
    "term_to_sympy",
]
