"""Every public page type in headless Chromium, with the real content: it renders, axe-core
finds no serious or critical violation, nothing overflows horizontally on a phone or a
desktop, and a screenshot is kept for a human to look at (tests/browser/screenshots/).

The axe results per page are written to screenshots/axe-<viewport>.txt.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import AXE_IMPACTS, SCREENSHOT_DIR, format_violations
from tests.browser.public_support import load_real_content, one_page_per_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_urls():
    urls = {
        "home": "/",
        "themas": "/thema/",
        "thema-gefilterd": "/thema/eenzaamheid/?type=interventie&type=lab",
        "interventies": "/interventies/",
        "interventies-gefilterd": "/interventies/?thema=herstel&thema=eenzaamheid",
        "labs": "/labs/",
        "werkbezoeken": "/werkbezoeken/",
        "artikelen": "/artikelen/",
        "handreikingen": "/handreikingen/",
        "zoeken": "/zoeken/?q=eenzaamheid",
        "niet-gevonden": "/bestaat-niet/",
    }
    urls.update({f"pagina-{kind}": url for kind, url in one_page_per_type().items()})
    return urls


@pytest.mark.viewports("phone", "desktop")
def test_every_page_type_is_accessible_and_fits(
    live_server, page, viewport, axe, screenshot, assert_no_horizontal_overflow
):
    load_real_content()
    # Full-page screenshots of long pages at 2x on a busy 2-core machine take a while.
    page.set_default_timeout(60_000)
    problems, report = [], []
    for name, url in public_urls().items():
        response = page.goto(live_server.url + url)
        expected = 404 if name == "niet-gevonden" else 200
        if response.status != expected:
            problems.append(f"{name} {url}: HTTP {response.status}, expected {expected}")
            continue
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.locator("h1").count() == 1, f"{url}: one h1 per page"
        assert page.locator("main#inhoud").count() == 1, f"{url}: main landmark"
        everything = axe(page, impacts=None)
        violations = [v for v in everything if v.get("impact") in AXE_IMPACTS]
        report.append(
            f"{name:24} {url}\n    serious/critical: {len(violations)}; all impacts: "
            + (", ".join(sorted(f"{v['id']}({v['impact']})" for v in everything)) or "none")
        )
        if violations:
            problems.append(f"{name} {url}:\n{format_violations(violations)}")
        try:
            assert_no_horizontal_overflow(page)
        except AssertionError as exc:
            problems.append(f"{name}: {exc}")
        screenshot(page, f"public-{name}-{viewport}")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    (SCREENSHOT_DIR / f"axe-{viewport}.txt").write_text("\n".join(report) + "\n")
    assert not problems, "\n".join(problems)
