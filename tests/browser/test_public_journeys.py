"""What a visitor does, in headless Chromium with the real content: a keyboard-only path
(skip link, menu, a filter, submit, a result) with visible focus; subscribing to the feed of
a filtered overview; printing an intervention; downloading a handreiking's PDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urljoin, urlsplit

from django.core.files.base import ContentFile

import pytest

from tests.browser.public_support import load_real_content, one_page_per_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim(),
          value: el.value || '', id: el.id, cls: el.className, name: el.name || '',
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          visible: box.width > 0 && box.height > 0 && box.bottom > 0};
}"""


def tab_until(page, predicate, limit=80):
    """Press Tab until the focused element matches; every stop must show a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        assert focus["outline"], f"no visible focus outline on {focus}"
        if predicate(focus):
            return focus
    raise AssertionError("element not reached with Tab")


def test_keyboard_only_path(live_server, page):
    load_real_content()
    page.set_default_timeout(30_000)
    page.goto(live_server.url + "/")
    focus = tab_until(page, lambda f: "skip-link" in f["cls"])
    assert focus["visible"] and focus["text"] == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"

    # Back to the top and into the main menu.
    page.goto(live_server.url + "/")
    tab_until(page, lambda f: f["text"].startswith("Interventies en praktijk"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/interventies/")

    # Skip the header, open the theme filter, tick one, apply.
    tab_until(page, lambda f: "skip-link" in f["cls"])
    page.keyboard.press("Enter")
    tab_until(page, lambda f: f["tag"] == "summary" and f["text"].startswith("Thema"))
    page.keyboard.press("Enter")
    focus = tab_until(page, lambda f: f["name"] == "thema")
    page.keyboard.press("Space")
    tab_until(page, lambda f: f["text"] == "Filters toepassen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/interventies/?thema=*")
    # The box ticked with the keyboard is the filter applied, and it stays ticked.
    ticked = focus["value"]
    assert ticked
    assert parse_qs(urlsplit(page.url).query)["thema"] == [ticked]
    assert [box.get_attribute("value")
            for box in page.locator("input[name=thema]:checked").all()] == [ticked]
    count = page.locator(".card").count()
    assert 0 < count <= 12

    # Open the first result.
    first = page.locator(".card__title a").first
    first_title, first_href = first.inner_text(), first.get_attribute("href")
    tab_until(page, lambda f: f["text"] == first_title)
    page.keyboard.press("Enter")
    # Waits for the navigation itself: the overview is already loaded, so a load-state
    # wait would return at once and read the overview's heading.
    page.wait_for_url(urljoin(page.url, first_href))
    assert page.locator("h1").inner_text() == first_title


def test_filtered_overview_feed_and_csv(live_server, page):
    load_real_content()
    page.goto(live_server.url + "/thema/eenzaamheid/?type=interventie")
    shown = page.locator(".result-count").inner_text().split()[0]
    href = page.locator('link[rel=alternate][type="application/rss+xml"]').last.get_attribute(
        "href")
    assert href == "/thema/eenzaamheid/feed/?type=interventie"
    response = page.request.get(live_server.url + href)
    assert response.ok and response.headers["content-type"].startswith("application/xml")
    items = ET.fromstring(response.body()).findall("./channel/item")
    assert len(items) == min(int(shown), 30)
    assert all(i.findtext("title").endswith("(interventie)") for i in items)

    csv_href = page.get_by_role("link", name="Download als CSV").get_attribute("href")
    csv = page.request.get(live_server.url + csv_href)
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text().strip().splitlines()) == int(shown) + 1


def test_print_intervention_and_download_handreiking_pdf(live_server, page, screenshot):
    from wagtail.documents import get_document_model

    from voorbeelden.models import HandreikingPage

    load_real_content()
    handreiking = HandreikingPage.objects.live().first()
    document = get_document_model()(title="Handreiking (pdf)")
    document.file.save("handreiking-test.pdf", ContentFile(b"%PDF-1.4\n% test\n%%EOF\n"))
    handreiking.pdf = document
    handreiking.save_revision().publish()

    page.goto(live_server.url + handreiking.url)
    link = page.get_by_role("link", name="Download als PDF")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")

    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".breadcrumbs", ".related", ".button"):
        assert page.evaluate(
            f"() => [...document.querySelectorAll('{selector}')].every("
            "e => getComputedStyle(e).display === 'none')"), selector
    written_out = page.evaluate("""() => {
      const a = document.querySelector('main .page-meta a[href^="http"]');
      return a ? [a.getAttribute('href'), getComputedStyle(a, '::after').content] : null;
    }""")
    assert written_out and written_out[0] in written_out[1]
    screenshot(page, "print-handreiking")

    interventie = one_page_per_type()["interventie"]
    page.goto(live_server.url + interventie)
    assert page.locator(".usages").is_visible()
    assert not page.locator(".site-nav").is_visible()
    screenshot(page, "print-interventie")
