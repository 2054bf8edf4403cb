"""Alpha from counted label patterns is the krippendorff package's alpha over every unit."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.team.agreement import krippendorff_alpha

LABELS = ["O", "PER", "ORG", "GPE"]


@st.composite
def reliability(draw: st.DrawFn) -> list[list[str | None]]:
    raters = draw(st.integers(2, 4))
    units = draw(st.integers(1, 40))
    value = st.one_of(st.none(), st.sampled_from(LABELS))
    return [[draw(value) for _ in range(units)] for _ in range(raters)]


@settings(max_examples=150, deadline=None)
@given(reliability())
def test_alpha_from_patterns_matches_the_package_on_every_unit(rows: list[list[str | None]]) -> None:
    codes = {label: float(i) for i, label in enumerate(LABELS)}
    data = np.array([[np.nan if v is None else codes[v] for v in row] for row in rows])
    ours = krippendorff_alpha(rows)
    values = {v for row in rows for v in row if v is not None}
    pairable = any(sum(v is not None for v in unit) >= 2 for unit in zip(*rows))
    if len(values) < 2 or not pairable:
        assert ours is None
        return
    with np.errstate(invalid="ignore", divide="ignore"):
        reference = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                       value_domain=sorted(codes[v] for v in values))
    if np.isnan(reference):  # no disagreement is even expected: undefined
        assert ours is None
    else:
        assert ours == pytest.approx(float(reference), abs=1e-9)
