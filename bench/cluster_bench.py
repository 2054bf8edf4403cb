"""Pre-annotation on a Dask cluster vs on this machine: docs/s of `--scheduler local:2` and `--n-process 2`.

    python bench/run.py --only preannotate_cluster [--quick]
    python bench/cluster_bench.py [--quick]

Three figures on the same corpus (the sample articles repeated), with the same model and batch
size: plain ``nlp.pipe`` in one process (the baseline, parsing only), ``preannotate(n_process=2)``
and ``preannotate_on_cluster`` on a ``LocalCluster`` of two workers (entities, events and storage
included in both). The cluster is started and its workers' models loaded before the timed runs
(a cluster is started once and serves many runs); that start-up is reported apart as
``cluster_start_s``. ``--n-process 2`` pays its worker start-up in every run, as it does for a
user. ``ratio`` is the cluster's docs/s over the baseline's; on a 2-core machine neither road
can pass the baseline by much, the figures show what the cluster's overhead costs.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

BATCH = 32


def bench_cluster(quick: bool) -> dict[str, Any]:
    """docs/s: nlp.pipe (one process), preannotate --n-process 2, preannotate --scheduler local:2."""
    from run import corpus, model, new_project, repeats, timed

    from annotator.cluster import connect, preannotate_on_cluster
    from annotator.preannotate import model_id, preannotate

    n = 64 if quick else 320
    nlp = model()
    texts = corpus(n)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, connect("local:2", timeout=120) as client:
        folder = Path(tmp)
        with new_project(folder, texts[:4]) as warm:  # loads the model on both workers, compiles the rules
            preannotate_on_cluster(warm, client, batch_size=1)
        start_s = time.perf_counter() - started
        with new_project(folder, texts[:1]) as warm:
            preannotate(warm, nlp=nlp)

        def baseline() -> None:
            for _ in nlp.pipe(texts, batch_size=BATCH):
                pass

        times: dict[str, list[float]] = {"baseline": [], "n_process_2": [], "local_2": []}
        for run in range(repeats(quick)):
            order = ["baseline", "n_process_2", "local_2"]
            for name in order if run % 2 == 0 else order[::-1]:  # alternate, so warm caches favour none
                if name == "baseline":
                    times[name].append(timed(baseline))
                    continue
                with new_project(folder, texts) as store:  # importing is not timed
                    if name == "n_process_2":
                        seconds = timed(lambda: preannotate(store, nlp=nlp, batch_size=BATCH, n_process=2))
                    else:
                        seconds = timed(lambda: preannotate_on_cluster(store, client, batch_size=BATCH))
                    assert store.count_pending_preannotation() == 0
                times[name].append(seconds)
    rate = {name: n / min(ts) for name, ts in times.items()}
    return {
        "ratio": round(rate["local_2"] / rate["baseline"], 3),
        "docs": n,
        "batch_size": BATCH,
        "model": model_id(nlp),
        "baseline_docs_per_s": round(rate["baseline"], 2),
        "n_process_2_docs_per_s": round(rate["n_process_2"], 2),
        "local_2_docs_per_s": round(rate["local_2"], 2),
        "local_2_vs_n_process_2": round(rate["local_2"] / rate["n_process_2"], 3),
        "cluster_start_s": round(start_s, 2),
        "times_s": {name: [round(t, 3) for t in ts] for name, ts in times.items()},
    }


if __name__ == "__main__":
    print(json.dumps({"name": "preannotate_cluster", **bench_cluster("--quick" in sys.argv[1:])}), flush=True)
