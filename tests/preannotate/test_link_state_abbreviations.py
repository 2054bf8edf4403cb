"""A US state's news abbreviation ("Pa.", "Del.", "Calif" without its period) is that state's id, and
right after a city it picks the city's namesake in that state ("Wilmington, Del." is Delaware's).
A regression of issue 17: the abbreviations had no id and were no qualifier, so the bigger namesake
in another state was taken. A country's dotted short form cut short of its period ("U.K") is the country."""

from __future__ import annotations

from place_links import linked


def test_an_abbreviation_after_a_city_picks_the_namesake_in_that_state() -> None:
    ids = linked("Jurors from Hermitage, Pa., and a chemist from Wilmington, Del., were heard on Monday.",
                  "Hermitage", "Pa.", "Wilmington", "Del.")
    assert ids == {"Hermitage": "geonames:5193309",  # Pennsylvania's, not Tennessee's
                   "Pa.": "geonames:6254927",  # Pennsylvania
                   "Wilmington": "geonames:4145381",  # Delaware's, not the bigger one in North Carolina
                   "Del.": "geonames:4142224"}  # Delaware


def test_an_abbreviation_cut_short_of_its_period_is_the_state() -> None:
    assert linked("The firm moved to Calif last year.", "Calif") == {"Calif": "geonames:5332921"}


def test_a_dotted_country_cut_short_of_its_period_is_the_country() -> None:
    assert linked("Shares fell in the U.K", "U.K") == {"U.K": "geonames:2635167"}
