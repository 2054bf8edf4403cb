"""The model learns while the analyst works: train on done documents, adopt if not worse, re-suggest.

- :mod:`.loop`: when a new model is due, training it (with :mod:`annotator.training`), judging it
  against the model in use on documents held back for good, storing and recording it;
- :mod:`.resuggest`: replacing the suggestions of documents nobody has reviewed with the model
  in use's, one transaction per document, never touching a person's decision.
"""

from annotator.learning.loop import (
    Fitted, LearnOptions, LearnReport, due_documents, fit_model, held_out_split, is_due, learn, load_in_use, models_dir,
    pending_resuggestion, project_model, record_model, resuggest_from, resuggestion_cut_short, train_model, use_model,
)
from annotator.learning.resuggest import resuggest

__all__ = ["Fitted", "LearnOptions", "LearnReport", "due_documents", "fit_model", "held_out_split", "is_due", "learn",
           "load_in_use", "models_dir", "pending_resuggestion", "project_model", "record_model", "resuggest",
           "resuggest_from", "resuggestion_cut_short", "train_model", "use_model"]
