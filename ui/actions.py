"""Every window action with its keys and help text: one table for menus, tooltips and the cheat sheet.

Label shortcuts (1-9, 0, letters) come from the project's schema and are added at run time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """An action: id, menu text, shortcuts (Qt key-sequence strings), menu, help line."""

    id: str
    text: str
    keys: tuple[str, ...]
    menu: str
    help: str


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open_project", "&Open project…", ("Ctrl+O",), "File", "Open another project file"),
    ActionSpec("export_jsonl", "&Export JSONL…", ("Ctrl+Shift+E",), "File", "Write done documents' accepted spans as JSONL"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "File", "Close the window (everything is already saved)"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Edit", "Undo the last change, in any document"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit", "Redo the last undone change"),
    ActionSpec("next_span", "&Next suggestion", ("Tab",), "Span", "Focus the next suggestion (wraps around)"),
    ActionSpec("prev_span", "&Previous suggestion", ("Shift+Tab",), "Span", "Focus the previous suggestion"),
    ActionSpec("accept", "&Accept", ("Return", "Enter", "A"), "Span", "Accept the focused span"),
    ActionSpec("reject", "Re&ject", ("X", "Delete"), "Span", "Reject the focused span (kept as a negative example)"),
    ActionSpec("delete_span", "&Delete span", ("Shift+Delete",), "Span", "Remove the focused span entirely"),
    ActionSpec("mark_done", "Mark document &done", ("Ctrl+D",), "Document",
               "Mark the document done (again: back to in progress); only done documents are exported by default"),
    ActionSpec("next_doc", "&Next document", ("PgDown",), "Document", "Open the next document"),
    ActionSpec("prev_doc", "&Previous document", ("PgUp",), "Document", "Open the previous document"),
    ActionSpec("focus_list", "Go to document &list", ("Ctrl+1",), "View", "Move the keyboard focus to the document list"),
    ActionSpec("focus_text", "Go to &article", ("Ctrl+2",), "View", "Move the keyboard focus to the article"),
    ActionSpec("focus_spans", "Go to &span list", ("Ctrl+3",), "View", "Move the keyboard focus to the span list"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", ("F1", "?"), "Help", "Show this sheet of every action and key"),
    ActionSpec("about", "&About Annotator", (), "Help", "Version, model and project"),
)

LABEL_HELP = "Give the focused span, or the selected text (snapped to whole tokens), this label"
MOUSE_HELP = (
    ("Click a highlight", "Focus that span (click again on overlapping spans to pick the next one)"),
    ("Select text, then press a label key", "Create an accepted span (the selection snaps to whole tokens)"),
    ("Right-click a highlight or selection", "Accept, reject, delete or label it from a menu"),
    ("Click a row in the span list", "Focus that span in the article"),
)


def spec(action_id: str) -> ActionSpec:
    """The spec of one action."""
    return next(a for a in ACTIONS if a.id == action_id)
