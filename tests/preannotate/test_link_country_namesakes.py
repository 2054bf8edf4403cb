"""A name that is a country's is the country even in an article about the United States; its US
namesake (Jamaica in Queens, Lebanon in Pennsylvania) needs its state right after it. A regression
of issue 17: the article's US places gave the US namesake a bonus that outweighed the country."""

from __future__ import annotations

from place_links import linked


def test_the_country_in_an_article_that_names_the_us_and_new_york() -> None:
    ids = linked("The U.S. envoy, back in New York, said Jamaica and Lebanon would get the loans.",
                 "U.S.", "New York", "Jamaica", "Lebanon")
    assert (ids["Jamaica"], ids["Lebanon"]) == ("geonames:3489940", "geonames:272103")


def test_the_city_when_its_state_follows() -> None:
    ids = linked("Police in Lebanon, Pennsylvania, closed the road.", "Lebanon", "Pennsylvania")
    assert ids["Lebanon"] == "geonames:5197517"
