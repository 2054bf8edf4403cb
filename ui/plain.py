"""Text from documents, titles, labels, file names and errors reaches widgets as plain text only.

Qt guesses rich text (``Qt::mightBeRichText``) in labels, message boxes and tool tips, so a title
such as ``<b>x</b><img src=x>`` would render bold and try to load an image. Labels and message
boxes are switched to plain text; tool tips have no such switch, so their text is escaped and
wrapped as rich text that shows every character literally.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text: str) -> str:
    """Tool tip markup showing ``text`` literally: escaped, line breaks and runs of spaces kept."""
    return QtGuiNamespace.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre)


def plain_labels(*labels: QLabel) -> None:
    """Make labels show their text literally, whatever it holds."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def message_box(parent: QWidget | None, title: str, text: str, *,
                icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    """A message box (not yet shown) whose text is plain text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
