"""Entity confidences from a beam search over spaCy's NER, one sentence at a time.

Prodigy's ``ner.teach`` scores entities by spaCy's beam: the probability of an entity is the
share of the beam's parses that contain it. spaCy's own ``beam_parse`` adds up the raw action
scores of a model trained greedily, which lets odd parses win (a sixteen-token PERSON); here
each step's scores are first turned into log-probabilities (log-softmax), so a parse's score is
its log-likelihood and the beam's parses are weighted by their probability. Sentences are
searched separately: a beam of a few parses per sentence covers that sentence's real choices,
where one beam over a long document could only spread over a handful of them.

The best parse of each sentence's beam is also the entities pre-annotation suggests (on news
development sets it is as good as the greedy parse or slightly better); docs parsed with the
greedy NER keep their entities and only get scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BEAM_WIDTH = 4  # parses kept per sentence; see bench/quality.py for what wider beams cost
TEMPERATURE = 1.0  # step scores are divided by this before the softmax (> 1: less sure)
SCORES_KEY = "annotator_entity_scores"  # Doc.user_data key: {(start_char, end_char, label): p}

EntityScores = dict[tuple[int, int, str], float]


class EntityScorer:
    """Beam-searched entities and their probabilities for one pipeline's NER component."""

    def __init__(self, nlp: Language, width: int = BEAM_WIDTH, component: str = "ner",
                 temperature: float = TEMPERATURE) -> None:
        self.ner: Any = nlp.get_pipe(component)  # spaCy's EntityRecognizer (its beam internals are untyped)
        self.component = component
        self.width = width
        self.temperature = temperature

    def _beams(self, docs: Sequence[Doc]) -> list[Any]:
        """Beams over ``docs`` (which must carry no entity annotation) with log-softmax steps."""
        import numpy
        from spacy.pipeline._parser_internals._beam_utils import BeamBatch

        ner = self.ner
        ner._ensure_labels_are_added(docs)
        batch = BeamBatch(ner.moves, ner.moves.init_batch(docs), None, self.width, density=0.0)
        model = ner.model.predict(docs)
        try:
            while not batch.is_done:
                states = batch.get_unfinished_states()
                if not states:
                    break
                scores = model.predict(states) / self.temperature
                scores = scores - scores.max(axis=1, keepdims=True)
                scores = scores - numpy.log(numpy.exp(scores).sum(axis=1, keepdims=True))
                batch.advance(numpy.ascontiguousarray(scores, dtype="float32"))
        finally:
            model.clear_memory()
        return list(batch)

    def _search(self, docs: Sequence[Doc]) -> list[tuple[list[tuple[int, int, str]], EntityScores]]:
        """Per doc: the best parse's entities (token offsets) and every entity's probability (char offsets)."""
        units: list[tuple[int, int, Doc]] = []  # (doc index, first token, sentence as a doc)
        for number, doc in enumerate(docs):
            if len(doc) == 0:
                continue
            sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
            for sent in sentences:
                sub = sent.as_doc()
                sub.set_ents([], default="missing")
                units.append((number, sent.start, sub))
        results: list[tuple[list[tuple[int, int, str]], EntityScores]] = [([], {}) for _ in docs]
        step = 64
        for first in range(0, len(units), step):
            chunk = units[first:first + step]
            beams = self._beams([sub for _, _, sub in chunk])
            for (number, offset, sub), beam in zip(chunk, beams):
                doc = docs[number]
                best, scores = results[number]
                parses = self.ner.moves.get_beam_parses(beam)
                if parses:
                    top = max(parses, key=lambda p: p[0])[1]
                    best.extend((offset + s, offset + e, label) for s, e, label in top)
                for prob, ents in parses:
                    for s, e, label in ents:
                        key = (doc[offset + s].idx, doc[offset + e - 1].idx + len(doc[offset + e - 1]), label)
                        scores[key] = scores.get(key, 0.0) + prob
        return results

    def annotate(self, docs: Iterable[Doc]) -> list[Doc]:
        """Set each doc's entities to the beam's best parse and store every entity's probability.

        For docs parsed without this NER component (``nlp.pipe(..., disable=["ner"])``).
        """
        from spacy.util import filter_spans

        docs = list(docs)
        for doc, (best, scores) in zip(docs, self._search(docs)):
            ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=label) for s, e, label in best]
            doc.set_ents(filter_spans([ent for ent in ents if ent is not None]), default="outside")
            doc.user_data[SCORES_KEY] = {k: round(min(v, 1.0), 3) for k, v in scores.items()}
        return docs

    def score(self, docs: Iterable[Doc]) -> list[EntityScores]:
        """Probabilities for docs that already have entities (kept as they are), stored as in :meth:`annotate`."""
        docs = list(docs)
        todo = [doc for doc in docs if SCORES_KEY not in doc.user_data]
        for doc, (_, scores) in zip(todo, self._search(todo)):
            doc.user_data[SCORES_KEY] = {k: round(min(v, 1.0), 3) for k, v in scores.items()}
        return [doc.user_data[SCORES_KEY] for doc in docs]


def entity_scores(doc: Doc) -> EntityScores | None:
    """The probabilities :class:`EntityScorer` stored on ``doc``, if any."""
    return doc.user_data.get(SCORES_KEY)
