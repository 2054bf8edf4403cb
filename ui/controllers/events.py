"""Event work: selecting events, new events and types, status, modality, polarity, filling and clearing roles.

Each action becomes one core command (annotator.event_commands) run by the command runner;
the Events panel's requests (type, modality, polarity, fill, clear) come here by signal.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from annotator import commands
from annotator import event_commands as ec
from annotator.documents import Event
from ui.context import WindowContext
from ui.controllers.commands import CommandRunner
from ui.controllers.spans import SpansController
from ui.keyed_menu import KeyedMenu


class EventsController(QObject):
    """The selected event (in the view state) and what the keys and the Events panel do to it."""

    def __init__(self, ctx: WindowContext, runner: CommandRunner, spans: SpansController) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.runner = runner
        self.spans = spans
        panel = ctx.events_panel
        panel.event_selected.connect(lambda event_id: self.select_event(event_id, from_panel=True))
        panel.type_chosen.connect(self.event_type)
        panel.modality_chosen.connect(self.set_modality)
        panel.polarity_chosen.connect(self.set_polarity)
        panel.fill_requested.connect(self.fill_role)
        panel.clear_requested.connect(self.clear_argument)
        ctx.article.event_clicked.connect(self.select_event)
        spans.role_filler_chosen.connect(self.fill_with_span)

    def select_event(self, event_id: int | None, *, from_panel: bool = False) -> None:
        """Select an event: its trigger is boxed and its role fillers tagged in the text."""
        self.ctx.state.select_event(event_id, scroll=not from_panel)

    def step_event(self, step: int) -> None:
        """Select the next (1) or previous (-1) event, wrapping."""
        events = self.ctx.article.events()
        if not events:
            self.ctx.status("No events here. Select a trigger word and press E, then a type key.", 5000)
            return
        ids = [e.id for e in events]
        current = self.ctx.state.event_id
        if current in ids:
            index = (ids.index(current) + step) % len(ids)
        else:
            index = 0 if step > 0 else len(ids) - 1
        self.select_event(ids[index])

    def current_event(self) -> int | None:
        """The selected event, or None (and the status bar says how to select one)."""
        if self.ctx.state.event_id is None:
            self.ctx.status("No event is selected: press ] or click a boxed trigger first.", 4000)
        return self.ctx.state.event_id

    def _current(self) -> Event | None:
        return self.ctx.events_panel.current

    def set_status(self, status: str) -> None:
        """Accept or reject the selected event."""
        event_id = self.current_event()
        doc_id = self.ctx.state.document_id
        if event_id is not None and doc_id is not None:
            make = ec.accept_events if status == "accepted" else ec.reject_events
            self.runner.run(make(doc_id, [event_id]))

    def delete_event(self) -> None:
        """Delete the selected event."""
        event_id = self.current_event()
        doc_id = self.ctx.state.document_id
        if event_id is not None and doc_id is not None and self.runner.run(ec.DeleteEvent(doc_id, event_id)):
            self.select_event(None)

    def cycle_modality(self) -> None:
        """Asserted -> planned -> hypothetical -> asserted."""
        event = self._current()
        if event is None:
            self.current_event()
            return
        modalities = list(self.ctx.store.schema.modalities)
        self.set_modality(modalities[(modalities.index(event.modality) + 1) % len(modalities)])

    def toggle_polarity(self) -> None:
        """Positive <-> negative."""
        event = self._current()
        if event is None:
            self.current_event()
            return
        self.set_polarity("negative" if event.polarity == "positive" else "positive")

    def set_modality(self, modality: str) -> None:
        """Give the selected event this modality."""
        event_id = self.current_event()
        doc_id = self.ctx.state.document_id
        if event_id is not None and doc_id is not None:
            self.runner.run(ec.set_modality(doc_id, event_id, modality))

    def set_polarity(self, polarity: str) -> None:
        """Give the selected event this polarity."""
        event_id = self.current_event()
        doc_id = self.ctx.state.document_id
        if event_id is not None and doc_id is not None:
            self.runner.run(ec.set_polarity(doc_id, event_id, polarity))

    def _trigger_range(self) -> tuple[int, int] | None:
        """The selected text, or else the word at the caret, snapped to tokens."""
        article = self.ctx.article
        selection = article.selection_range()
        if selection is None:
            caret = article.positions.from_qt(article.textCursor().position())
            selection = (caret, caret)
        return self.spans.token_index().snap(*selection)

    def event_type(self, event_type: str) -> None:
        """E then a key: a new event on the selection (or caret word); on the selected event's own trigger, retype it."""
        doc_id = self.ctx.state.document_id
        if doc_id is None:
            return
        trigger = self._trigger_range()
        current = self._current()
        if current is not None and trigger in (None, (current.trigger_start, current.trigger_end)):
            self.runner.run(ec.set_event_type(doc_id, current.id, event_type))  # type: ignore[arg-type]
            return
        if trigger is None:
            self.ctx.status("Select the trigger word (or put the caret in it) first.", 4000)
            return
        command = ec.AddEvent(doc_id, trigger[0], trigger[1], event_type)
        if self.runner.run(command):
            self.ctx.article.clear_selection()
            self.select_event(command.event_id)

    def fill_role_number(self, number: int) -> None:
        """R then a number: fill that role of the selected event."""
        role = self.ctx.events_panel.role_name(number) if self.current_event() is not None else None
        if role is not None:
            self.fill_role(role)
        elif self.ctx.state.event_id is not None:
            self.ctx.status(f"This event has no role {number}.", 4000)

    def fill_role(self, role: str) -> None:
        """Fill a role with the selection (made a span), the focused span, or the next clicked highlight."""
        ctx = self.ctx
        event = self._current()
        doc_id = ctx.state.document_id
        if event is None or doc_id is None:
            self.current_event()
            return
        selection = ctx.article.selection_range()
        if selection is not None:
            snapped = self.spans.token_index().snap(*selection)
            if snapped is None:
                ctx.status("The selection holds no word.", 4000)
                return
            same = [s for s in ctx.document(doc_id).spans if (s.start, s.end) == snapped and s.status != "rejected"]
            rule = ctx.store.schema.role(event.type, role)
            fitting = [s for s in same if rule is None or rule.fits(s.label)]
            if fitting:
                self.fill_with_span(role, fitting[0].id)
                return
            allowed = list(rule.labels) if rule is not None and rule.labels else ctx.store.schema.names
            label = allowed[0] if len(allowed) == 1 else self.choose_label(allowed)
            if label is None:
                return
            command = ec.FillRole(doc_id, event.id, role,
                                  new_span=commands.AddSpan(doc_id, snapped[0], snapped[1], label))
            if self.runner.run(command):
                ctx.article.clear_selection()
            return
        if ctx.state.span_id is not None:
            self.fill_with_span(role, ctx.state.span_id)
            return
        ctx.state.set_pending_role(role)
        ctx.status(f"Click a highlight to fill {role} (Esc cancels).")

    def fill_with_span(self, role: str, span_id: int) -> None:
        """Fill a role of the selected event with a span (accepting a suggestion teaches)."""
        event_id = self.current_event()
        doc_id = self.ctx.state.document_id
        if event_id is not None and doc_id is not None and self.runner.run(
            ec.FillRole(doc_id, event_id, role, span_id)
        ):
            self.ctx.status(f"{role} filled.", 3000)

    def choose_label(self, labels: list[str]) -> str | None:
        """Ask which label a new role filler gets (a menu at the caret, keyboard-navigable)."""
        menu = KeyedMenu(self.ctx.window)
        for name in labels:
            label = self.ctx.store.schema.get(name)
            action = menu.addAction(f"{name}\t{label.key.upper() if label else ''}")
            action.setData(name)
        article = self.ctx.article
        where = article.viewport().mapToGlobal(article.cursorRect().bottomLeft())
        chosen = menu.exec_keyed(where)  # the keys shown beside the labels choose them too
        return chosen.data() if chosen is not None else None

    def clear_role_number(self, number: int) -> None:
        """Shift+R then a number: empty that role of the selected event."""
        if self.current_event() is None:
            return
        argument_id = self.ctx.events_panel.argument_of_role(number)
        if argument_id is None:
            self.ctx.status(f"Role {number} is already empty.", 4000)
            return
        self.clear_argument(argument_id)

    def clear_argument(self, argument_id: int) -> None:
        """Empty one role filler (an argument) of the selected event."""
        doc_id = self.ctx.state.document_id
        if doc_id is not None:
            self.runner.run(ec.ClearRole(doc_id, argument_id))
