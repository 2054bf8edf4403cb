"""The article's text layout: room above every line for the role tags of the selected event."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout


class SpacedLayout(QPlainTextDocumentLayout):
    """The plain-text layout with ``gap`` pixels of room above every line, where role tags are drawn.

    QPlainTextDocumentLayout ignores line-height formats, so each block is laid out again here
    the first time Qt asks for its geometry after Qt laid it out itself (its first line then
    sits at y = 0 instead of ``gap``): the same line breaks, each line moved down. Painting,
    hit tests and the caret all read the block's layout, so they follow.
    """

    def __init__(self, document: QTextDocument, gap: float) -> None:
        super().__init__(document)
        self.gap = gap

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        if not block.isValid():
            return QRectF()
        rect = super().blockBoundingRect(block)  # Qt lays the block out first if it has not
        layout = block.layout()
        if not layout.lineCount() or abs(layout.lineAt(0).y() - self.gap) < 0.01:
            return rect  # laid out here already
        width = layout.lineAt(0).width()  # the width Qt gave its lines: the same line breaks
        x = layout.lineAt(0).x()
        layout.beginLayout()
        height = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLeadingIncluded(True)
            line.setLineWidth(width)
            height += self.gap
            line.setPosition(QPointF(x, height))
            height += line.height()
        layout.endLayout()
        block.setLineCount(layout.lineCount() if block.isVisible() else 0)
        return super().blockBoundingRect(block)
