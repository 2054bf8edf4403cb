"""A `--format spacy --split` export trains with `python -m spacy train` and gives a pipeline with the project's labels."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.cli import main
from annotator.store import Store
from export_data import add_labelled_documents


def test_spacy_train_reads_the_export(project: Store, tmp_path: Path) -> None:
    add_labelled_documents(project, 30, seed=2)
    labels = {r[0] for r in project.conn.execute("SELECT DISTINCT label FROM spans WHERE status = 'accepted'")}
    db = project.path
    project.close()
    corpus = tmp_path / "corpus"
    assert main(["export", str(db), str(corpus), "--format", "spacy", "--split", "0.7,0.3", "--seed", "1"]) == 0
    assert sorted(p.name for p in corpus.iterdir() if not p.name.startswith(".")) == ["dev.spacy", "train.spacy"]
    config = tmp_path / "config.cfg"
    subprocess.run([sys.executable, "-m", "spacy", "init", "config", "-l", "en", "-p", "ner", "-o", "efficiency",
                    "-F", str(config)], check=True, capture_output=True)
    trained = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(config), "--output", str(tmp_path / "model"),
         "--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "dev.spacy"),
         "--training.max_steps", "12", "--training.eval_frequency", "6", "--gpu-id", "-1"],
        capture_output=True, text=True,
    )
    assert trained.returncode == 0, trained.stderr[-2000:]
    import spacy

    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert set(nlp.get_pipe("ner").labels) == labels
