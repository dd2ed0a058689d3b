"""Scale out: compiled kernels, campaigns and model-space searches on Dask or locally.

Every job runs on an *executor*: :class:`LocalExecutor` (this process, or a pool of local
processes; the default) or :class:`DaskExecutor` (a ``dask.distributed`` cluster, passed in
as a client or address, or a ``LocalCluster`` started for you). Dask is an optional extra
(``pip install symalg[dask]``); everything here works without it except what needs Dask by
definition (Dask arrays, the Dask executor), which then says how to install it.

* :func:`dask_kernel` applies a compiled kernel (and its Jacobian) chunk by chunk to Dask
  arrays; workers rebuild the kernel from its spec and reuse the cached generated module.
* :func:`run_campaign` / :func:`stream_campaign` run a grid of tasks (claims x seeds x
  dtypes, see :func:`campaign_grid`) and stream the results back; ``symalg verify
  --scheduler`` is built on them.
* :func:`search_models` analyses every mixed graph on n vertices (identifiability and
  low-degree vanishing ideals) into a JSON-lines file that a rerun resumes from.

Examples
--------
>>> from symalg.parallel import get_executor, run_campaign
>>> run_campaign(len, ["a", "bb", "ccc"], scheduler=get_executor("local"))
[1, 2, 3]
"""

from __future__ import annotations

from symalg.codegen import DaskJacobianKernel, DaskKernel, dask_kernel
from symalg.parallel._campaign import CampaignTask, campaign_grid, run_campaign, stream_campaign
from symalg.parallel._executor import (
    DaskExecutor,
    Executor,
    LocalExecutor,
    get_executor,
    has_dask,
)
from symalg.parallel._search import (
    SearchSummary,
    analyse_graph,
    nonisomorphic_mixed_graphs,
    read_search,
    search_models,
)

__all__ = [
    "Executor",
    "LocalExecutor",
    "DaskExecutor",
    "get_executor",
    "has_dask",
    "dask_kernel",
    "DaskKernel",
    "DaskJacobianKernel",
    "CampaignTask",
    "campaign_grid",
    "stream_campaign",
    "run_campaign",
    "nonisomorphic_mixed_graphs",
    "analyse_graph",
    "search_models",
    "read_search",
    "SearchSummary",
]
