"""What an editor sees of the members' submissions in the Wagtail admin, on a phone and a
desktop: the dashboard's panel of waiting submissions and the queue it leads to, whose
filters lie beside the list on a desktop and fold into one toggle under it on a phone."""

from django.core.cache import cache
from django.utils import timezone

import pytest

from portaal.models import Organisatie
from tests.browser.public_support import ensure_wagtail_root
from tests.browser.test_inzending_flow_browser import BROKEN_WORDS_JS
from tests.factories import make_organisatie, make_site, make_thema
from tests.roles import PASSWORD, make_user
from voorbeelden.models import Inzending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1366}


def _queue_with_submissions():
    cache.clear()
    ensure_wagtail_root()
    make_site()
    maatjes = make_thema("Maatjes")
    make_thema("Samenwerking ggz en sociaal werk")
    member = make_user("member")
    for name in ("Stimenz", "de Nederlandse GGZ", "Sociaal Werk Nederland"):
        make_organisatie(name)
    for n, (organisatie, status) in enumerate(zip(
            Organisatie.objects.all(),
            (Inzending.Status.INGEDIEND, Inzending.Status.IN_BEHANDELING,
             Inzending.Status.INGEDIEND), strict=False)):
        inzending = Inzending.objects.create(
            user=member, organisatie=organisatie, status=status, submitted_at=timezone.now(),
            title=f"Herstelcafé en buurtmaatjes voor bewoners met psychische kwetsbaarheid {n}")
        inzending.themas.add(maatjes)


@pytest.mark.viewports("phone", "desktop")
def test_editor_dashboard_and_queue(live_server, page, viewport, screenshot, axe,
                                    assert_no_horizontal_overflow):
    _queue_with_submissions()
    editor = make_user("editor")
    page.goto(live_server.url + "/admin/")
    page.locator("input[name=username]").fill(editor.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    panel = page.locator("#waiting-submissions-section, [id^=waiting-submissions]").first
    panel.wait_for()
    assert "3 inzendingen wachten op een redacteur" in " ".join(panel.inner_text().split())
    assert_no_horizontal_overflow(page)
    screenshot(page, f"admin-dashboard-editor-{WIDTHS[viewport]}")

    page.get_by_role("link", name="Naar de wachtrij").click()
    page.locator("table.listing").wait_for()
    # The queue the panel leads to lists the three it counted.
    assert page.locator("table.listing tbody tr").count() == 3
    screenshot(page, f"admin-wachtrij-editor-{WIDTHS[viewport]}")
    if viewport == "desktop":
        assert page.evaluate(BROKEN_WORDS_JS) == []
    _queue_filters_after_the_list_on_a_phone(page, viewport, screenshot, axe)
    assert_no_horizontal_overflow(page)


def _queue_filters_after_the_list_on_a_phone(page, viewport, screenshot, axe):
    """On a phone the first submission is on the first screen, the filters folded into a
    toggle that says how many are on ("Wacht op redactie", from the dashboard's link) and
    opens by keyboard; on a desktop they stand open beside the list. axe finds nothing."""
    filter_link = page.locator(".changelist-filter a", has_text="Wacht op redactie")
    toggle = page.locator(".changelist-filter summary")
    table = page.locator("table.listing")
    page.evaluate("window.scrollTo(0, 0)")
    if viewport == "phone":
        row = table.locator("tbody tr").first.bounding_box()
        assert row["y"] + row["height"] <= page.viewport_size["height"], row
        assert not filter_link.is_visible()
        assert " ".join(toggle.inner_text().split()) == "Filters (1 actief)"
        toggle.focus()
        page.keyboard.press("Enter")
        filter_link.wait_for()
        assert filter_link.is_visible()
        screenshot(page, f"admin-wachtrij-filters-open-{WIDTHS[viewport]}")
    else:
        assert filter_link.is_visible()
        assert not toggle.is_visible()
        # Beside the list, not above it.
        filters = page.locator(".changelist-filter").bounding_box()
        assert filters["x"] >= table.bounding_box()["x"] + table.bounding_box()["width"] - 1
    assert axe(page) == []
