"""The region filter on the real engine: a provincie finds the pages of its gemeenten and
counts them as the overviews do (one facet definition, ``search_regios`` in the index)."""

import pytest

from tests.voorbeelden.test_regios import (  # noqa: F401 (a fixture)
    assert_no_empty_or_twin_options,
    brabant_and_groningen,
    groups,
    titles,
)
from tests.zoeken.conftest import refresh

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]


def test_engine_finds_and_counts_gemeenten_under_their_provincie(
        brabant_and_groningen, use_engine, client):  # noqa: F811
    refresh(use_engine)
    found = client.get("/zoeken/", {"thema": "kwartiermaken", "regio": "noord-brabant"})
    assert found.context["outcome"].used_engine
    assert titles(found) == ["Brabants steunpunt", "Kwartiermaken in Oss en Helmond"]
    overview = client.get("/thema/kwartiermaken/", {"regio": "noord-brabant"})
    assert groups(found)["regio"] == groups(overview)["regio"]
    assert_no_empty_or_twin_options(found)
    found = client.get("/zoeken/", {"q": "groningen"})
    assert found.context["outcome"].used_engine
    labels = {label for _v, label, _n in groups(found)["regio"]}
    assert {"Groningen (provincie)", "Groningen (versnellingsregio)"} <= labels
