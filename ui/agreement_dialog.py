"""Team agreement in the window: the figures `annotator agreement` prints, lowest agreement first."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
    QWidget,
)

from annotator.store import Store
from annotator.team.agreement import agreement


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


class AgreementDialog(QDialog):
    """Spans by label, pairs, event roles and documents, each a table sorted lowest agreement first."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreement_dialog")
        self.setWindowTitle("Team agreement")
        data = agreement(store).to_dict()
        layout = QVBoxLayout(self)
        self.summary = QLabel(self._summary(data), self)
        self.summary.setObjectName("agreement_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget(self)
        spans, events = data["spans"], data["events"]
        self._add("Labels", ("Label", "F1 exact", "F1 overlap", "Spans"),
                  [(r["label"], _figure(r["f1_exact"]), _figure(r["f1_overlap"]), str(r["spans"]))
                   for r in spans["labels"]])
        self._add("Pairs", ("Analysts", "Documents", "Cohen's κ", "F1 exact", "F1 overlap"),
                  [(f"{p['a']} / {p['b']}", str(p["documents"]), _figure(p["cohen_kappa"]), _figure(p["f1_exact"]),
                    _figure(p["f1_overlap"])) for p in data["pairs"]])
        self._add("Event roles", ("Role", "F1", "Fillers"),
                  [(r["role"], _figure(r["f1"]), str(r["fillers"])) for r in events["roles"]])
        self._add("Documents", ("Title", "Analysts", "F1 spans", "F1 events"),
                  [(d["title"], ", ".join(d["analysts"]), _figure(d["f1_exact"]), _figure(d["f1_events"]))
                   for d in data["documents_lowest_first"]])
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 520)

    @staticmethod
    def _summary(data: dict[str, Any]) -> str:
        if data["documents"] == 0:
            return ("No document was finished by two or more analysts yet: assign with an overlap "
                    "(annotator assign), annotate, and merge the analysts' files (annotator merge).")
        spans, events = data["spans"], data["events"]
        return (f"{data['documents']} documents finished by two or more of {', '.join(data['analysts'])}. "
                f"Spans: F1 {_figure(spans['f1_exact'])} exact, {_figure(spans['f1_overlap'])} overlapping; "
                f"tokens: Krippendorff's α {_figure(data['tokens']['krippendorff_alpha'])}; events: F1 "
                f"{_figure(events['f1_trigger_type'])} on trigger and type.")

    def _add(self, title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        table = QTableWidget(len(rows), len(columns), self)
        table.setObjectName(f"agreement_{title.lower().replace(' ', '_')}")
        table.setHorizontalHeaderLabels(list(columns))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(value))  # items are plain text, never markup
        table.resizeColumnsToContents()
        self.tabs.addTab(table, title)
