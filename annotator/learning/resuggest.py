"""Re-suggest the documents nobody has reviewed with the project's model in use.

Each document is re-suggested in one transaction (:meth:`Store.replace_suggestions`): its
untouched suggestions go, the new model's come in, and every decision a person made stays. A run
that is stopped or killed leaves each document either as it was or re-suggested whole; the next
run picks up the documents whose suggestions still come from another model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from annotator.preannotate import project_suggester, suggest_documents

if TYPE_CHECKING:
    from spacy.language import Language

    from annotator.store import Store

Progress = Callable[[int, int], None]
# Project setting: true from a change of the model in use until no document is left to re-suggest, so
# the app can finish a re-suggestion that was cut short when it opens the project again.
RESUGGESTING = "resuggesting"


def begin(store: Store) -> None:
    """Note that the model in use changed (or is re-suggesting): documents may be left to redo."""
    store.set_setting(RESUGGESTING, True)


def finish(store: Store, model: str, only_from: Sequence[str] | None) -> None:
    """Clear the note once no document is left to re-suggest (a stopped or killed run leaves it)."""
    if store.count_to_resuggest(model, only_from=only_from) == 0:
        settled(store)


def settled(store: Store) -> None:
    """Clear the note: no document is left to re-suggest."""
    if store.get_setting(RESUGGESTING) is not None:
        store.set_setting(RESUGGESTING, None)


def resuggest(store: Store, nlp: Language, *, progress: Progress | None = None,
              should_stop: Callable[[], bool] | None = None, batch_size: int = 32,
              only_from: Sequence[str] | None = None) -> int:
    """Replace old-model suggestions in every unreviewed pre-annotated document (with ``only_from``:
    those whose suggestions come from one of these models); returns how many."""
    suggester = project_suggester(nlp, store)
    model = suggester.model
    total = store.count_to_resuggest(model, only_from=only_from)
    done = 0
    stopped = False
    begin(store)
    for doc_id, spans, events in suggest_documents(suggester, store.documents_to_resuggest(model, only_from=only_from),
                                                   batch_size=batch_size, stopped=lambda: stopped):
        if store.replace_suggestions(doc_id, spans, events, model=model):
            done += 1
        if progress is not None:
            progress(done, total)
        if should_stop is not None and should_stop():
            stopped = True
    finish(store, model, only_from)
    return done
