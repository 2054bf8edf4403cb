"""`oneie` and `brat` write nominal mentions as entity mentions of their label, marked as nominal, with or
without `--nominals`."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.store import Store


@pytest.mark.parametrize("flag", [[], ["--nominals"]])
def test_oneie_mention_type_is_the_kind(project: Store, events_project: dict[str, int], tmp_path: Path,
                                        flag: list[str]) -> None:
    db = project.path
    project.close()
    out = tmp_path / "events.oneie.jsonl"
    assert main(["export", str(db), str(out), "--format", "oneie", *flag]) == 0
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    mentions = {m["text"]: m for line in lines for m in line["entity_mentions"]}
    assert (mentions["officials"]["entity_type"], mentions["officials"]["mention_type"]) == ("PERSON", "NOM")
    assert {m["mention_type"] for text, m in mentions.items() if text != "officials"} == {"NAM"}
    struck = next(e for line in lines for e in line["event_mentions"] if e["trigger"]["text"] == "struck")
    assert ("Source", "officials") in {(a["role"], a["text"]) for a in struck["arguments"]}


@pytest.mark.parametrize("flag", [[], ["--nominals"]])
def test_brat_marks_nominal_mentions(project: Store, events_project: dict[str, int], tmp_path: Path,
                                     flag: list[str]) -> None:
    db = project.path
    project.close()
    out = tmp_path / "brat"
    assert main(["export", str(db), str(out), "--format", "brat", *flag]) == 0
    (ann,) = [p.read_text(encoding="utf-8") for p in out.glob("*.ann")]
    lines = [line.split("\t") for line in ann.splitlines()]
    officials = next(ident for ident, *rest in lines if rest and rest[-1] == "officials")
    assert next(rest[0] for ident, *rest in lines if ident == officials).startswith("PERSON ")
    nominal = [rest[0] for ident, *rest in lines if ident.startswith("A") and rest[0].startswith("Nominal ")]
    assert nominal == [f"Nominal {officials}"]
    assert any(ident.startswith("E") and f"Source:{officials}" in rest[0] for ident, *rest in lines)
    assert "Nominal\tArg:<ENTITY>" in (out / "annotation.conf").read_text(encoding="utf-8")
