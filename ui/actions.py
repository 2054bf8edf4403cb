"""Every window action with its keys, help text and handler: one table for menus, tooltips, the cheat sheet and dispatch.

Label shortcuts (1-9, 0, letters) come from the project's schema and are added at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """An action: id, menu text, shortcuts (Qt key-sequence strings), menu, help line, handler.

    ``handler`` names what the action calls, as a dotted path from the window: a controller
    and its method ("spans.accept_focused"), called with ``args`` and ``kwargs``. Adding a key
    to an existing handler is one row here.
    """

    id: str
    text: str
    keys: tuple[str, ...]
    menu: str
    help: str
    handler: str
    args: tuple[object, ...] = ()
    kwargs: tuple[tuple[str, object], ...] = ()
    # Keys the article handles itself, only while a span is focused (otherwise Shift+arrows
    # select text as usual): the menu shows them but they are not window shortcuts.
    in_article: bool = False
    # A switch (a ticked menu entry): the dotted path from the window to the bool it shows.
    checked: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open_project", "&Open project…", ("Ctrl+O",), "File", "Open another project file",
               "files.choose_project"),
    ActionSpec("load_schema", "Load label &schema…", (), "File",
               "Replace this project's labels, keys, colours and event types with a schema JSON file",
               "files.choose_schema"),
    ActionSpec("settings", "&Settings…", ("Ctrl+,",), "File", "Your name, the spaCy model, light or dark theme (remembered)",
               "preferences.show_settings"),
    ActionSpec("import_files", "&Import files…", ("Ctrl+I",), "File",
               "Add .txt/.md/.jsonl/.csv files in the background; new documents are then pre-annotated",
               "files.choose_import"),
    ActionSpec("import_folder", "Import &folder…", ("Ctrl+Shift+I",), "File", "Add every article in a folder, recursively",
               "files.choose_import", kwargs=(("folder", True),)),
    ActionSpec("cancel_job", "&Cancel background job", ("Ctrl+.",), "File",
               "Stop pre-annotation, import or export safely: whole batches and files are kept, a cancelled export writes nothing",
               "jobs.cancel"),
    ActionSpec("export_jsonl", "&Export…", ("Ctrl+Shift+E",), "File",
               "Write done documents' accepted spans as JSONL, a spaCy DocBin, CoNLL, doccano, brat or OneIE",
               "files.choose_export"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "File", "Close the window (everything is already saved)", "close"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Edit", "Undo the last change, in any document", "undo_stack.undo"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit", "Redo the last undone change", "undo_stack.redo"),
    ActionSpec("next_span", "&Next suggestion", ("Tab",), "Span",
               "Focus the next suggestion (wraps around): in text order, or the next least confident with "
               "Tab by confidence on", "spans.step_span", (1,)),
    ActionSpec("prev_span", "&Previous suggestion", ("Shift+Tab",), "Span",
               "Focus the previous suggestion (with Tab by confidence on: the next more confident)",
               "spans.step_span", (-1,)),
    ActionSpec("tab_by_confidence", "&Tab by confidence, least first", ("Ctrl+Shift+L",), "Span",
               "Switch: Tab goes to the least confident suggestion first, then the next lowest; Shift+Tab the "
               "other way. Off (the default): text order (remembered)", "spans.toggle_tab_by_confidence",
               checked="spans.by_confidence"),
    ActionSpec("accept", "&Accept", ("Return", "Enter", "A"), "Span", "Accept the focused span",
               "spans.accept_focused"),
    ActionSpec("reject", "Re&ject", ("X", "Delete"), "Span", "Reject the focused span (kept as a negative example)",
               "spans.reject_focused"),
    ActionSpec("delete_span", "&Delete span", ("Shift+Delete",), "Span", "Remove the focused span entirely",
               "spans.delete_focused"),
    ActionSpec("toggle_kind", "Name ↔ &nominal mention", ("Shift+N",), "Span",
               "Make the focused span a nominal mention (\"the Ukrainian military\": drawn quieter, left out of NER "
               "exports, still fills event roles), or a name again", "spans.toggle_kind_focused"),
    ActionSpec("link_kb", "&Link to an entry…", ("Ctrl+K",), "Span",
               "Give the focused span its id: a GeoNames place, an actor-list entry or NIL (no entry exists)",
               "spans.link_focused"),
    ActionSpec("least_confident", "&Least confident suggestion", ("Shift+L",), "Span",
               "Focus the suggestion with the lowest score; again: the next lowest (wraps around)",
               "spans.focus_least_confident"),
    ActionSpec("grow_end", "Move end →", ("Shift+Right",), "Span", "Move the focused span's end one token right",
               "spans.move_boundary", ("end", 1), in_article=True),
    ActionSpec("shrink_end", "Move end ←", ("Shift+Left",), "Span", "Move the focused span's end one token left",
               "spans.move_boundary", ("end", -1), in_article=True),
    ActionSpec("shrink_start", "Move start →", ("Ctrl+Shift+Right",), "Span",
               "Move the focused span's start one token right",
               "spans.move_boundary", ("start", 1), in_article=True),
    ActionSpec("grow_start", "Move start ←", ("Ctrl+Shift+Left",), "Span",
               "Move the focused span's start one token left",
               "spans.move_boundary", ("start", -1), in_article=True),
    ActionSpec("next_event", "&Next event", ("]",), "Event", "Select the next event (its roles show in the text and the Events panel)",
               "events.step_event", (1,)),
    ActionSpec("prev_event", "&Previous event", ("[",), "Event", "Select the previous event",
               "events.step_event", (-1,)),
    ActionSpec("accept_event", "&Accept event", ("Shift+A",), "Event", "Accept the selected event",
               "events.set_status", ("accepted",)),
    ActionSpec("reject_event", "Re&ject event", ("Shift+X",), "Event", "Reject the selected event (kept as a negative example)",
               "events.set_status", ("rejected",)),
    ActionSpec("delete_event", "&Delete event", ("Ctrl+Delete",), "Event", "Remove the selected event (its filler spans stay)",
               "events.delete_event"),
    ActionSpec("cycle_modality", "Next &modality", ("Shift+M",), "Event", "Asserted → planned → hypothetical",
               "events.cycle_modality"),
    ActionSpec("toggle_polarity", "Toggle &polarity", ("Shift+P",), "Event", "Positive ↔ negative (\"did not attack\")",
               "events.toggle_polarity"),
    ActionSpec("cancel", "&Cancel", ("Esc",), "Edit",
               "Stop waiting for a click that fills a role; drop the selection and the span focus",
               "spans.cancel_pending"),
    ActionSpec("mark_done", "Mark document &done", ("Ctrl+D",), "Document",
               "Mark the document done (again: back to in progress); with suggestions left it asks: accept, "
               "reject or leave them; only done documents are exported by default", "finishing.toggle_done"),
    ActionSpec("finish_doc", "Accept all, mark done, &next", ("Ctrl+Return", "Ctrl+Enter"), "Document",
               "Accept every remaining shown suggestion, mark the document done, open the next one not done",
               "finishing.finish_document"),
    ActionSpec("next_doc", "&Next document", ("PgDown",), "Document", "Open the next document",
               "documents.step", (1,)),
    ActionSpec("prev_doc", "&Previous document", ("PgUp",), "Document", "Open the previous document",
               "documents.step", (-1,)),
    ActionSpec("curate", "&Curate document", ("Ctrl+Shift+C",), "Team",
               "A team project: the places where the analysts who finished the open document accepted something, "
               "with their versions; in the panel 1–9 takes a version, R rejects all, A accepts every agreement, "
               "N goes to the next open place (each one undo step)", "curation.show_panel"),
    ActionSpec("agreement", "Team &agreement…", (), "Team",
               "How far merged analysts agree: spans by label, pairs, event roles, documents, lowest first",
               "preferences.show_agreement"),
    ActionSpec("memory", "What corrections &taught…", ("Ctrl+M",), "View",
               "Phrases learned from relabels, added and rejected spans; switch them off or forget them",
               "preferences.show_memory"),
    ActionSpec("models", "&Models learned…", (), "View",
               "The models learned from done documents with their figures; go back to an earlier one",
               "jobs.show_models"),
    ActionSpec("doubt_order", "List the most &doubtful documents first", ("Ctrl+Shift+D",), "View",
               "Switch: order the document list by the lowest score of each document's suggestions left to "
               "review (also in the list's order box); off, the usual order by import (remembered)",
               "documents.toggle_doubt_order", checked="documents.doubt_order"),
    ActionSpec("search", "&Search documents", ("Ctrl+F",), "View",
               "Search titles and text; Enter opens the first match (filters by status and label sit beside it)",
               "documents.focus_search"),
    ActionSpec("view_filter", "&Filter the view…", ("Ctrl+Shift+F",), "View",
               "Hide labels, or suggestions scored under a threshold (remembered); hidden suggestions are "
               "skipped by Tab and left alone by accept all", "view_filter.show_dialog"),
    ActionSpec("focus_list", "Go to document &list", ("Ctrl+1",), "View", "Move the keyboard focus to the document list",
               "doc_list.setFocus"),
    ActionSpec("focus_text", "Go to &article", ("Ctrl+2",), "View", "Move the keyboard focus to the article",
               "article.setFocus"),
    ActionSpec("focus_spans", "Go to &span list", ("Ctrl+3",), "View", "Move the keyboard focus to the span list",
               "span_table.setFocus"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", ("F1", "?"), "Help", "Show this sheet of every action and key",
               "help.show_shortcuts"),
    ActionSpec("about", "&About Annotator", (), "Help", "Version, model and project", "help.show_about"),
)

LABEL_HELP = "Give the focused span, or the selected text (snapped to whole tokens), this label"
EVENT_TYPE_HELP = ("New event of this type on the selected text (or the word at the caret); "
                   "on the selected event's own trigger, change its type")
FILL_ROLE_HELP = ("Fill role N of the selected event with the selected text, the focused span, "
                  "or the next highlight you click")
CLEAR_ROLE_HELP = "Empty role N of the selected event"
MAX_ROLE_KEYS = 9
MOUSE_HELP = (
    ("Click a highlight", "Focus that span (click again on overlapping spans to pick the next one)"),
    ("Select text, then press a label key", "Create an accepted span (the selection snaps to whole tokens)"),
    ("Right-click a highlight or selection",
     "Accept, reject, delete, label it or make it a nominal mention, from a menu (the keys it shows work there too)"),
    ("Click a row in the span list", "Focus that span in the article"),
    ("Click an event trigger (boxed)", "Select that event: its role fillers are outlined and tagged"),
    ("Fill role, then click a highlight", "Fill the role with that span (Esc cancels)"),
)


def spec(action_id: str) -> ActionSpec:
    """The spec of one action."""
    return next(a for a in ACTIONS if a.id == action_id)


def _lookup(root: object, path: str) -> object:
    target = root
    for name in path.split("."):
        target = getattr(target, name)
    return target


def is_checked(action: ActionSpec, root: object) -> bool:
    """What a switch shows now (read from ``root``, the window, along ``action.checked``)."""
    return bool(_lookup(root, action.checked))


def handler_of(action: ActionSpec, root: object) -> Callable[..., None]:
    """The slot an action triggers: its handler looked up from ``root`` (the window), called with its arguments.

    The slot takes and drops what the signal sends (QAction.triggered's ``checked``).
    """
    target = _lookup(root, action.handler)
    if not callable(target):
        raise TypeError(f"the handler of {action.id!r}, {action.handler}, is not callable")
    call = partial(target, *action.args, **dict(action.kwargs))

    def trigger(*_signal_args: object) -> None:
        call()

    return trigger
