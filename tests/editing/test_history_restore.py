"""Every action is stored with the rows it changed, so it can be undone and redone after a restart."""

from annotator import commands, event_commands as ec, history
from annotator.documents import Document, Span
from annotator.store import Store, open_project

TEXT = "Russian forces shelled Kharkiv on Monday, killing three civilians."


def snapshot(store: Store) -> tuple:
    q = store.conn.execute
    return (
        q("SELECT * FROM spans ORDER BY id").fetchall(),
        q("SELECT * FROM events ORDER BY id").fetchall(),
        q("SELECT * FROM arguments ORDER BY id").fetchall(),
        q("SELECT id, status, annotator, updated_at FROM documents ORDER BY id").fetchall(),
    )


def test_every_kind_of_action_undoes_and_redoes_from_the_log(tmp_path):
    path = tmp_path / "p.db"
    store = open_project(path)
    with store.transaction():
        doc = store.add_document(Document(TEXT, "Shelling")).doc_id
        store.insert_spans(doc, [Span(0, 14, "ORG", origin="model"), Span(23, 30, "GPE", origin="model")])
    states = [snapshot(store)]
    add = ec.AddEvent(doc, 15, 22, "ATTACK")
    actions = [
        commands.accept(doc, [1]),
        commands.relabel(doc, [2], "LOC"),
        add,
    ]
    for action in actions:
        commands.execute(store, action, annotator="ana")
        states.append(snapshot(store))
    more = [
        ec.FillRole(doc, add.event_id, "Target", 2),
        ec.FillRole(doc, add.event_id, "Time", new_span=commands.AddSpan(doc, 34, 40, "DATE")),
        commands.DeleteSpan(doc, 2),  # takes its role with it
        commands.finish_document(store, doc),
    ]
    for action in more:
        commands.execute(store, action, annotator="ana")
        states.append(snapshot(store))
    store.close()

    store = open_project(path, create=False)
    done, redo = history.restore_stack(store.conn)
    assert [e.name for e in done] == ["accept", "relabel", "add_event", "fill_role", "fill_role", "delete_span",
                                      "finish_document"]
    assert redo == []
    restored = [commands.Restored(e) for e in done]
    for step, command in enumerate(reversed(restored), start=1):
        commands.undo(store, command)
        assert snapshot(store) == states[-1 - step]
    for step, command in enumerate(restored, start=1):
        commands.redo(store, command)
        assert snapshot(store) == states[step]
    store.close()


def test_undone_entries_come_back_as_redo(project):
    with project.transaction():
        doc = project.add_document(Document(TEXT, "x")).doc_id
        project.insert_spans(doc, [Span(0, 14, "ORG", origin="model")])
    first, second = commands.accept(doc, [1]), commands.relabel(doc, [1], "NORP")
    commands.execute(project, first)
    commands.execute(project, second)
    commands.undo(project, second)
    done, redo = history.restore_stack(project.conn)
    assert [e.name for e in done] == ["accept"] and [e.name for e in redo] == ["relabel"]
    commands.redo(project, commands.Restored(redo[0]))
    done, redo = history.restore_stack(project.conn)
    assert [e.name for e in done] == ["accept", "relabel"] and redo == []


def test_conflicting_undo_is_refused_cleanly(project):
    with project.transaction():
        doc = project.add_document(Document(TEXT, "x")).doc_id
    add = commands.AddSpan(doc, 0, 7, "NORP")
    commands.execute(project, add)
    commands.undo(project, add)
    (entry,) = history.restore_stack(project.conn)[1]
    with project.transaction():  # someone else reuses the id meanwhile
        project.insert_spans(doc, [Span(0, 7, "ORG", id=add.span_id)])
    before = snapshot(project)
    try:
        commands.redo(project, commands.Restored(entry))
    except commands.CommandError as exc:
        assert "changed since" in str(exc)
    else:
        raise AssertionError("redo over a conflicting row should be refused")
    assert snapshot(project) == before
