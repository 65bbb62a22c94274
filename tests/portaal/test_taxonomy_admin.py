"""Admins manage themes, organisations and regions through wagtail-modeladmin.

A superuser here on purpose: no group but the admins' has rights on the taxonomies."""

import json
import re

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
    make_thema("Armoede")
    make_page("interventie", "Buurtcirkel", themas=[thema], organisaties=[stimenz])
    make_page("lab", "Lab Kwartiermaken", themas=[thema])
    make_page("artikel", "Concept over kwartiermaken", themas=[thema], live=False)
    return thema, stimenz, regio


def page_counts(html):
    """{thema name: the number in its "Pagina's" column} from the admin's thema list."""
    counts = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        name = re.search(r'class="field-name[^"]*".*?<a [^>]*>\s*([^<]+?)\s*</a>', row, re.S)
        count = re.search(r'class="field-page_count[^"]*"[^>]*>\s*(\d+)\s*<', row)
        if name and count:
            counts[name.group(1)] = int(count.group(1))
    return counts


def sidebar_menu(html):
    """The admin's main menu as Wagtail renders it: {name: (label, url or [sub items])}."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
                      html, re.S)
    modules = json.loads(props.group(1))["modules"]
    main = next(m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule")

    def item(entry):
        attrs = entry["_args"][0]
        if entry["_type"] == "wagtail.sidebar.SubMenuItem":
            return attrs["label"], [(a["_args"][0]["label"], a["_args"][0]["url"])
                                    for a in entry["_args"][1]]
        return attrs["label"], attrs.get("url")

    return {entry["_args"][0]["name"]: item(entry) for entry in main["_args"][0]}


def test_thema_list_shows_page_counts_and_searches(admin_client, taxonomies):
    response = admin_client.get("/admin/portaal/thema/")
    assert response.status_code == 200
    # Drafts count: the column tells an admin which themas are still in use.
    assert page_counts(response.content.decode()) == {"Kwartiermaken": 3, "Armoede": 0}
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


def test_admin_creates_a_thema_in_the_admin(admin_client, taxonomies):
    response = admin_client.post("/admin/portaal/thema/create/", {
        "name": "Eenzaamheid", "slug": "eenzaamheid", "description": "Over eenzaamheid",
        "synonyms": "sociaal isolement", "sort_order": 3,
    })
    assert response.status_code == 302
    assert admin_client.get("/thema/eenzaamheid/").status_code == 200


def test_taxonomy_menu_group_leads_to_the_three_lists(admin_client, taxonomies):
    menu = sidebar_menu(admin_client.get("/admin/").content.decode())
    _, items = menu["taxonomie"]
    assert items == [("Thema's", "/admin/portaal/thema/"),
                     ("Organisaties", "/admin/portaal/organisatie/"),
                     ("Regio's", "/admin/portaal/regio/")]
    for _, url in items:
        assert admin_client.get(url).status_code == 200, url


def test_admin_speaks_dutch(admin_client, taxonomies):
    """Wagtail's own words, translated: not labels this project wrote in Dutch itself."""
    html = admin_client.get("/admin/portaal/organisatie/").content.decode()
    assert re.search(r'<html[^>]* lang="nl"', html)
    assert "Ga naar de inhoud" in html  # Wagtail's "Skip to main content"
    assert sidebar_menu(html)["explorer"] == ("Pagina's", "/admin/pages/")
    assert sidebar_menu(html)["documents"][0] == "Documenten"
