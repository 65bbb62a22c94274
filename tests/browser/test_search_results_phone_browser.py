"""Results before filters on a phone: on the search page and the overviews (a theme, the
interventions) the first result starts within the first screen of a 390x844 phone, the
filters are folded into one "Filters" toggle there and lie open beside the results on a
desktop; a filter chosen on either works without JavaScript, the toggle then counts it,
and axe-core finds nothing serious.

The real content, as test_public_pages.py loads it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import VIEWPORTS
from tests.browser.public_support import load_real_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The top of the first result must lie above this on a 390x844 phone: the first screen
# less the browser's own bars.
FIRST_SCREEN = 600

# name: (url, the first result's selector)
PAGES = {
    "zoeken": ("/zoeken/?q=maatje", ".zoeken__list > li"),
    "thema": ("/thema/eenzaamheid/", ".card-grid > *"),
    "interventies": ("/interventies/", ".card-grid > *"),
}
TOGGLE = "details.filter-panel > summary"
GROUPS = ".filters__group > summary"  # each filter is a <details> of its own
CHECKBOXES = ".filters input[type=checkbox]"


def top_of(page, selector):
    return page.locator(selector).first.evaluate(
        "el => el.getBoundingClientRect().top + window.scrollY"
    )


def shown_count(page, name):
    """The number of results the page says it has."""
    selector = "#zoeken-count" if name == "zoeken" else ".result-count"
    return int(re.match(r"\s*(\d+)", page.locator(selector).inner_text()).group(1))


def choose_first_filter(page, phone):
    """Open the filters where they are folded, tick the first option and apply it; returns
    the count that option promised."""
    if phone:
        page.locator(TOGGLE).click()
    box = page.locator(CHECKBOXES).first
    if not box.is_visible():
        page.locator(GROUPS).first.click()
    assert box.is_visible()
    label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
    promised = int(re.search(r"\((\d+)\)\s*$", label).group(1))
    box.check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_load_state()
    return promised


@pytest.mark.viewports("phone", "desktop")
def test_first_result_near_the_top_and_filters_reachable(
    live_server, browser, page, viewport, assert_accessible, screenshot
):
    load_real_content()
    page.set_default_timeout(60_000)
    phone = viewport == "phone"
    for name, (url, first) in PAGES.items():
        page.goto(live_server.url + url)
        toggle = page.locator(TOGGLE)
        if phone:
            assert top_of(page, first) < FIRST_SCREEN, (
                f"{url}: the first result starts {top_of(page, first):.0f} px down on a phone"
            )
            # Folded, but its toggle is within the first screen and says what it holds.
            assert toggle.is_visible()
            assert toggle.inner_text().strip() == "Filters"
            assert top_of(page, TOGGLE) < FIRST_SCREEN
            assert not page.locator(GROUPS).first.is_visible()
        else:
            # Beside the results, open, no toggle to press.
            assert not toggle.is_visible()
            assert page.locator(GROUPS).first.is_visible()
            filters_box = page.locator(".filters").bounding_box()
            result_box = page.locator(first).first.bounding_box()
            assert filters_box["x"] + filters_box["width"] <= result_box["x"], url
        assert_accessible(page)
        screenshot(page, f"results-first-{name}-{viewport}")

    # The filters work without JavaScript: a plain form in a plain <details>.
    context = browser.new_context(**VIEWPORTS[viewport], java_script_enabled=False,
                                  locale="nl-NL")
    try:
        plain = context.new_page()
        plain.set_default_timeout(60_000)
        for name, (url, first) in PAGES.items():
            plain.goto(live_server.url + url)
            promised = choose_first_filter(plain, phone)
            assert "?" in plain.url and plain.url != live_server.url + url
            assert shown_count(plain, name) == promised, plain.url
            if phone:
                assert plain.locator(TOGGLE).inner_text().strip() == "Filters (1 actief)"
                # Measured with the script on: without it the header's menu lies open.
                page.goto(plain.url)
                assert top_of(page, first) < FIRST_SCREEN, plain.url
                screenshot(page, f"results-first-{name}-gefilterd-{viewport}")
            else:
                assert plain.locator(CHECKBOXES + ":checked").count() == 1
                screenshot(plain, f"results-first-{name}-gefilterd-{viewport}")
    finally:
        context.close()
