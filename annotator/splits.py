"""Train/dev/test splits by document: reproducible with a seed, never splitting a document."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

SPLIT_NAMES: tuple[str, ...] = ("train", "dev", "test")


class SplitError(ValueError):
    """Fractions that do not describe a split; the message says what to give instead."""


def parse_fractions(value: str) -> tuple[float, ...]:
    """'0.8,0.1,0.1' -> (0.8, 0.1, 0.1); two or three non-negative numbers summing to 1."""
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        raise SplitError(f"{value!r}: give two or three fractions such as 0.8,0.1,0.1") from None
    if not 2 <= len(parts) <= len(SPLIT_NAMES):
        raise SplitError(f"{value!r}: give two or three fractions (train,dev[,test]) such as 0.8,0.1,0.1")
    if any(p < 0 for p in parts) or abs(sum(parts) - 1.0) > 1e-6:
        raise SplitError(f"{value!r}: the fractions must be 0 or more and add up to 1")
    return parts


def split(items: Sequence[T], fractions: Sequence[float], *, seed: int = 0) -> list[list[T]]:
    """Shuffle ``items`` with ``seed`` and cut them by ``fractions`` (rounded; the first part takes the rest).

    The same items, fractions and seed always give the same parts, each in the items' order.
    """
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    sizes = [round(f * len(items)) for f in fractions[1:]]
    while sum(sizes) > len(items):  # rounding up everywhere can overshoot on tiny projects
        sizes[sizes.index(max(sizes))] -= 1
    sizes.insert(0, len(items) - sum(sizes))
    parts: list[list[T]] = []
    at = 0
    for size in sizes:
        chosen = sorted(order[at : at + size])
        parts.append([items[i] for i in chosen])
        at += size
    return parts
