"""Span work: focusing and stepping through suggestions, accepting, rejecting, labelling, moving edges.

Each action becomes one operation, run by the command runner (saved at once, undoable); the
editing session teaches the memory from the decisions that teach (accept, reject, relabel, add,
delete) by their kind.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator import commands
from annotator.documents import Span
from annotator.doubt import least_confident_first, step_by_confidence
from annotator.tokens import TokenIndex
from ui.context import WindowContext
from ui.controllers.commands import CommandRunner

NO_SUGGESTIONS = "No suggestions left here. Ctrl+D marks the document done."


class SpansController(QObject):
    """The focused span and what the keys do to it."""

    role_filler_chosen = Signal(str, int)  # role, span id: a click that a waiting Fill role takes

    def __init__(self, ctx: WindowContext, runner: CommandRunner) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.runner = runner
        self._tokens: tuple[int, TokenIndex] | None = None
        self._least_confident_id: int | None = None  # the suggestion Shift+L focused last
        # Tab by confidence (Ctrl+Shift+L): Tab goes least confident first; off by default.
        self.by_confidence = ctx.settings.tab_least_confident
        ctx.article.span_clicked.connect(self.focus_span)
        ctx.article.boundary_key.connect(self.move_boundary)

    def focus_span(self, span_id: int | None) -> None:
        """Outline a span in the article and select its row in the span list.

        While a role waits for a click (Fill role), the clicked span fills it instead.
        """
        state = self.ctx.state
        if state.pending_role is not None and span_id is not None:
            role = state.pending_role
            state.set_pending_role(None)
            self.role_filler_chosen.emit(role, span_id)
            return
        state.focus_span(span_id)

    def step_span(self, step: int, *, after: Span | None = None) -> None:
        """Focus the next (1) or previous (-1) suggestion after the focused span (or ``after``), wrapping.

        In text order; with Tab by confidence on, least confident first (:mod:`annotator.doubt`).
        """
        spans = self.ctx.article.spans()
        suggestions = [s for s in spans if s.status == "suggested"]
        if not suggestions:
            self.ctx.status(NO_SUGGESTIONS, 4000)
            return
        focused = after or next((s for s in spans if s.id == self.ctx.state.span_id), None)
        if self.by_confidence:
            found = step_by_confidence(suggestions, focused, step)
            if found is not None:
                self.focus_span(found.id)
                if found.score is not None:
                    self.ctx.status(f"Score {found.score:.2f}", 3000)
            return
        if focused is None:
            target = suggestions[0] if step > 0 else suggestions[-1]
        else:
            key = (focused.start, -focused.end, focused.id or 0)
            keyed = [((s.start, -s.end, s.id or 0), s) for s in suggestions]
            if step > 0:
                later = [s for k, s in keyed if k > key]
                target = later[0] if later else suggestions[0]
            else:
                earlier = [s for k, s in keyed if k < key]
                target = earlier[-1] if earlier else suggestions[-1]
        self.focus_span(target.id)

    def toggle_tab_by_confidence(self) -> None:
        """Switch Tab between text order and least confident first (Ctrl+Shift+L); remembered in the settings."""
        self.by_confidence = not self.by_confidence
        settings = self.ctx.settings
        settings.tab_least_confident = self.by_confidence
        settings.sync()
        action = self.ctx.actions_by_id.get("tab_by_confidence")
        if action is not None:
            action.setChecked(self.by_confidence)
        self.ctx.status("Tab: the least confident suggestion first, then the next lowest (Shift+Tab: the other way)."
                        if self.by_confidence else "Tab: the suggestions in text order.", 5000)

    def focused(self) -> int | None:
        """The focused span, or None (and the status bar says how to focus one)."""
        if self.ctx.state.span_id is None:
            self.ctx.status("No span is focused: press Tab or click a highlight first.", 4000)
        return self.ctx.state.span_id

    def _span(self, span_id: int) -> Span | None:
        return next((s for s in self.ctx.article.all_spans() if s.id == span_id), None)

    def accept_focused(self) -> None:
        """Accept the focused span and move to the next suggestion after it."""
        span_id = self.focused()
        doc_id = self.ctx.state.document_id
        if span_id is not None and doc_id is not None:
            decided = self._span(span_id)
            if self.runner.run(commands.accept(doc_id, [span_id])):
                self._advance(decided)

    def reject_focused(self) -> None:
        """Reject the focused span and move to the next suggestion after it (by key or from the menu)."""
        span_id = self.focused()
        doc_id = self.ctx.state.document_id
        if span_id is not None and doc_id is not None:
            decided = self._span(span_id)
            if self.runner.run(commands.reject(doc_id, [span_id])):
                self._advance(decided)

    def delete_focused(self) -> None:
        """Delete the focused span."""
        span_id = self.focused()
        doc_id = self.ctx.state.document_id
        if span_id is not None and doc_id is not None:
            if self.runner.run(commands.DeleteSpan(doc_id, span_id)):  # withdraws its lesson
                self.focus_span(None)

    def toggle_kind_focused(self) -> None:
        """Make the focused span a nominal mention, or a name again (one undoable step, saved at once)."""
        span_id = self.focused()
        span = next((s for s in self.ctx.article.all_spans() if s.id == span_id), None)
        doc_id = self.ctx.state.document_id
        if span is not None and span.id is not None and doc_id is not None:
            kind = "nominal" if span.kind == "name" else "name"
            if self.runner.run(commands.set_kind(doc_id, [span.id], kind)):
                self.ctx.status("Now a nominal mention: left out of NER exports, still fills roles."
                                if kind == "nominal" else "Now a name.", 4000)

    def link_focused(self) -> None:
        """Open the id typeahead on the focused span; the id chosen is one undoable step, saved at once."""
        from annotator.kb import candidates
        from ui.kb_dialog import KbDialog

        span_id = self.focused()
        span = next((s for s in self.ctx.article.all_spans() if s.id == span_id), None)
        doc_id = self.ctx.state.document_id
        if span is None or span_id is None or doc_id is None:
            return
        store = self.ctx.store
        text = self.ctx.article.positions.text[span.start:span.end]
        dialog = KbDialog(lambda query: candidates(store, query), text, span.kb_id, self.ctx.window)

        def chosen(kb_id: str) -> None:
            if self.runner.run(commands.set_kb_id(doc_id, [span_id], kb_id)):
                n = len(self.runner.last_changes.other_doc_ids)  # suggestions elsewhere that got the id too
                learned = f" Learned: {n} unreviewed document{'s' if n != 1 else ''} updated too." if n else ""
                self.ctx.status(f"Linked to {kb_id}.{learned}", 5000)

        dialog.chosen.connect(chosen)
        dialog.open()

    def focus_least_confident(self) -> None:
        """Focus the least confident remaining suggestion; pressed again on it, the next lowest (wrapping).

        After a decision the focus has moved on, so the walk starts again from the lowest score.
        """
        suggestions = [s for s in self.ctx.article.spans() if s.status == "suggested"]
        if not suggestions:
            self.ctx.status(NO_SUGGESTIONS, 4000)
            return
        ranked = least_confident_first(suggestions)
        ids = [s.id for s in ranked]
        walking = self._least_confident_id
        focused = self.ctx.state.span_id
        target = ranked[(ids.index(focused) + 1) % len(ranked)] if focused == walking and focused in ids else ranked[0]
        self._least_confident_id = target.id
        self.focus_span(target.id)
        if target.score is not None:
            self.ctx.status(f"Score {target.score:.2f}", 3000)

    def _advance(self, decided: Span | None = None) -> None:
        """After a decision, focus the next suggestion after the decided span (the flow never stops).

        A rejected span is no longer drawn, so the step starts from where it was, not from the
        top of the document.
        """
        if any(s.status == "suggested" for s in self.ctx.article.spans()):
            self.step_span(1, after=decided)

    def apply_label(self, label: str) -> None:
        """Label the selected text (snapped to tokens) or relabel the focused span."""
        doc_id = self.ctx.state.document_id
        if doc_id is None:
            return
        article = self.ctx.article
        selection = article.selection_range()
        if selection is not None:
            snapped = self.token_index().snap(*selection)
            if snapped is None:
                self.ctx.status("The selection holds no word to label.", 4000)
                return
            command = commands.AddSpan(doc_id, snapped[0], snapped[1], label)
            if self.runner.run(command):
                article.clear_selection()
                self.focus_span(command.span_id)
            return
        span_id = self.focused()
        decided = self._span(span_id) if span_id is not None else None
        if span_id is not None and self.runner.run(commands.relabel(doc_id, [span_id], label)):
            self._advance(decided)

    def token_index(self) -> TokenIndex:
        """The open document's tokens (what selections snap to), computed once per document."""
        doc_id = self.ctx.state.document_id
        assert doc_id is not None
        if self._tokens is None or self._tokens[0] != doc_id:
            self._tokens = (doc_id, TokenIndex.of(self.ctx.article.positions.text))
        return self._tokens[1]

    def move_boundary(self, edge: str, step: int) -> None:
        """Move the focused span's start or end by one token (Shift/Ctrl+Shift+arrows)."""
        span_id = self.focused()
        doc_id = self.ctx.state.document_id
        if span_id is None or doc_id is None:
            return
        span = next((s for s in self.ctx.article.spans() if s.id == span_id), None)
        if span is None:
            return
        moved = self.token_index().move_boundary(span.start, span.end, edge=edge, step=step)
        if moved is None:
            self.ctx.status("The span cannot shrink further.", 3000)
            return
        self.runner.run(commands.move_span(doc_id, span_id, *moved))

    def cancel_pending(self) -> None:
        """Esc: stop waiting for a click that fills a role, drop the selection and the span focus."""
        if self.ctx.state.pending_role is not None:
            self.ctx.state.set_pending_role(None)
            self.ctx.status("Role picking cancelled.", 3000)
        self.ctx.article.clear_selection()
        self.focus_span(None)
