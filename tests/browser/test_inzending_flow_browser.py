"""A member and an editor, in headless Chromium, take an example from form to published page.

Register, confirm (the link from the e-mail), log in, submit with an attachment, see the
status; an editor makes the draft page and publishes it in Wagtail; the member sees
"Gepubliceerd" with the link to the page and the attachment on it.
"""

import re

from django.core import mail
from django.core.cache import cache
from django.utils import timezone

import pytest

from portaal.models import Organisatie
from tests.browser.public_support import ensure_wagtail_root
from tests.factories import make_organisatie, make_site, make_thema
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import PASSWORD, PDF
from voorbeelden.models import InterventiePage, Inzending

ORGANISATIES = ["Stimenz", "de Nederlandse GGZ", "GGZ Nederland", "Het Rode Kruis", "Mezzo",
                "Movisie", "MIND", "Sociaal Werk Nederland", "Stichting Door en Voor"]

pytestmark = pytest.mark.browser

VIEWPORT_WIDTHS = {"phone": 390, "desktop": 1366}


def _portal():
    """live_server flushes the database between tests, Wagtail's root rows included."""
    ensure_wagtail_root()
    make_site()
    make_thema("Maatjes")
    make_thema("Schulden")
    return make_organisatie("Stimenz")


def test_member_and_editor_from_form_to_published_page(
    live_server, browser, page, screenshot, assert_accessible, tmp_path
):
    cache.clear()
    _portal()
    url = live_server.url

    # The member registers ...
    page.goto(url + "/")
    page.get_by_role("link", name="Inloggen", exact=True).click()
    page.get_by_role("link", name="Meld u aan als lid").click()
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Achternaam").fill("El Amrani")
    page.get_by_label("E-mailadres").fill("fatima@stimenz.nl")
    page.get_by_label("Organisatie", exact=True).select_option(label="Stimenz")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nogmaals").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("heading", name="Bijna klaar: bevestig uw e-mailadres").wait_for()

    # ... confirms with the link from the e-mail ...
    link = re.search(r"http://\S+/account/bevestigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("link", name="Log nu in").click()

    # ... logs in ...
    page.get_by_label("E-mailadres").fill("fatima@stimenz.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn inzendingen").wait_for()

    # ... and submits an example with an attachment.
    page.locator("main").get_by_role("link", name="Deel uw praktijkvoorbeeld").click()
    assert page.get_by_role("combobox", name="Organisatie (verplicht)").input_value() == "Stimenz"
    page.get_by_label("Titel van het voorbeeld").fill("Buurtmaatjes in Nijmegen-Oost")
    page.get_by_label("Plaats").fill("Nijmegen")
    page.get_by_label("Maatjes").check()
    page.get_by_label("Doel (verplicht)").fill("Eenzaamheid verminderen.")
    page.get_by_label("Aanpak").fill("Vrijwilligers koppelen aan bewoners.")
    page.get_by_label("Contactpersoon").fill("Fatima El Amrani, 024-1234567")
    # Too large a file is named before the upload starts (static/js/inzending-form.js).
    big = tmp_path / "groot.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    page.get_by_label("Bijlagen").set_input_files(str(big))
    message = page.get_by_label("Bijlagen").evaluate("el => el.validationMessage")
    assert "Te groot (meer dan 10 MB): groot.pdf" in message
    pdf = tmp_path / "Verslag 2023.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Bijlagen").set_input_files(str(pdf))
    assert page.get_by_label("Bijlagen").evaluate("el => el.validationMessage") == ""
    assert_accessible(page)
    screenshot(page, "inzending-formulier")
    page.get_by_role("button", name="Indienen").click()
    page.get_by_text("Uw praktijkvoorbeeld is ingediend").wait_for()
    assert page.locator(".status").inner_text() == "Ingediend"
    assert page.get_by_role("link", name="verslag-2023.pdf").is_visible()
    screenshot(page, "inzending-ingediend")
    inzending = Inzending.objects.get()

    # A moderator (Wagtail's Moderators group: editors who may publish, not a superuser)
    # turns it into a draft page and publishes it.
    editor = make_user("moderator", email="redactie@kennisportaal.nl")
    editor_context = browser.new_context(locale="nl-NL")
    editor_page = editor_context.new_page()
    editor_page.set_default_timeout(15_000)
    editor_page.goto(url + f"/admin/voorbeelden/inzending/inspect/{inzending.pk}/")
    editor_page.locator("input[name=username]").fill(editor.username)
    editor_page.locator("input[name=password]").fill(PASSWORD)
    editor_page.locator("form button[type=submit]").first.click()
    editor_page.get_by_role("button", name="Maak conceptpagina").click()
    editor_page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    screenshot(editor_page, "inzending-conceptpagina")
    draft = InterventiePage.objects.get()
    assert not draft.live
    editor_page.evaluate("document.querySelector('button[name=action-publish]').click()")
    editor_page.wait_for_url(re.compile(r"/admin/pages/\d+/(?!edit)"))
    draft.refresh_from_db()
    assert draft.live
    editor_context.close()

    # The member sees "Gepubliceerd" with the link, and the page with the attachment.
    page.goto(url + "/mijn-inzendingen/")
    row = page.locator("tr", has_text="Buurtmaatjes in Nijmegen-Oost")
    assert "Gepubliceerd" in row.inner_text()
    screenshot(page, "inzending-gepubliceerd")
    row.get_by_role("link", name="Bekijk de pagina").click()
    page.get_by_role("heading", name="Buurtmaatjes in Nijmegen-Oost", level=1).wait_for()
    assert page.get_by_role("link", name="verslag-2023.pdf").is_visible()
    screenshot(page, "inzending-pagina")


def _log_in(page, url, email):
    page.goto(url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn inzendingen").wait_for()


def _member_with_organisations():
    _portal()
    for name in ORGANISATIES:
        make_organisatie(name)
    return make_user("member", email="lid@stimenz.nl")


def _fill_required_text(page):
    page.get_by_label("Titel van het voorbeeld").fill("Herstelcafé in de wijk")
    page.get_by_label("Maatjes").check()
    page.get_by_label("Doel (verplicht)").fill("Herstel ondersteunen.")
    page.get_by_label("Aanpak").fill("Wekelijks een ervaringsdeskundige in het buurthuis.")
    page.get_by_label("Contactpersoon").fill("Fatima El Amrani, 024-1234567")


@pytest.mark.viewports("phone", "desktop")
def test_organisation_is_found_by_part_of_its_name(
    live_server, page, viewport, screenshot, assert_accessible, assert_no_horizontal_overflow
):
    """About fifty organisations: the member types part of a name and picks it; "de
    Nederlandse GGZ" is found by "nederl" and by "ggz" alike."""
    cache.clear()
    member = _member_with_organisations()
    _log_in(page, live_server.url, member.email)
    page.goto(live_server.url + "/inzenden/")
    page.get_by_text("Velden met (verplicht) moet u invullen voordat u indient").wait_for()
    field = page.get_by_role("combobox", name="Organisatie (verplicht)")
    assert field.get_attribute("aria-required") == "true"
    assert field.input_value() == "Stimenz"
    assert_accessible(page)
    screenshot(page, f"inzending-formulier-{VIEWPORT_WIDTHS[viewport]}")

    field.fill("")
    field.press_sequentially("ggz")
    listbox = page.get_by_role("listbox", name="Organisatie (verplicht)")
    listbox.wait_for()
    # In the Dutch order of every list: "de Nederlandse GGZ" under N.
    assert listbox.get_by_role("option").all_inner_texts() == [
        "GGZ Nederland", "de Nederlandse GGZ"]
    assert field.get_attribute("aria-expanded") == "true"
    page.get_by_role("status").filter(has_text="2 treffers in de lijst").wait_for()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    screenshot(page, f"inzending-organisatie-zoeken-{VIEWPORT_WIDTHS[viewport]}")

    field.fill("")
    field.press_sequentially("nederl")
    assert listbox.get_by_role("option").all_inner_texts() == [
        "GGZ Nederland", "de Nederlandse GGZ", "Sociaal Werk Nederland"]
    if viewport == "phone":
        listbox.get_by_role("option", name="de Nederlandse GGZ").tap()
    else:
        field.press("ArrowDown")
        field.press("ArrowDown")
        assert field.get_attribute("aria-activedescendant") == listbox.get_by_role(
            "option", name="de Nederlandse GGZ").get_attribute("id")
        field.press("Enter")
    assert field.input_value() == "de Nederlandse GGZ"
    assert listbox.is_hidden() and field.get_attribute("aria-expanded") == "false"

    _fill_required_text(page)
    page.get_by_role("button", name="Indienen").click()
    page.get_by_text("Uw praktijkvoorbeeld is ingediend").wait_for()
    assert Inzending.objects.get().organisatie.name == "de Nederlandse GGZ"


def test_organisation_without_javascript(live_server, browser):
    """Without script the field is a text field with the names as the browser's own
    suggestions; the name typed is enough."""
    cache.clear()
    member = _member_with_organisations()
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    _log_in(page, live_server.url, member.email)
    page.goto(live_server.url + "/inzenden/")
    field = page.get_by_label("Organisatie (verplicht)")
    assert field.get_attribute("list") == "id_organisatie_lijst"
    assert page.locator("#id_organisatie_lijst option").count() == len(ORGANISATIES)
    field.fill("de nederlandse ggz")
    _fill_required_text(page)
    page.get_by_role("button", name="Indienen").click()
    page.get_by_text("Uw praktijkvoorbeeld is ingediend").wait_for()
    assert Inzending.objects.get().organisatie.name == "de Nederlandse GGZ"
    context.close()


def _ax_roles(page):
    """(role, name) of every node in Chromium's accessibility tree: what a screen reader is
    told, whatever the CSS makes of the page."""
    session = page.context.new_cdp_session(page)
    tree = session.send("Accessibility.getFullAXTree")
    session.detach()
    return [(ax.get("role", {}).get("value"), ax.get("name", {}).get("value", ""))
            for ax in tree["nodes"] if not ax.get("ignored")]


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_mijn_inzendingen_on_a_phone_names_each_column(
    live_server, page, screenshot, assert_accessible, assert_no_horizontal_overflow
):
    cache.clear()
    member = _member_with_organisations()
    for title, status in (("Herstelcafé in de wijk", Inzending.Status.INGEDIEND),
                          ("Buurtmaatjes in Nijmegen-Oost", Inzending.Status.CONCEPT)):
        Inzending.objects.create(user=member, title=title, status=status,
                                 organisatie=member.organisatie)
    _log_in(page, live_server.url, member.email)
    assert page.viewport_size["width"] == 390
    table = page.get_by_role("table", name="Uw inzendingen en hun status")
    columns = ["Titel", "Status", "Laatst gewijzigd", "Pagina"]
    for row in table.locator("tbody tr").all():
        cells = row.locator("td").all()
        assert len(cells) == len(columns)
        for cell, column in zip(cells, columns, strict=True):
            # The label is drawn before the value, on screen, inside the cell.
            label = cell.evaluate(
                "td => getComputedStyle(td, '::before').getPropertyValue('content')")
            assert column in label, (column, label)
            box, first = cell.bounding_box(), cell.evaluate(
                "td => { const r = document.createRange(); r.selectNodeContents(td);"
                " const b = r.getBoundingClientRect(); return {x: b.x, right: b.right}; }")
            assert box["width"] > 0 and box["x"] >= 0 and first["right"] <= 390
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    # Still a table to a screen reader: its column headers and cells are in the tree.
    roles = _ax_roles(page)
    assert ("table", "Uw inzendingen en hun status") in roles
    headers = [name for role, name in roles if role == "columnheader"]
    assert headers == columns
    assert sum(1 for role, _ in roles if role == "cell") == 2 * len(columns)
    screenshot(page, "mijn-inzendingen-390")


# Each word in the listing's headers and cells, measured: a word whose letters lie on more
# than one line was broken in the middle ("Ingedien|d").
BROKEN_WORDS_JS = """
() => {
  const broken = [];
  for (const cell of document.querySelectorAll("table.listing th, table.listing td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (tops.size > 1) { broken.push(match[0]); }
      }
    }
  }
  return broken;
}
"""


def test_queue_columns_do_not_break_inside_a_word(live_server, page, screenshot):
    cache.clear()
    member = _member_with_organisations()
    organisaties = list(Organisatie.objects.all())
    for n, organisatie in enumerate(organisaties):
        Inzending.objects.create(
            user=member, organisatie=organisatie, status=Inzending.Status.INGEDIEND,
            title=f"Herstelcafé en buurtmaatjes voor bewoners met psychische kwetsbaarheid {n}",
            submitted_at=timezone.now())
    moderator = make_user("moderator", email="redactie@kennisportaal.nl")
    page.goto(live_server.url + "/admin/voorbeelden/inzending/")
    page.locator("input[name=username]").fill(moderator.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    headers = page.locator("table.listing thead th")
    headers.first.wait_for()
    assert page.viewport_size["width"] == 1366
    texts = [t.strip() for t in headers.all_inner_texts()]
    assert "Ingediend op" in " ".join(texts), texts
    screenshot(page, "inzendingen-wachtrij-1366")
    assert page.evaluate(BROKEN_WORDS_JS) == []
    # A status stays on one line, as a date does with its time on the next at most.
    status = page.locator("table.listing tbody td.field-status").first
    assert status.evaluate("td => td.getClientRects().length") == 1
    assert status.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td);"
        " return new Set(Array.from(r.getClientRects(), b => Math.round(b.top))).size; }") == 1
