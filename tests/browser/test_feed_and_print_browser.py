"""A visitor who opens a feed in the browser sees a Dutch page, not raw XML; a detail page
offers "Afdrukken" and prints without the site's chrome. Both under the public CSP."""

from __future__ import annotations

import pytest

from tests.browser.public_support import load_real_content, one_page_per_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    return errors


@pytest.mark.parametrize("path", ["/feed/", "/thema/eenzaamheid/feed/atom/"])
def test_feed_opens_as_a_readable_dutch_page(live_server, page, path, screenshot,
                                             assert_accessible):
    load_real_content()
    errors = csp_errors(page)
    page.goto(live_server.url + path)
    assert page.locator("h1").inner_text().startswith("Kennisportaal sociaal werk & ggz")
    uitleg = page.get_by_role("heading", name="Dit is een feed: zo volgt u nieuwe kennis")
    assert uitleg.is_visible()
    assert "feedlezer" in page.locator(".feed-uitleg").inner_text()
    items = page.locator(".feed-items li a")
    assert items.count() >= 1
    first = items.first.get_attribute("href")
    assert first.startswith("http") and "/feed" not in first
    # The portal's own style sheet reached the page: not the browser's default look.
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily") != "Times New Roman"
    # Chromium injects its own banner (XSLT is deprecated there) with inline style attributes
    # and an onclick that the CSP blocks; the page's own resources must all load.
    ours = [e for e in errors if "inline style" not in e and "inline event handler" not in e]
    assert ours == []
    screenshot(page, "feed-" + path.strip("/").replace("/", "-"))
    page.locator("xslt-warning-banner").evaluate_all("els => els.forEach(e => e.remove())")
    assert_accessible(page)


@pytest.mark.viewports("phone", "desktop")
def test_detail_page_prints_with_the_button(live_server, page, viewport, screenshot,
                                            assert_accessible):
    load_real_content()
    errors = csp_errors(page)
    # Record the call instead of opening the system's print dialog.
    page.add_init_script("window.print = () => { window.__printed = true; };")
    page.goto(live_server.url + one_page_per_type()["interventie"])
    button = page.get_by_role("button", name="Afdrukken")
    assert button.is_visible()
    button.click()
    assert page.evaluate("() => window.__printed === true")
    assert errors == []
    assert_accessible(page)
    screenshot(page, f"afdrukken-{viewport}", full_page=False)

    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".breadcrumbs", ".filters", ".page-tools"):
        assert page.evaluate(
            f"() => [...document.querySelectorAll('{selector}')].every("
            "e => getComputedStyle(e).display === 'none')"), selector
    assert page.locator("h1").is_visible()


def test_without_script_there_is_no_dead_button(live_server, browser):
    load_real_content()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + one_page_per_type()["artikel"])
        assert page.locator("h1").is_visible()
        assert not page.get_by_role("button", name="Afdrukken").is_visible()
    finally:
        context.close()
