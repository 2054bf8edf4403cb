"""Tab by confidence: the least confident suggestion first, then the next lowest, wrapping; Shift+Tab
the other way; after a decision the next one in the same order (issue 14)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from annotator.documents import Span
from annotator.doubt import step_by_confidence

SCORES = st.one_of(st.none(), st.floats(0, 1))


@st.composite
def suggestions(draw) -> list[Span]:
    n = draw(st.integers(1, 12))
    spans = []
    for span_id in range(1, n + 1):
        start = draw(st.integers(0, 40))
        status = draw(st.sampled_from(["suggested", "suggested", "accepted"]))
        spans.append(Span(start, start + draw(st.integers(1, 5)), "ORG", status=status, score=draw(SCORES),
                          id=span_id))
    spans.sort(key=lambda s: (s.start, -s.end))  # as the article lists them: in text order
    return spans


def _walk(spans: list[Span], step: int, times: int) -> list[Span]:
    seen, focused = [], None
    for _ in range(times):
        focused = step_by_confidence(spans, focused, step)
        assert focused is not None
        seen.append(focused)
    return seen


def _score(span: Span) -> float:
    return span.score if span.score is not None else 2.0


@given(suggestions())
def test_tab_visits_every_suggestion_lowest_score_first_then_wraps(spans):
    pending = [s for s in spans if s.status == "suggested"]
    if not pending:
        assert step_by_confidence(spans, None, 1) is None
        return
    seen = _walk(spans, 1, len(pending) + 1)
    assert {s.id for s in seen[:-1]} == {s.id for s in pending}  # each once
    assert [_score(s) for s in seen[:-1]] == sorted(_score(s) for s in pending)  # least confident first
    assert seen[-1] == seen[0]  # and round again


@given(suggestions())
def test_shift_tab_goes_the_other_way(spans):
    pending = [s for s in spans if s.status == "suggested"]
    if not pending:
        return
    forward = _walk(spans, 1, len(pending))
    assert _walk(spans, -1, len(pending)) == forward[::-1]
    for earlier, later in zip(forward, forward[1:]):
        assert step_by_confidence(spans, later, -1) == earlier


@given(suggestions())
def test_after_deciding_the_least_confident_the_next_least_confident(spans):
    pending = [s for s in spans if s.status == "suggested"]
    if len(pending) < 2:
        return
    first, second = _walk(spans, 1, 2)
    decided = [s if s.id != first.id else Span(s.start, s.end, s.label, status="accepted", score=s.score, id=s.id)
               for s in spans]
    assert step_by_confidence(decided, first, 1) == second
