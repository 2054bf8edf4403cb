"""Store.transaction is the one way to write: a savepoint inside another transaction undoes its
own block on an error and leaves the rest of the outer transaction to commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.documents import Document
from annotator.store import open_project


def test_a_failed_savepoint_block_leaves_the_outer_transaction_whole(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.db") as store:
        with store.transaction():
            store.add_document(Document(text="First article."))
            with pytest.raises(RuntimeError), store.transaction(savepoint="second"):
                store.add_document(Document(text="Second article."))
                raise RuntimeError("the second file failed")
            store.add_document(Document(text="Third article."))
        texts = [store.document(i).text for i in store.document_ids()]
        assert texts == ["First article.", "Third article."]


def test_a_failed_outer_transaction_keeps_nothing(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            with store.transaction(savepoint="inner"):
                store.add_document(Document(text="First article."))
            raise RuntimeError("the project failed")
        assert store.document_ids() == []
        assert not store.conn.in_transaction
