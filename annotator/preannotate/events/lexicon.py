"""The event configuration compiled for one vocabulary: word lists as sets and hash keys, phrases as a ``Matcher``.

Compiling takes a while (a ``Matcher``, numpy arrays of string hashes), so it is done once per
loaded pipeline (:func:`annotator.preannotate.event_rules_for`) and shared by every document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from annotator.preannotate.events.config import EventConfig, Phrase, event_config

if TYPE_CHECKING:
    from spacy.vocab import Vocab


class Lexicon:
    """Event rules compiled for one vocabulary: lexicons as sets, phrases as a ``Matcher``."""

    def __init__(self, config: EventConfig, matcher: Any, phrase_info: dict[int, Phrase], vocab: Vocab) -> None:
        self.config = config
        self._matcher = matcher
        self._phrase_info = phrase_info
        self.scores = config.scores
        self.lemma_types: dict[str, dict[str, str]] = {"verb": {}, "noun": {}, "any": {}}
        for event_type, kinds in config.triggers.items():
            for kind, lemmas in kinds.items():
                for lemma in lemmas:
                    self.lemma_types[kind].setdefault(lemma, event_type)
        self.constraints = config.constraints
        self.blocking = config.blocking_labels
        self.light_nouns: dict[str, frozenset[str]] = {}
        self.light_verbs: dict[str, frozenset[str]] = {}
        for event_type, modes in config.light_verbs.items():
            self.light_nouns[event_type] = modes.noun
            self.light_verbs[event_type] = modes.verb
        self.lexicon: dict[str, str] = {}
        for label, words in config.lexicons.items():
            for word in words:
                self.lexicon.setdefault(word, label)
        names = config.common_role_names
        self.time_role = names.time
        self.place_role = names.place
        self.source_role = names.source
        classes = config.label_classes
        self.agent_labels = classes.agent
        self.person_labels = classes.person
        self.group_labels = classes.group
        self.people_noun_labels = classes.people_nouns
        self.place_labels = classes.place
        self.time_labels = classes.time
        self.weapon_label = classes.weapon
        self.count_label = classes.count
        self.number_words = config.number_words
        self.partitive_words = config.partitive_words
        self.time_words = config.time_words
        self.time_exclude = config.time_exclude_suffixes
        self.open_exclude = config.open_role_exclude
        self.mod = config.modality
        self.negation = config.negation.words
        self.denial = config.negation.denial_verbs
        self.source_verbs = config.source.verbs
        self.according = config.source.according
        pronouns = config.resolve_pronouns
        self.person_pronouns = pronouns.person
        self.group_pronouns = pronouns.group
        self.lookback = pronouns.lookback_sentences
        # Hash keys of every word worth a closer look, so a doc's tokens are screened as one
        # numpy array and Token objects are made only for candidates (pre-annotation speed).
        import numpy

        def keys(words: Iterable[str]) -> Any:
            variants = {v for w in words for v in (w, w.capitalize(), w.upper())}
            return numpy.array(sorted(vocab.strings.add(v) for v in variants), dtype="uint64")

        self.trigger_keys = keys(w for kind in self.lemma_types.values() for w in kind)
        self.source_keys = keys(self.source_verbs | self.according)
        self.time_keys = keys(self.time_words)

    @classmethod
    def build(cls, vocab: Vocab, config: EventConfig | None = None) -> Self:
        """Compile the phrase patterns of ``config`` (default: the shipped one) for ``vocab``."""
        from spacy.matcher import Matcher

        config = config if config is not None else event_config()
        matcher = Matcher(vocab)
        info: dict[int, Phrase] = {}
        for number, phrase in enumerate(config.phrases):
            key = f"EVENT_PHRASE_{number}"
            matcher.add(key, [list(phrase.pattern)])
            info[vocab.strings[key]] = phrase
        return cls(config, matcher, info, vocab)
