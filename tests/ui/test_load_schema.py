"""A project's label schema can be replaced from a file; one that lacks labels in use is refused."""

import json

from PySide6.QtWidgets import QMessageBox

from annotator.schema import default_schema


def test_load_schema_changes_labels_and_keys(window, project, tmp_path, spans_of):
    data = default_schema().to_dict()
    data["name"] = "with-vehicle"
    data["labels"].append({"name": "VEHICLE", "key": "v", "color": "#123456", "description": "Vehicles"})
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.load_schema(path)
    assert "label_VEHICLE" in window.actions_by_id
    assert project.schema.get("VEHICLE") is not None
    window.focus_span(project.spans(1)[0].id)
    window.actions_by_id["label_VEHICLE"].trigger()
    assert spans_of(project, 1)[0] == ("Russian", "VEHICLE", "accepted")


def test_schema_missing_labels_in_use_is_refused(window, project, tmp_path):
    data = default_schema().to_dict()
    data["labels"] = [l for l in data["labels"] if l["name"] != "DATE"]
    for role in data["common_roles"] + [r for e in data["events"] for r in e["roles"]]:
        role["labels"] = [l for l in role["labels"] if l != "DATE"]  # a valid schema, just without DATE
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not window.load_schema(path)
    notice = window.findChild(QMessageBox, "notice")
    assert "labels used by spans are missing: DATE" in notice.text()
    assert project.schema.get("DATE") is not None  # unchanged
    notice.close()
