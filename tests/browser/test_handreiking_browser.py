"""The real handreiking (~19,000 px tall) and werkbezoek in headless Chromium: the handreiking's
table of contents stays in view beside the chapters on a desk and stands above them on a
phone; both pages are accessible, fit the screen and leave full-page screenshots for a
human to look at (tests/browser/screenshots/detail-<type>-<width>.png)."""

from __future__ import annotations

import pytest

from tests.browser.public_support import load_real_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1366}


def open_handreiking(live_server, page):
    from voorbeelden.models import HandreikingPage

    load_real_content()
    handreiking = HandreikingPage.objects.get()
    # Full-page screenshots of a long page on a busy 2-core machine take a while.
    page.set_default_timeout(60_000)
    page.goto(live_server.url + handreiking.url)
    return page.get_by_role("navigation", name="Inhoud")


def in_viewport(locator) -> bool:
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"
    )


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_table_of_contents_stays_beside_the_last_chapter_on_a_desk(live_server, page, screenshot):
    toc = open_handreiking(live_server, page)
    chapters = page.locator("section.chapter")
    assert chapters.count() == 9
    last = chapters.last
    last.scroll_into_view_if_needed()
    page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") > 5000, "the page should have scrolled far down"
    assert in_viewport(toc), "the table of contents scrolled out of view"
    # Beside the chapters, not over them.
    toc_box, chapter_box = toc.bounding_box(), last.bounding_box()
    assert toc_box["x"] >= chapter_box["x"] + chapter_box["width"], (toc_box, chapter_box)
    screenshot(page, "detail-handreiking-1366-laatste-hoofdstuk", full_page=False)
    # Its links include the interventions, and following one lands on that section.
    toc.get_by_role("link", name="Interventies uit deze handreiking").click()
    page.wait_for_url("**#interventies")
    assert in_viewport(page.get_by_role("heading", name="Interventies uit deze handreiking"))
    assert in_viewport(toc)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_table_of_contents_stands_above_the_first_chapter_on_a_phone(live_server, page):
    toc = open_handreiking(live_server, page)
    toc_box = toc.bounding_box()
    first = page.locator("section.chapter").first.bounding_box()
    assert toc_box["y"] + toc_box["height"] <= first["y"], (toc_box, first)
    assert toc_box["width"] >= 300, "an inline list across the phone's width"
    links = toc.get_by_role("link")
    assert links.count() == 10
    assert links.last.inner_text() == "Interventies uit deze handreiking"
    # Not sticky on a phone: scrolled past, it is out of the way.
    page.locator("section.chapter").nth(4).scroll_into_view_if_needed()
    assert not in_viewport(toc)


@pytest.mark.viewports("phone", "desktop")
@pytest.mark.parametrize("kind", ["handreiking", "werkbezoek"])
def test_detail_page_is_accessible_fits_and_is_screenshot(
    live_server, page, viewport, kind, assert_accessible, assert_no_horizontal_overflow,
    screenshot,
):
    from voorbeelden.models import HandreikingPage, WerkbezoekPage

    load_real_content()
    model = {"handreiking": HandreikingPage, "werkbezoek": WerkbezoekPage}[kind]
    page.set_default_timeout(60_000)
    page.goto(live_server.url + model.objects.get().url)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    screenshot(page, f"detail-{kind}-{WIDTHS[viewport]}")
