"""The submission form's attachments field in Dutch: a "Kies bestanden" button and the chosen
names beside it, instead of Chromium's own "Choose Files" / "No file chosen"; the real file
input stays labelled and reachable with the keyboard, and works as before without script.
"""

from django.core.cache import cache

import pytest

from tests.browser.public_support import ensure_wagtail_root, open_submission_form
from tests.roles import make_user
from voorbeelden.models import Inzending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_form(live_server, page):
    from tests.factories import make_site, make_thema

    cache.clear()
    ensure_wagtail_root()
    make_site()
    make_thema("Maatjes")
    member = make_user("member")
    open_submission_form(page, live_server.url, member)
    return member


@pytest.mark.viewports("phone", "desktop")
def test_attachments_field_is_dutch_and_reachable_by_keyboard(
    live_server, page, viewport, screenshot, assert_accessible, assert_no_horizontal_overflow
):
    _open_form(live_server, page)
    button = page.locator("label.bestanden__knop")
    assert button.inner_text() == "Kies bestanden"
    assert button.is_visible()
    chosen = page.locator(".bestanden__keuze")
    assert chosen.inner_text() == "Geen bestand gekozen"
    # The native control (with Chromium's English words) is off screen, not gone.
    field = page.get_by_label("Bijlagen", exact=False)
    assert field.get_attribute("type") == "file"
    box = field.bounding_box()
    assert box is None or box["width"] <= 1

    # From the field before it, Tab lands on the file input; the button shows the focus.
    page.get_by_label("Links").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_bijlagen"
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", outline
    described = field.get_attribute("aria-describedby").split()
    assert chosen.get_attribute("id") in described

    field.set_input_files([
        {"name": "verslag-2023.pdf", "mimeType": "application/pdf",
         "buffer": b"%PDF-1.4\n%%EOF\n"},
        {"name": "foto-buurthuis.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n"},
    ])
    assert chosen.inner_text() == "verslag-2023.pdf, foto-buurthuis.png"
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    screenshot(page, f"inzending-bestanden-{viewport}")


def test_attachments_field_without_javascript(live_server, browser):
    """Without script the browser's own file input shows and is sent with the form."""
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    _open_form(live_server, page)
    field = page.get_by_label("Bijlagen", exact=False)
    assert field.is_visible() and field.bounding_box()["width"] > 50
    assert page.locator("label.bestanden__knop").is_hidden()
    field.set_input_files([{"name": "verslag-2023.pdf", "mimeType": "application/pdf",
                            "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
    page.get_by_label("Titel van het voorbeeld").fill("Herstelcafé in de wijk")
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_role("link", name="verslag-2023.pdf").wait_for()
    assert Inzending.objects.get().bijlagen.get().name == "verslag-2023.pdf"
    context.close()
