"""Suggestions while typing in every search box of the portal (the header's, the home
page's, the search page's and the 404 page's), in headless Chromium with the real content
and the public Content-Security-Policy: the WAI-ARIA 1.2 combobox pattern with a listbox
popup, driven by the keyboard; the list under the field and inside the screen on a phone
and a desktop; without JavaScript each box still searches at /zoeken/.

Screenshots of the open list go to $AUTOCOMPLETE_SCREENSHOTS (default: a folder in the
system's temporary directory) for a human to look at.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import format_violations, run_axe
from tests.browser.public_support import load_real_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOT_DIR = Path(os.environ.get("AUTOCOMPLETE_SCREENSHOTS",
                               Path(tempfile.gettempdir()) / "autocomplete-screenshots"))
SUGGEST_PATH = "/zoeken/suggesties/"
# name: (page, the search box on it). The home page hides the header's box (its own is
# the big one), so the header's is tried on the theme overview.
BOXES = {
    "kop": ("/thema/", "#site-search-q"),
    "home": ("/", "#hero-q"),
    "zoeken": ("/zoeken/", "#zoeken-q"),
    "niet-gevonden": ("/bestaat-niet/", "#q404"),
}
AVAILABLE = re.compile(r"^(\d+) suggesties? beschikbaar$")
DEBOUNCE_MS = 200  # static/zoeken/autocomplete.js: the pause after the last key


def hold_timers(page):
    """The page's timers wait for the test (Playwright's clock; ``page.clock.install()``
    before the page loads): the pause after the last key ends when the test lets it pass,
    not whenever a busy machine happens to be slow between two keys, so the requests can
    be counted exactly."""
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)


def let_the_pause_pass(page):
    page.clock.run_for(DEBOUNCE_MS + 50)


def show_header_search(page, name):
    """The header's box sits behind "Zoeken" on a desktop and inside "Menu" on a phone
    (static/js/header.js); a visitor opens it first."""
    if name != "kop":
        return
    for toggle in ("button[aria-controls=site-search]", "button[aria-controls=site-menu]"):
        if page.locator(toggle).is_visible():
            page.locator(toggle).click()

GEOMETRY_JS = """([input, list]) => {
  const i = input.getBoundingClientRect(), l = list.getBoundingClientRect();
  const doc = document.documentElement;
  // Whatever is drawn at the middle of each option: the option itself, not the header or
  // a card laid over it.
  const covered = [...list.querySelectorAll('[role=option]')].filter(o => {
    const r = o.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !(hit && o.contains(hit));
  }).map(o => o.id);
  return {input: {left: i.left, right: i.right, top: i.top, bottom: i.bottom},
          list: {left: l.left, right: l.right, top: l.top, bottom: l.bottom},
          width: Math.min(window.innerWidth, doc.clientWidth),
          height: Math.min(window.innerHeight, doc.clientHeight),
          scrollWidth: doc.scrollWidth, covered};
}"""


def watch(page):
    """The suggestion requests the page makes, its uncaught errors and CSP refusals."""
    seen = {"requests": [], "aborted": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url)
            if SUGGEST_PATH in r.url else None)
    page.on("requestfailed", lambda r: seen["aborted"].append(r.url)
            if SUGGEST_PATH in r.url else None)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("console", lambda m: seen["errors"].append(m.text)
            if "Content Security Policy" in m.text else None)
    return seen


def typed(url):
    return parse_qs(urlsplit(url).query).get("q", [""])[0]


def listbox_of(page, box):
    controls = box.get_attribute("aria-controls")
    assert controls, "the combobox names its popup in aria-controls"
    listbox = page.locator(f"#{controls}")
    assert listbox.count() == 1
    assert listbox.get_attribute("role") == "listbox"
    return listbox


def open_with(page, box, word, held=False):
    box.click()
    box.press_sequentially(word, delay=40)
    if held:
        let_the_pause_pass(page)
    listbox = listbox_of(page, box)
    listbox.locator("[role=option]").first.wait_for(state="visible")
    return listbox


def option_label(option):
    """The option's title as its page shows it in the h1 (without the "(thema)" note)."""
    return option.locator(".suggest__label").inner_text().strip()


@pytest.mark.viewports("phone", "desktop")
@pytest.mark.parametrize("name", list(BOXES))
def test_suggestions_under_each_search_box(live_server, page, viewport, name,
                                           assert_no_horizontal_overflow):
    load_real_content()
    path, selector = BOXES[name]
    seen = watch(page)
    page.clock.install()
    response = page.goto(live_server.url + path)
    assert "script-src 'self';" in response.headers["content-security-policy"]
    hold_timers(page)
    show_header_search(page, name)
    box = page.locator(selector)

    # A combobox before anything is typed, its popup closed.
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-autocomplete") == "list"
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("autocomplete") == "off"
    listbox = listbox_of(page, box)
    assert listbox.is_hidden()
    assert listbox.get_attribute("aria-label") or listbox.get_attribute("aria-labelledby")

    # One character: nothing is asked, nothing shown.
    box.click()
    box.press_sequentially("k")
    let_the_pause_pass(page)
    page.wait_for_timeout(300)
    assert seen["requests"] == []
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"

    # A real word typed without a pause: one request when the typing stops, not one per
    # key.
    box.press_sequentially("wartier", delay=40)
    assert seen["requests"] == []
    let_the_pause_pass(page)
    options = listbox.locator("[role=option]")
    options.first.wait_for(state="visible")
    page.wait_for_timeout(300)
    assert [typed(url) for url in seen["requests"]] == ["kwartier"]
    # Time flows again: axe and the screenshots wait on the page's timers and frames.
    page.clock.resume()
    assert box.get_attribute("aria-expanded") == "true"
    count = options.count()
    assert count >= 2
    labels = [option_label(options.nth(i)) for i in range(count)]
    assert labels[0] == "Kwartiermaken"  # the theme first
    assert all("kwartier" in label.lower() for label in labels), labels
    ids = [options.nth(i).get_attribute("id") for i in range(count)]
    assert all(ids) and len(set(ids)) == count
    assert [options.nth(i).get_attribute("aria-selected") for i in range(count)] == [
        "false"] * count
    assert box.get_attribute("aria-activedescendant") is None
    status = page.locator("[aria-live=polite]").filter(has_text=AVAILABLE)
    assert status.count() == 1
    assert AVAILABLE.match(status.inner_text().strip()).group(1) == str(count)
    assert status.inner_text().strip() == f"{count} suggesties beschikbaar"

    # The list directly under the field, as wide as the field, inside the screen and drawn
    # on top of everything else.
    geometry = page.evaluate(GEOMETRY_JS, [box.element_handle(), listbox.element_handle()])
    field, popup = geometry["input"], geometry["list"]
    assert field["bottom"] - 1 <= popup["top"] <= field["bottom"] + 4, geometry
    assert abs(popup["left"] - field["left"]) <= 1, geometry
    assert abs(popup["right"] - field["right"]) <= 1, geometry
    assert popup["left"] >= 0 and popup["right"] <= geometry["width"], geometry
    assert popup["bottom"] <= geometry["height"], geometry
    assert geometry["covered"] == [], geometry
    assert_no_horizontal_overflow(page)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    SHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SHOT_DIR / f"autocomplete-{name}-{viewport}.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")

    # Arrow keys move the highlight (wrapping), the combobox follows it.
    box.press("ArrowDown")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == ids[0]
    # The highlight is seen, not only announced.
    background = "e => getComputedStyle(e).backgroundColor"
    assert options.nth(0).evaluate(background) != options.nth(1).evaluate(background)
    page.screenshot(path=str(SHOT_DIR / f"autocomplete-{name}-{viewport}-gekozen.png"))
    box.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    assert box.get_attribute("aria-activedescendant") == ids[1]
    box.press("ArrowUp")
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == ids[-1]
    assert page.evaluate("() => document.activeElement.id") == selector[1:]

    # Escape closes and keeps the words; a second Escape empties the field.
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "kwartier"
    box.press("Escape")
    assert box.input_value() == ""

    # Tab leaves the field and closes the list.
    listbox = open_with(page, box, "kwartier")
    box.press("Tab")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.id") != selector[1:]

    # Enter with nothing highlighted searches for the words typed.
    box.fill("")
    listbox = open_with(page, box, "kwartier")
    box.press("Enter")
    page.wait_for_url("**/zoeken/?*")
    assert typed(page.url) == "kwartier"

    # Enter on a highlighted suggestion opens its page.
    page.goto(live_server.url + path)
    show_header_search(page, name)
    box = page.locator(selector)
    box.fill("")
    listbox = open_with(page, box, "kwartier")
    box.press("ArrowDown")
    box.press("ArrowDown")
    chosen = listbox.locator("[role=option][aria-selected=true]")
    title = option_label(chosen)
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path != "/zoeken/"
    assert page.locator("h1").inner_text().strip() == title
    assert seen["errors"] == []


def test_a_stale_answer_never_replaces_a_newer_one(live_server, page):
    """The visitor types on while an earlier request is still out: that request is
    cancelled, and if its answer came anyway it would not replace the newer list."""
    load_real_content()
    seen = watch(page)
    held = []

    def hold_the_first(route):
        if not held:
            held.append(route)
        else:
            route.continue_()

    page.route(f"**{SUGGEST_PATH}**", hold_the_first)
    page.clock.install()
    page.goto(live_server.url + "/")
    hold_timers(page)
    box = page.locator("#hero-q")
    box.click()
    box.press_sequentially("kwartier", delay=40)
    let_the_pause_pass(page)
    page.wait_for_timeout(700)
    assert len(held) == 1  # out, unanswered
    box.fill("")
    listbox = open_with(page, box, "maatje", held=True)
    try:
        held[0].continue_()  # the old answer arrives late, if the page still wants it
    except Exception:  # noqa: BLE001 - the page has cancelled it: what it should do
        pass
    page.wait_for_timeout(700)
    assert [typed(u) for u in seen["aborted"]] == ["kwartier"]
    options = listbox.locator("[role=option]")
    labels = [option_label(options.nth(i)) for i in range(options.count())]
    assert labels and all("maatje" in label.lower() for label in labels), labels


def test_cached_page_suggests_for_every_visitor(live_server, page, browser, settings):
    """The home page is served from the whole-page cache (the same HTML for everybody);
    the second visitor's copy comes from the cache and suggests just the same."""
    settings.PAGE_CACHE_ENABLED = True
    load_real_content()
    first = page.goto(live_server.url + "/")
    assert first.headers.get("x-page-cache") == "miss"
    other = browser.new_context(locale="nl-NL")
    try:
        visitor = other.new_page()
        second = visitor.goto(live_server.url + "/")
        assert second.headers.get("x-page-cache") == "hit"
        assert second.body() == first.body()
        box = visitor.locator("#hero-q")
        listbox = open_with(visitor, box, "maatje")
        assert listbox.locator("[role=option]").count() >= 1
    finally:
        other.close()


def test_without_javascript_every_box_searches(live_server, browser):
    load_real_content()
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        for path, selector in BOXES.values():
            page.goto(live_server.url + path)
            box = page.locator(selector)
            assert box.get_attribute("role") is None  # a plain search field, no popup
            box.fill("maatje")
            box.press("Enter")
            page.wait_for_url("**/zoeken/?*")
            assert typed(page.url) == "maatje"
            assert "resultaten voor ‘maatje’" in page.locator("#zoeken-count").inner_text()
    finally:
        context.close()
