"""Place names get their GeoNames id: on the seed article and the samples, every city, country and
continent GeoNames has gets the right one; namesakes are told apart by population, the article's
countries and a qualifier ("Paris, Texas"); pre-annotation stores the ids with the suggestions."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.documents import Span
from annotator.importers import import_paths
from annotator.preannotate import preannotate
from annotator.preannotate.linking import link_places, place_by_id
from annotator.store import open_project
from place_links import linked

DATA = Path(__file__).parents[1] / "data"
SAMPLES = Path(__file__).parents[2] / "resources" / "samples"
# (text, gold place spans with their kb_id): the seed article's entity gold, and each sample's places
CASES = [(DATA / "kyiv-strike.txt", DATA / "kyiv-strike.gold.jsonl")] + [
    (path, DATA / f"{path.stem}.places.gold.jsonl") for path in sorted(SAMPLES.glob("*.txt"))]
# Names the gold gives no id that get one (a city's id where the region or the Gaza Strip is meant,
# a Kyiv district taken for Kropyvnytskyi's); a regression bound, not a goal.
KNOWN_FALSE_IDS = 8


def _gold(path: Path) -> list[dict[str, object]]:
    records = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    return [r for r in records if r["label"] in ("GPE", "LOC")]


def test_gold_ids_point_at_their_places() -> None:
    for text_path, gold_path in CASES:
        text = text_path.read_text(encoding="utf-8")
        records = _gold(gold_path)
        assert records, gold_path
        for r in records:
            assert text[r["start"]:r["end"]] == r["text"], r  # type: ignore[misc]
            assert "kb_id" in r, r
            assert r["kb_id"] is None or place_by_id(str(r["kb_id"])) is not None, r


def test_every_place_geonames_has_gets_its_id() -> None:
    right = wrong = missed = false_ids = total = 0
    for text_path, gold_path in CASES:
        text = text_path.read_text(encoding="utf-8")
        records = _gold(gold_path)
        spans = [Span(int(r["start"]), int(r["end"]), str(r["label"])) for r in records]  # type: ignore[call-overload]
        for r, found in zip(records, link_places(text, spans)):
            if r["kb_id"] is None:
                false_ids += found.kb_id is not None
                continue
            total += 1
            if found.kb_id == r["kb_id"]:
                right += 1
            elif found.kb_id is None:
                missed += 1
            else:
                wrong += 1
    summary = f"right {right}/{total}, wrong {wrong}, missed {missed}, ids where gold has none {false_ids}"
    assert right == total, summary
    assert false_ids <= KNOWN_FALSE_IDS, summary


def test_namesakes() -> None:
    assert linked("Paris is in France.", "Paris", "France")["Paris"] == "geonames:2988507"
    assert linked("Police in Paris, Texas said the storm passed.", "Paris", "Texas")["Paris"] == "geonames:4717560"
    # no qualifier: the article's other places are in the United States
    texts = linked("Flooding hit Paris overnight; Dallas and Houston were spared.", "Paris", "Dallas", "Houston")
    assert texts["Paris"] == "geonames:4717560"
    assert linked("Talks in Washington and Moscow.", "Washington", "Moscow") == {
        "Washington": "geonames:4140963", "Moscow": "geonames:524901"}  # D.C., not the state; Russia's Moscow
    assert linked("the Kursk region", "Kursk")["Kursk"] is None  # the region, which the gazetteer lacks


def test_a_span_that_has_an_id_keeps_it() -> None:
    (span,) = link_places("Paris", [Span(0, 5, "GPE", kb_id="wikidata:Q90")])
    assert (span.kb_id, span.kb_score) == ("wikidata:Q90", None)
    (span,) = link_places("Paris", [Span(0, 5, "PERSON")])
    assert span.kb_id is None


@pytest.mark.model
def test_preannotation_stores_place_ids_on_the_seed_article(tmp_path: Path) -> None:
    text_path, gold_path = CASES[0]
    gold = {(r["start"], r["end"]): r["kb_id"] for r in _gold(gold_path) if r["kb_id"]}
    with open_project(tmp_path / "project.db") as store:
        import_paths(store, [text_path])
        preannotate(store)
        (doc_id,) = store.document_ids()
        spans = {(s.start, s.end): s for s in store.spans(doc_id)}
    found = [(key, spans[key]) for key in gold if key in spans]
    assert len(found) >= 0.9 * len(gold)
    assert all(span.kb_id == gold[key] and 0 < (span.kb_score or 0) <= 1 for key, span in found), found
