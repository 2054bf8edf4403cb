"""A small project for the learning-loop tests: done documents to learn from, new ones to re-suggest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DONE = [
    ("Russian forces fired a Kalibr missile at Odesa on Monday.",
     ("Russian", "NORP"), ("Kalibr missile", "WEAPON"), ("Odesa", "GPE"), ("Monday", "DATE")),
    ("Ukraine shot down 12 Shahed drones over Kyiv overnight.",
     ("Ukraine", "GPE"), ("Shahed drones", "WEAPON"), ("Kyiv", "GPE")),
    ("Hamas fired rockets at Tel Aviv, the Israeli military said.",
     ("Hamas", "ORG"), ("rockets", "WEAPON"), ("Tel Aviv", "GPE"), ("Israeli", "NORP")),
    ("A Storm Shadow missile hit Sevastopol, Andriy Yermak said on Friday.",
     ("Storm Shadow missile", "WEAPON"), ("Sevastopol", "GPE"), ("Andriy Yermak", "PERSON"), ("Friday", "DATE")),
    ("The Houthis launched a ballistic missile toward Eilat on Sunday.",
     ("Houthis", "ORG"), ("ballistic missile", "WEAPON"), ("Eilat", "GPE"), ("Sunday", "DATE")),
    ("Shahed drones and a Kalibr missile struck Lviv, Maksym Kozytskyi said.",
     ("Shahed drones", "WEAPON"), ("Kalibr missile", "WEAPON"), ("Lviv", "GPE"), ("Maksym Kozytskyi", "PERSON")),
]
NEW = [
    ("Iran fired Shahed drones at Haifa on Tuesday, officials in Jerusalem said.",
     ("Iran", "GPE"), ("Haifa", "GPE"), ("Tuesday", "DATE"), ("Jerusalem", "GPE")),
    ("A Kalibr missile struck Kharkiv, Oleh Syniehubov said on Wednesday.",
     ("Kharkiv", "GPE"), ("Oleh Syniehubov", "PERSON"), ("Wednesday", "DATE")),
    ("Russia launched Shahed drones at Kyiv and Odesa overnight.",
     ("Russia", "GPE"), ("Kyiv", "GPE"), ("Odesa", "GPE")),
]


def fill(add_reviewed: Callable[..., int], add_suggested: Callable[..., int]) -> tuple[list[int], list[int]]:
    """Store DONE as done documents and NEW as pre-annotated new ones; returns their ids."""
    done = [add_reviewed(text, *gold) for text, *gold in DONE]
    new = [add_suggested(text, *suggested) for text, *suggested in NEW]
    return done, new


TINY: dict[str, Any] = {"epochs": 2, "eval_split": 0.34, "seed": 1, "rehearse": 0.5}  # seconds, not minutes
