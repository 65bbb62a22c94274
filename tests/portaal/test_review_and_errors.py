"""Freshness in the admin (overdue review report, dashboard panel) and the Dutch error pages."""

from datetime import date, timedelta

from django.test import Client
from django.urls import path

import pytest

from tests.factories import make_page, make_site
from tests.roles import login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    """A redacteur in Wagtail's Editors group: the report is their work, and it lists only
    pages they may change, which a superuser would not show."""
    return login(client, make_user("editor"))


@pytest.fixture
def pages():
    make_site()
    today = date.today()
    return {
        "overdue": make_page("interventie", "Verouderd voorbeeld",
                             review_date=today - timedelta(days=40)),
        "fresh": make_page("artikel", "Vers artikel", review_date=today + timedelta(days=30)),
        "none": make_page("lab", "Lab zonder datum"),
    }


def test_report_lists_only_overdue_pages(editor_client, pages):
    response = editor_client.get("/admin/reports/te-herzien/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verouderd voorbeeld" in html
    assert "Vers artikel" not in html and "Lab zonder datum" not in html
    assert "te laat" in html


def test_report_exports_csv(editor_client, pages):
    response = editor_client.get("/admin/reports/te-herzien/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode() if response.streaming else \
        response.content.decode()
    assert "Verouderd voorbeeld" in text and "Vers artikel" not in text


def test_report_is_in_the_menu_and_on_the_dashboard(editor_client, pages):
    html = editor_client.get("/admin/").content.decode()
    assert "Te herzien" in html
    assert "1</strong> pagina is over de herzieningsdatum" in html
    assert "/admin/reports/te-herzien/" in html


def test_report_needs_an_editor(client, pages):
    response = client.get("/admin/reports/te-herzien/")
    assert response.status_code == 302
    login(client, make_user("member"))
    response = client.get("/admin/reports/te-herzien/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_every_page_type_shows_its_date(client, pages):
    """A page shows its document's date ("Laatst bijgewerkt" only after an editor's change,
    tests/voorbeelden/test_page_dates.py); an overview its newest change."""
    pages["werkbezoek"] = make_page("werkbezoek", "Bezoek")
    pages["handreiking"] = make_page("handreiking", "Handreiking")
    for kind, page in pages.items():
        # A werkbezoek gives its date once, as the visit's, under its title.
        label = "Datum" if kind == "werkbezoek" else "Gepubliceerd"
        assert f"<dt>{label}</dt>" in client.get(page.url).content.decode(), page.url
    for url in ["/werkbezoeken/", "/handreikingen/", "/thema/maatjes/"]:
        assert "aatst bijgewerkt" in client.get(url).content.decode(), url


def test_404_is_dutch_and_in_the_site_design(client, pages, settings):
    settings.DEBUG = False
    response = client.get("/bestaat/echt/niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Deze pagina bestaat niet" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html


def broken_view(request):
    raise RuntimeError("kapot")


urlpatterns = [path("kapot/", broken_view)]


def test_500_renders_in_dutch_without_request_context(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html and '<html lang="nl">' in html
    assert "/static/css/portaal.css" in html
