"""A project whose token boundaries are stored exports exactly what one that re-tokenises exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import token_store
from annotator.documents import Document, Span
from annotator.exporters.jsonl import ExportOptions, export_jsonl, records
from annotator.exporters.token_json import tokens_json
from annotator.store import Store
from annotator.tokens import tokenize

TEXTS = [
    '  "Quoted," she said\\n\tthen \u2028left \U0001f600 caf\u00e9 \x01 end. ',
    "Kyiv\r\n\r\nOdesa  and   Kharkiv.",
    " ",
    "x",
]
EVERYTHING = ExportOptions(status="any", suggestions=True)


def _stored(project: Store) -> int:
    with project.transaction():
        ids = list(project.document_ids())
        return project.store_missing_tokens(ids)


def test_stored_tokens_export_the_same_bytes(project: Store, events_project: dict[str, int], tmp_path: Path) -> None:
    with project.transaction():
        for text in TEXTS:
            project.add_document(Document(text))
    assert project.conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] == 0
    export_jsonl(project, tmp_path / "computed.jsonl", EVERYTHING)
    assert _stored(project) == 2 + len(TEXTS)
    export_jsonl(project, tmp_path / "stored.jsonl", EVERYTHING)
    computed = (tmp_path / "computed.jsonl").read_bytes()
    assert (tmp_path / "stored.jsonl").read_bytes() == computed
    # ... and both are the records the per-document reader gives, as orjson writes them.
    assert computed == b"".join(orjson.dumps(r) + b"\n" for r in records(project, EVERYTHING))
    assert [orjson.loads(line)["text"] for line in computed.splitlines()][-len(TEXTS):] == TEXTS


def test_imported_labelled_documents_get_their_tokens(project: Store) -> None:
    with project.transaction():
        plain = project.import_document(Document("Kyiv was hit.")).doc_id
        labelled = project.import_document(Document("Odesa was hit.", status="done", spans=[
            Span(0, 5, "GPE", origin="import", status="accepted")])).doc_id
    stored = {r[0] for r in project.conn.execute("SELECT doc_id FROM tokens")}
    assert stored == {labelled}  # plain text is tokenised when exported, so imports stay fast
    assert project.stored_tokens(labelled) == token_store.compute("Odesa was hit.")


def test_preannotated_documents_get_their_tokens(project: Store) -> None:
    with project.transaction():
        doc = project.add_document(Document("Kyiv was hit.")).doc_id
        other = project.add_document(Document("Odesa was hit.")).doc_id
    project.store_suggestions([(doc, [Span(0, 4, "GPE")])], model="test")
    assert [r[0] for r in project.conn.execute("SELECT doc_id FROM tokens")] == [doc]
    with project.transaction():
        project.conn.execute("DELETE FROM documents WHERE id = ?", (doc,))
    assert project.conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] == 0  # they go with the document
    assert project.stored_tokens(other) is None  # never pre-annotated: nothing stored


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_packed_tokens_and_their_json_match_spacy(text: str) -> None:
    computed = token_store.compute(text)
    stored = token_store.unpack(token_store.pack(computed))
    assert stored == computed
    assert stored.tokens(keep_space=True) == tokenize(text, keep_space=True)
    assert stored.tokens() == tokenize(text)
    expected = [{"text": text[t.start:t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
                for i, t in enumerate(tokenize(text, keep_space=True))]
    assert tokens_json(text, stored) == orjson.dumps(expected)


def test_export_with_stored_tokens_loads_no_spacy(project: Store, tmp_path: Path) -> None:
    with project.transaction():
        project.add_document(Document(TEXTS[1]))
    _stored(project)
    script = ("import sys\nfrom annotator.exporters import ExportOptions, export\n"
              "from annotator.store import open_project\n"
              f"with open_project({str(project.path)!r}, create=False) as store:\n"
              f"    export(store, 'jsonl', {str(tmp_path / 'out.jsonl')!r}, ExportOptions(status='any'))\n"
              "print('spacy' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert orjson.loads((tmp_path / "out.jsonl").read_bytes())["text"] == TEXTS[1]


def test_long_tokens_and_long_texts_give_the_same_json() -> None:
    for text in ("a" * 5000 + ' "' + "\u00e9" * 3000 + "\n", "Kyiv was hit. " * 10_000):
        stored = token_store.unpack(token_store.pack(token_store.compute(text)))
        assert stored is not None
        expected = [{"text": text[t.start:t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
                    for i, t in enumerate(tokenize(text, keep_space=True))]
        assert tokens_json(text, stored) == orjson.dumps(expected)
