"""The information pages in headless Chromium, with the real content: a visitor reaches the
toegankelijkheidsverklaring from the footer, and axe-core finds nothing on it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import format_violations
from tests.browser.public_support import load_real_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.viewports("phone", "desktop")
def test_toegankelijkheidsverklaring_from_the_footer(
    live_server, page, viewport, axe, screenshot, assert_no_horizontal_overflow
):
    load_real_content()
    page.goto(live_server.url + "/")
    footer = page.locator("footer.site-footer")
    assert footer.get_by_role("link").all_inner_texts()[-4:] == [
        "Over dit portaal", "Contact", "Privacyverklaring", "Toegankelijkheidsverklaring"]
    footer.get_by_role("link", name="Toegankelijkheidsverklaring").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/toegankelijkheidsverklaring/"
    assert page.locator("h1").inner_text() == "Toegankelijkheidsverklaring"
    assert page.get_by_role("heading", name="Een probleem melden").is_visible()
    # Every impact, not only serious and critical: this page makes the promise.
    violations = axe(page, impacts=None)
    assert not violations, format_violations(violations)
    assert_no_horizontal_overflow(page)
    screenshot(page, f"informatie-toegankelijkheidsverklaring-{viewport}")
