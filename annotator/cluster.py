"""Pre-annotation on a Dask distributed cluster: workers suggest, only this process writes the project.

``annotator preannotate P.db --scheduler ADDRESS`` sends batches of pending documents to the
workers of a Dask scheduler (``tcp://host:8786``), or of a ``LocalCluster`` of N worker processes
on this machine (``local:N``, listening on 127.0.0.1 only). Each worker loads the spaCy model once,
by name (:func:`annotator.preannotate.load_model`, the same lookup as a local run), and computes
each batch with :func:`annotator.preannotate.suggest_documents`, the very function the local run
uses, so both give the same suggestions. The client stores the batches in document order, one
transaction each (:meth:`Store.store_suggestions`), keeps a bounded number of batches in flight,
and on a stop or Ctrl+C submits no more, cancels the rest and stores what has come back: the
next run picks up the documents still pending, as after a local run.

Dask is optional (``pip install -e ".[cluster]"``) and imported only here, on first use.
"""

from __future__ import annotations

import logging
import signal
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from annotator.errors import AnnotatorError
from annotator.learned_ids import LearnedIds
from annotator.memory import Lessons
from annotator.preannotate.actors import ActorIndex
from annotator.preannotate import PreannotateReport, Progress, Suggester, Suggestions, load_model, suggest_documents
from annotator.schema import Schema
from annotator.store import Store

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

INSTALL_HINT = 'Pre-annotation on a cluster needs Dask: pip install -e ".[cluster]"'
LOCAL_PREFIX = "local:"


class ClusterError(AnnotatorError, RuntimeError):
    """The cluster cannot be used (Dask missing, scheduler unreachable, no workers); one line for the user."""


@dataclass(frozen=True)
class Recipe:
    """What a worker needs to suggest as this machine would: the model's name, the schema, the memory,
    the actor lists and the learned ids.

    Plain data (the schema as its dict, the lessons as their phrases, the actor lists as their
    name index, the learned ids as phrase -> ids), sent to each worker once per run; ``key`` tells
    the worker's cached :class:`Suggester` of one run from another's.
    """

    model: str | None
    schema: dict[str, Any]
    best: dict[str, str]
    rejected: tuple[tuple[str, str], ...]
    key: str
    actors: ActorIndex | None = None  # the project's actor lists, by name (None: it has none)
    learned_ids: LearnedIds | None = None  # what choosing ids taught

    @classmethod
    def of(cls, store: Store, model: str | None) -> Recipe:
        """The recipe for ``store``'s pending documents: its schema, actor lists and the lessons in force now."""
        lessons = Lessons.load(store)
        return cls(model=model, schema=store.schema.to_dict(), best=dict(lessons.best),
                   rejected=tuple(sorted(lessons.rejected)), key=uuid.uuid4().hex,
                   actors=ActorIndex.load(store), learned_ids=LearnedIds.load(store) or None)


# -- on a worker --------------------------------------------------------------------------------
_MODELS: dict[str | None, Language] = {}  # the models this worker process loaded, by name
_SUGGESTERS: dict[str, Suggester] = {}  # this run's suggester (rules and memory compiled once)
# One batch at a time per worker process: a memory zone frees strings that a second thread
# parsing with the same pipeline would still use (start workers with --nthreads 1).
_WORKER_LOCK = threading.Lock()


def _suggester(recipe: Recipe) -> Suggester:
    suggester = _SUGGESTERS.get(recipe.key)
    if suggester is None:
        nlp = _MODELS.get(recipe.model)
        if nlp is None:
            nlp = _MODELS[recipe.model] = load_model(recipe.model)
        lessons = Lessons(best=dict(recipe.best), rejected=set(recipe.rejected))
        suggester = Suggester(nlp, Schema.from_dict(recipe.schema), memory=lessons, actors=recipe.actors,
                              learned_ids=recipe.learned_ids)
        _SUGGESTERS.clear()  # only the latest run's: a long-lived worker serves many runs
        _SUGGESTERS[recipe.key] = suggester
    return suggester


def suggest_batch(rows: list[tuple[int, str]], recipe: Recipe, batch_size: int) -> tuple[str, list[Suggestions]]:
    """A Dask task: (model id, suggestions) for a batch of (doc_id, text), computed as locally."""
    with _WORKER_LOCK:
        suggester = _suggester(recipe)
        return suggester.model, list(suggest_documents(suggester, rows, batch_size=batch_size))


# -- on the client ------------------------------------------------------------------------------
def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError(INSTALL_HINT) from exc
    return distributed


def local_workers(scheduler: str) -> int | None:
    """N for ``local:N`` (a LocalCluster of N workers), None for a scheduler's address."""
    if not scheduler.startswith(LOCAL_PREFIX):
        return None
    count = scheduler[len(LOCAL_PREFIX):]
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"--scheduler {scheduler} is neither local:N (N workers, at least 1) nor an address")
    return int(count)


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Worker processes started inside ignore SIGINT: Ctrl+C reaches the whole process group, and
    only this process should handle it (stop, store what came back, then close the cluster)
    rather than each worker dying with a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the spawned processes
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def connect(scheduler: str, *, timeout: float = 10.0) -> Iterator[Client]:
    """A Dask client on ``scheduler`` (``local:N`` starts and at the end closes a LocalCluster on 127.0.0.1).

    Raises ClusterError when Dask is missing, the scheduler cannot be reached within ``timeout``
    seconds, or no worker joins it within that time.
    """
    distributed = _distributed()
    workers = local_workers(scheduler)
    cluster = None
    try:
        if workers is not None:
            # Processes, one thread each: spaCy holds the GIL. Loopback only, the HTTP port too (any free one).
            with _workers_ignore_ctrl_c():
                cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
            client = distributed.Client(cluster, timeout=timeout)
        else:
            client = distributed.Client(scheduler, timeout=timeout)
    except (OSError, ValueError, TypeError) as exc:  # refused, timed out, not an address
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"Cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"The Dask scheduler {scheduler} has no worker; start one with "
                               f"`dask worker {scheduler}`") from exc
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _batches(rows: Iterable[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def preannotate_on_cluster(
    store: Store,
    client: Client,
    *,
    model: str | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    window: int = 0,
) -> PreannotateReport:
    """Pre-annotate the pending documents on the Dask cluster of ``client`` (see :func:`connect`).

    The same suggestions and guarantees as :func:`annotator.preannotate.preannotate`. At most ``window`` batches (default: twice the cluster's threads) are out at once, so memory
    stays flat however many documents wait. Batches are stored in document order, each in one
    transaction, and ``progress(done, total)`` is called after each. When ``should_stop()`` turns
    true after a stored batch (or on Ctrl+C) nothing more is submitted, the batches still out are
    cancelled and those already back are stored.
    """
    total = store.count_pending_preannotation()
    report = PreannotateReport()
    if total == 0:
        return report
    recipe = Recipe.of(store, model)
    distributed = _distributed()
    shared = client.scatter(recipe, broadcast=True, hash=False)  # once per worker, not per task
    window = window or 2 * max(1, sum(client.nthreads().values()))
    batches = _batches(store.pending_preannotation(), batch_size)
    out: dict[Any, int] = {}  # future -> batch number
    back: dict[int, tuple[str, list[Suggestions]]] = {}  # came back, waiting for the batches before
    completed = distributed.as_completed()
    submitted = written = 0

    def submit() -> bool:
        nonlocal submitted
        rows = next(batches, None)
        if rows is None:
            return False
        future = client.submit(suggest_batch, rows, shared, batch_size, pure=False,
                               key=f"preannotate-{recipe.key}-{submitted}")
        out[future] = submitted
        completed.add(future)
        submitted += 1
        return True

    def write(model_id: str, results: list[Suggestions]) -> None:
        if report.model and model_id != report.model:
            raise ClusterError(f"The workers run different models ({report.model} and {model_id}); "
                               "install the same model on every worker")
        report.model = model_id
        report.add(store.store_suggestions(results, model=model_id), len(results))
        if progress is not None:
            progress(report.documents, total)

    def keep_what_came_back() -> None:
        for future in [f for f in out if f.status == "finished"]:
            back[out.pop(future)] = future.result()
        client.cancel(list(out))
        out.clear()
        for number in sorted(back):
            write(*back.pop(number))

    while len(out) < window and submit():
        pass
    try:
        for future in completed:
            if future not in out:  # cancelled below
                continue
            back[out.pop(future)] = future.result()  # a worker's error is raised here
            stopped = False
            while written in back:
                write(*back.pop(written))
                written += 1
                if should_stop is not None and should_stop():
                    stopped = True
                    break
            if stopped:
                keep_what_came_back()
                break
            while len(out) + len(back) < window and submit():
                pass
    except KeyboardInterrupt:
        keep_what_came_back()
        raise
    finally:
        client.cancel(list(out))
    return report
