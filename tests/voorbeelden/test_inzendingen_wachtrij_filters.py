"""The queue's filters in the Wagtail admin, as editors and moderators see them: the
highlighted choice is the one that is applied, and every choice reads as Dutch."""

from django.core.cache import cache
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_thema
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import form_data, login, make_member, setup_portal
from voorbeelden.models import Inzending

pytestmark = pytest.mark.django_db

QUEUE = "/admin/voorbeelden/inzending/"
SUBMITTED = "Buurtmaatjes in Nijmegen-Oost"
DRAFT = "Half af"


@pytest.fixture
def queue():
    """One submitted example and one member's draft, posted through the member's form."""
    cache.clear()
    setup_portal()
    member_client = Client()
    login(member_client, make_member())
    member_client.post("/inzenden/", form_data())
    make_thema("Schulden")  # a second thema: a filter with one choice is not shown
    member_client.post("/inzenden/", form_data(
        title=DRAFT, doel="", aanpak="", themas=None, indienen=None, opslaan="1",
        form_token="0b8e7c52-3f1d-4e7a-9c2b-5a6d7e8f9a01"))
    assert Inzending.objects.filter(status=Inzending.Status.INGEDIEND).count() == 1
    assert Inzending.objects.filter(status=Inzending.Status.CONCEPT).count() == 1


@pytest.fixture(params=["editor", "moderator"])
def staff_client(request, client):
    login(client, make_user(request.param))
    return client


def page(client, query=""):
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def filter_choices(soup, title):
    """The choices of one filter as (text, href, selected), in the order shown."""
    panel = soup.select_one(".changelist-filter")
    heading = next(text for text in panel.find_all(string=True) if text.strip() == title)
    items = heading.find_next("ul").find_all("li")
    return [(li.a.get_text(strip=True), li.a["href"], "selected" in (li.get("class") or []))
            for li in items]


def selected(choices):
    return [text for text, _href, is_selected in choices if is_selected]


def listed_titles(soup):
    return {cell.get_text(" ", strip=True) for cell in soup.select("table.listing td.title")}


def test_status_filter_highlights_what_the_queue_lists(staff_client, queue):
    soup = page(staff_client)
    # The queue opens without the members' drafts, and its highlighted choice says so.
    assert SUBMITTED in " ".join(listed_titles(soup))
    assert DRAFT not in " ".join(listed_titles(soup))
    choices = filter_choices(soup, "Op status")
    assert selected(choices) == ["Alle behalve concepten"]
    assert "Alle" not in [text for text, _href, _selected in choices]

    # Each status choice, followed as an editor clicks it, highlights itself.
    for text, href, _selected in choices:
        chosen = page(staff_client, href)
        assert selected(filter_choices(chosen, "Op status")) == [text]
    drafts = page(staff_client, dict((t, h) for t, h, _s in choices)["Concept"])
    assert DRAFT in " ".join(listed_titles(drafts))
    assert SUBMITTED not in " ".join(listed_titles(drafts))


def test_thema_filter_offers_alle_themas_instead_of_a_dash(staff_client, queue):
    choices = filter_choices(page(staff_client), "Op thema's")
    texts = [text for text, _href, _selected in choices]
    assert texts == ["Alle thema's", "Maatjes", "Schulden"]
    assert selected(choices) == ["Alle thema's"]

    maatjes = page(staff_client, choices[1][1])
    assert selected(filter_choices(maatjes, "Op thema's")) == ["Maatjes"]
    # "Alle thema's" from a filtered queue takes the thema off again.
    back = dict((t, h) for t, h, _s in filter_choices(maatjes, "Op thema's"))["Alle thema's"]
    assert "themas" not in back
    assert SUBMITTED in " ".join(listed_titles(page(staff_client, back)))


def test_organisation_filter_names_its_all_and_empty_choices(staff_client, queue):
    choices = filter_choices(page(staff_client), "Op organisatie")
    texts = [text for text, _href, _selected in choices]
    assert texts[0] == "Alle organisaties"
    assert texts[-1] == "Zonder organisatie"
    assert "-" not in texts and "Alle" not in texts


def test_dashboard_link_opens_the_queue_on_what_it_counted(staff_client, queue):
    handled = Inzending.objects.get(status=Inzending.Status.INGEDIEND)
    handled.status = Inzending.Status.IN_BEHANDELING
    handled.save()
    dashboard = BeautifulSoup(staff_client.get("/admin/").content.decode(), "html.parser")
    assert "1 inzending wacht op een redacteur" in dashboard.get_text(" ", strip=True)
    link = dashboard.find("a", string="Naar de wachtrij")["href"]
    assert link.startswith(QUEUE)
    waiting = page(staff_client, link[len(QUEUE):])
    assert SUBMITTED in " ".join(listed_titles(waiting))
    assert selected(filter_choices(waiting, "Op status")) == ["Wacht op redactie"]



def test_date_filter_offers_only_choices_that_list_submissions(staff_client, queue):
    """A submission in the queue always has the day it was sent (only drafts lack one, and
    the status filter is where they are asked for): no "Geen datum" that lists nothing and
    no "Heeft datum" that lists what "Elke datum" does."""
    choices = filter_choices(page(staff_client), "Op datum van indiening")
    texts = [text for text, _href, _selected in choices]
    assert texts == ["Elke datum", "Vandaag", "Afgelopen 7 dagen", "Deze maand", "Dit jaar"]
    assert selected(choices) == ["Elke datum"]
    # Each choice, followed as an editor clicks it, lists today's submission and says so.
    for text, href, _selected in choices:
        chosen = page(staff_client, href)
        assert SUBMITTED in " ".join(listed_titles(chosen)), text
        assert selected(filter_choices(chosen, "Op datum van indiening")) == [text]
