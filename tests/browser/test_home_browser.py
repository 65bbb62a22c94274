"""The home page and the header in headless Chromium under the public Content-Security-
Policy: the SVG logo and the icons load, the self-hosted font is the one in use, the call
to action is a button to the submission form, themes with pages come first, no section
shows a single card, the header is one row on a desktop and fits a phone (its menu opens
and closes by keyboard), and axe-core finds nothing serious.

Content as the real site has it (many interventions, one lab, one werkbezoek, one
handreiking, two articles) plus a theme without pages, made with the factories: the real
content's pages are covered by test_public_pages.py.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest

from tests.browser.public_support import ensure_wagtail_root

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTRO = ("Een vrijwilliger trekt een jaar lang op met iemand die na een opname weer "
         "zijn plek in de wijk zoekt; de sociaal werker en de ggz-behandelaar kijken mee.")


def make_content():
    from tests.factories import make_page, make_site, make_thema

    ensure_wagtail_root()
    make_site()
    eenzaam, herstel = make_thema("Eenzaamheid"), make_thema("Herstel")
    make_thema("Armoede", sort_order=-1)  # first in the editors' order, without pages
    titles = ["Maatjes voor mensen met psychische kwetsbaarheid", "Buurtkamer De Linde",
              "Herstelacademie in de wijk", "Ggz-agent en wijkteam", "Het Inloophuis"]
    for n, title in enumerate(titles):
        make_page("interventie", title, themas=[eenzaam, herstel], intro=INTRO,
                  date=date(2021, 1 + n, 1))
    make_page("lab", "Sociaal werk voor inwoners met ggz-problematiek", themas=[herstel],
              intro=INTRO, date=date(2021, 9, 23))
    make_page("werkbezoek", "Ggz en sociaal werk vinden elkaar in de wijk", themas=[eenzaam],
              intro=INTRO, date=date(2019, 7, 3))
    make_page("artikel", "Gevraagd: mooie voorbeelden van samenwerking", themas=[eenzaam],
              intro=INTRO, date=date(2021, 5, 6))
    make_page("artikel", "GGZ en sociale professionals werken samen", themas=[herstel],
              intro=INTRO, date=None)
    make_page("handreiking", "GGZ in transitie", themas=[herstel], intro=INTRO,
              date=date(2014, 1, 1))


def watch(page, origin):
    """Requests to other hosts, failed responses, CSP refusals and script errors."""
    seen = {"foreign": [], "failed": [], "errors": [], "fonts": []}
    page.on("request", lambda r: seen["foreign"].append(r.url)
            if not r.url.startswith((origin, "data:")) else None)
    page.on("response", lambda r: seen["failed"].append(f"{r.status} {r.url}")
            if r.status >= 400 else None)
    page.on("response", lambda r: seen["fonts"].append((r.url, r.status))
            if r.request.resource_type == "font" else None)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("console", lambda m: seen["errors"].append(m.text)
            if m.type in ("error", "warning") else None)
    return seen


BOXES_JS = """(selectors) => selectors.flatMap(sel => [...document.querySelectorAll(sel)]
  .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
  .map(el => { const r = el.getBoundingClientRect();
               return {sel, text: el.innerText.trim(), top: r.top, bottom: r.bottom,
                       left: r.left, right: r.right, width: r.width, height: r.height}; }))"""

HEADER_ITEMS = [".site-logo", ".site-nav a", ".site-account a", ".site-header__toggle"]


def header_items(page):
    return page.evaluate(BOXES_JS, HEADER_ITEMS)


def test_home_on_a_desktop(live_server, page, assert_accessible,
                           assert_no_horizontal_overflow, screenshot):
    from django.urls import reverse

    make_content()
    seen = watch(page, live_server.url)
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    page.evaluate("document.fonts.ready")

    # Logo and icons: linked, served, and the logo drawn.
    logo = page.locator("header .site-logo img")
    assert urlsplit(logo.get_attribute("src")).path.endswith(".svg")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert logo.get_attribute("alt").startswith("Kennisportaal sociaal werk & ggz")
    icons = page.evaluate("""() => [...document.querySelectorAll(
        'link[rel~=icon], link[rel=apple-touch-icon]')].map(l => [l.rel, l.href])""")
    types = set()
    for rel, href in icons:
        answer = page.request.get(href)
        assert answer.ok, (rel, href, answer.status)
        types.add(answer.headers["content-type"].split(";")[0])
    assert {"image/svg+xml", "image/png"} <= types, icons
    assert page.request.get(live_server.url + "/favicon.ico").ok

    # The font: loaded from this site, and the one the text is set in.
    assert page.evaluate("""() => getComputedStyle(document.body).fontFamily""").startswith(
        '"Source Sans 3"')
    loaded = page.evaluate("""() => [...document.fonts].filter(f =>
        f.family.replace(/"/g, '') === 'Source Sans 3' && f.status === 'loaded').length""")
    assert loaded >= 1
    assert page.evaluate("""() => document.fonts.check('16px "Source Sans 3"', 'Praktijk')""")
    assert seen["fonts"] and all(
        url.startswith(live_server.url) and url.endswith(".woff2") and status == 200
        for url, status in seen["fonts"]), seen["fonts"]
    # Drawn in it: the same words are set narrower than in the fallback font would be.
    widths = page.evaluate("""() => { const probe = family => {
        const el = document.createElement('span'); el.textContent = 'Kennisportaal sociaal werk';
        el.style.fontFamily = family; document.body.append(el);
        const w = el.getBoundingClientRect().width; el.remove(); return w; };
        return [probe(getComputedStyle(document.body).fontFamily), probe('sans-serif')]; }""")
    assert widths[0] < widths[1] * 0.95, widths

    # The call to action: a button-styled link to the submission form.
    cta = page.locator("main a.button", has_text="Deel uw praktijkvoorbeeld")
    assert cta.count() == 1 and cta.is_visible()
    assert urlsplit(cta.get_attribute("href")).path == reverse("inzending_new")
    style = cta.evaluate("""a => { const s = getComputedStyle(a);
        return {bg: s.backgroundColor, deco: s.textDecorationLine, pad: parseFloat(s.paddingLeft),
                display: s.display, radius: parseFloat(s.borderTopLeftRadius),
                height: a.getBoundingClientRect().height}; }""")
    assert style["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), style
    assert style["deco"] == "none" and style["pad"] >= 12 and style["height"] >= 40, style
    assert style["display"] in ("inline-block", "inline-flex", "block", "flex"), style

    # The search box: in the first screen and wide.
    box = page.locator("#hero-q").bounding_box()
    assert box["width"] >= 400 and box["y"] + box["height"] < 600, box

    # Themes: every shown theme with its count, none without pages before one with pages.
    counts = [int(t.split()[0]) for t in page.locator(".thema-grid__count").all_inner_texts()]
    assert counts and counts[0] > 0, counts
    assert counts == sorted(counts, key=lambda n: n == 0), counts

    # Sections: never a single card; the newest practice as a row of three.
    per_section = page.evaluate("""() => [...document.querySelectorAll('main section')]
        .map(s => [...s.querySelectorAll('.card')].map(c => c.getBoundingClientRect().top))
        .filter(tops => tops.length)""")
    assert per_section and all(len(tops) != 1 for tops in per_section), per_section
    assert len(per_section[0]) == 3 and len(set(per_section[0])) == 1, per_section

    # The header: one row with the logo, the menu, search, login and the member button.
    items = header_items(page)
    names = [i["text"] for i in items]
    assert "Thema's" in names and "Inloggen" in names and "Deel uw praktijkvoorbeeld" in names
    logo_box = next(i for i in items if i["sel"] == ".site-logo")
    middle = (logo_box["top"] + logo_box["bottom"]) / 2
    for item in items:
        assert abs((item["top"] + item["bottom"]) / 2 - middle) <= 8, (item, logo_box)
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 90, header
    underlined = page.evaluate("""() => [...document.querySelectorAll('.site-header a')]
        .filter(a => getComputedStyle(a).textDecorationLine.includes('underline'))
        .map(a => a.innerText)""")
    assert underlined == [], underlined

    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    screenshot(page, "home-desktop")
    assert seen["foreign"] == [] and seen["failed"] == [] and seen["errors"] == [], seen

    # The CTA leads to the form (a visitor logs in first).
    cta.click()
    page.wait_for_load_state()
    assert reverse("inzending_new") in page.url


def test_header_search_on_other_pages_on_a_desktop(live_server, page, assert_accessible):
    make_content()
    seen = watch(page, live_server.url)
    page.goto(live_server.url + "/thema/")
    items = header_items(page)
    logo_box = next(i for i in items if i["sel"] == ".site-logo")
    middle = (logo_box["top"] + logo_box["bottom"]) / 2
    assert all(abs((i["top"] + i["bottom"]) / 2 - middle) <= 8 for i in items), items
    toggle = page.locator("button[aria-controls=site-search]")
    assert toggle.evaluate("b => b.textContent.trim()") == "Zoeken"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("#site-search-q").is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    field = page.locator("#site-search-q")
    assert field.is_visible()
    assert page.evaluate("() => document.activeElement.id") == "site-search-q"
    assert_accessible(page)
    page.keyboard.press("Escape")  # an empty field: Escape closes the search again
    assert field.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.getAttribute('aria-controls')") == (
        toggle.get_attribute("aria-controls"))
    toggle.click()
    field.fill("maatje")
    field.press("Enter")
    page.wait_for_url("**/zoeken/?q=maatje")
    assert seen["foreign"] == [] and seen["errors"] == [], seen


def placeholder_overflow(page, selector):
    """How many pixels of the field's placeholder do not fit in its text box."""
    return page.evaluate("""(selector) => {
        const field = document.querySelector(selector);
        const style = getComputedStyle(field);
        const context = document.createElement('canvas').getContext('2d');
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const box = field.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        return context.measureText(field.placeholder).width - box;
    }""", selector)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_home_on_a_phone(live_server, page, viewport, assert_accessible,
                         assert_no_horizontal_overflow, screenshot):
    make_content()
    seen = watch(page, live_server.url)
    page.goto(live_server.url + "/")
    page.evaluate("document.fonts.ready")
    assert_no_horizontal_overflow(page)
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 80, header  # the menu folded away: the content comes first
    assert page.locator("#hero-q").bounding_box()["y"] < 844
    assert page.locator("header .site-logo img").is_visible()
    assert placeholder_overflow(page, "#hero-q") <= 0  # the example is read whole


    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.locator(".site-nav").is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    links = page.locator(".site-nav a")
    assert links.count() >= 6 and all(links.nth(i).is_visible() for i in range(links.count()))
    cta = page.locator(".site-account a", has_text="Deel uw praktijkvoorbeeld")
    assert cta.is_visible()
    for item in header_items(page):
        assert item["left"] >= 0 and item["right"] <= 390, item
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    screenshot(page, "home-phone-menu")
    page.keyboard.press("Escape")
    assert page.locator(".site-nav").is_hidden()
    assert menu.get_attribute("aria-expanded") == "false"

    cards = page.evaluate("""() => [...document.querySelectorAll('main section')]
        .map(s => s.querySelectorAll('.card').length).filter(n => n)""")
    assert cards and 1 not in cards, cards
    assert_accessible(page)
    screenshot(page, "home-phone")
    assert seen["foreign"] == [] and seen["failed"] == [] and seen["errors"] == [], seen
