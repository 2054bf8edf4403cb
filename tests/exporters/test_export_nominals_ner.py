"""The NER exports (JSONL spans, spaCy, CoNLL, doccano) write names only; `--nominals` adds nominal mentions.

The events project's "officials" is an accepted nominal mention filling the Source of the
accepted ATTACK "struck"; every other accepted span is a name.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.store import Store

OFFICIALS = ("officials", "PERSON")


def _entities(fmt: str, out: Path) -> set[tuple[str, str]]:
    """(text, label) of every entity the written file holds."""
    if fmt == "jsonl":
        (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
        return {(s["text"], s["label"]) for s in record["spans"]}
    if fmt == "doccano":
        (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
        return {(record["text"][s:e], label) for s, e, label in record["label"]}
    if fmt == "conll":
        found, words, label = set(), [], None
        for line in [*out.read_text(encoding="utf-8").splitlines(), ""]:
            tag = line.split(" ")[-1] if line and not line.startswith("-DOCSTART-") else "O"
            if words and not tag.startswith("I-"):
                found.add((" ".join(words), label))
                words = []
            if tag.startswith("B-"):
                words, label = [line.split(" ")[0]], tag[2:]
            elif tag.startswith("I-"):
                words.append(line.split(" ")[0])
        return found
    import spacy
    from spacy.tokens import DocBin

    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {(s.text, s.label_) for s in doc.spans["sc"]} >= ents
    return ents | {(s.text, s.label_) for s in doc.spans["sc"]}


@pytest.mark.parametrize("fmt", ["jsonl", "spacy", "conll", "doccano"])
def test_nominal_mentions_only_with_the_flag(project: Store, events_project: dict[str, int], tmp_path: Path,
                                             fmt: str) -> None:
    db = project.path
    project.close()
    default, nominals = tmp_path / f"default.{fmt}", tmp_path / f"nominals.{fmt}"
    assert main(["export", str(db), str(default), "--format", fmt]) == 0
    assert main(["export", str(db), str(nominals), "--format", fmt, "--nominals"]) == 0
    names, everything = _entities(fmt, default), _entities(fmt, nominals)
    assert OFFICIALS not in names and ("Zelensky", "PERSON") in names
    assert everything == names | {OFFICIALS}


def test_jsonl_marks_the_kind_and_keeps_the_nominal_filler_of_events(project: Store, events_project: dict[str, int],
                                                                     tmp_path: Path) -> None:
    db = project.path
    project.close()
    out = tmp_path / "labels.jsonl"
    assert main(["export", str(db), str(out)]) == 0
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert {s["kind"] for s in record["spans"]} == {"name"}
    attack = next(e for e in record["events"] if e["trigger"]["text"] == "struck")
    source = next(a for a in attack["arguments"] if a["role"] == "Source")
    assert (source["text"], source["label"], source["kind"]) == ("officials", "PERSON", "nominal")
    assert source["span_id"] == f"s{events_project['officials']}"
    assert main(["export", str(db), str(out), "--nominals"]) == 0
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    officials = next(s for s in record["spans"] if s["id"] == source["span_id"])
    assert (officials["text"], officials["kind"]) == ("officials", "nominal")
