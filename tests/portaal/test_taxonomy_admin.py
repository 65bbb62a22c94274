"""Editors manage themes, organisations and regions through wagtail-modeladmin."""

import pytest

from tests.factories import make_organisatie, make_page, make_regio, make_site, make_thema

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomies():
    make_site()
    regio = make_regio("Gelderland", kind="provincie")
    stimenz = make_organisatie("Stimenz", place="Apeldoorn", kind="sociaal-werk", regio=regio)
    make_organisatie("GGZ Centraal", place="Amersfoort", kind="ggz")
    thema = make_thema("Kwartiermaken", synonyms="kwartiermaker")
    make_page("interventie", "Buurtcirkel", themas=[thema], organisaties=[stimenz])
    return thema, stimenz, regio


def test_thema_list_shows_page_counts_and_searches(admin_client, taxonomies):
    response = admin_client.get("/admin/portaal/thema/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kwartiermaken" in html
    response = admin_client.get("/admin/portaal/thema/?q=kwartiermaker")
    assert "Kwartiermaken" in response.content.decode()
    response = admin_client.get("/admin/portaal/thema/?q=onbestaand")
    assert "Kwartiermaken" not in response.content.decode()


def test_organisatie_list_filters_by_kind_and_searches_by_place(admin_client, taxonomies):
    html = admin_client.get("/admin/portaal/organisatie/?kind=ggz").content.decode()
    assert "GGZ Centraal" in html and "Stimenz" not in html
    html = admin_client.get("/admin/portaal/organisatie/?q=Apeldoorn").content.decode()
    assert "Stimenz" in html and "GGZ Centraal" not in html


def test_inspect_views_render(admin_client, taxonomies):
    thema, stimenz, regio = taxonomies
    for url, text in (
        (f"/admin/portaal/thema/inspect/{thema.pk}/", "kwartiermaker"),
        (f"/admin/portaal/organisatie/inspect/{stimenz.pk}/", "Apeldoorn"),
        (f"/admin/portaal/regio/inspect/{regio.pk}/", "Gelderland"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode()


def test_editor_creates_a_thema_in_the_admin(admin_client, taxonomies):
    response = admin_client.post("/admin/portaal/thema/create/", {
        "name": "Eenzaamheid", "slug": "eenzaamheid", "description": "Over eenzaamheid",
        "synonyms": "sociaal isolement", "sort_order": 3,
    })
    assert response.status_code == 302
    assert admin_client.get("/thema/eenzaamheid/").status_code == 200


def test_taxonomy_menu_group_is_in_the_admin_menu(admin_client, taxonomies):
    html = admin_client.get("/admin/").content.decode()
    assert "Taxonomie" in html


def test_admin_speaks_dutch(admin_client, taxonomies):
    html = admin_client.get("/admin/pages/").content.decode()
    assert "Pagina's" in html
    html = admin_client.get("/admin/portaal/organisatie/").content.decode()
    assert "Organisaties" in html and "Zoeken" in html
