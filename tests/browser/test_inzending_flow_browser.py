"""A member and an editor, in headless Chromium, take an example from form to published page.

Register, confirm (the link from the e-mail), log in, submit with an attachment, see the
status; an editor makes the draft page and publishes it in Wagtail; the member sees
"Gepubliceerd" with the link to the page and the attachment on it.
"""

import re

from django.core import mail
from django.core.cache import cache

import pytest

from tests.browser.public_support import ensure_wagtail_root
from tests.factories import make_organisatie, make_site, make_thema
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import PASSWORD, PDF
from voorbeelden.models import InterventiePage, Inzending

pytestmark = pytest.mark.browser


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
    page.get_by_role("link", name="Inloggen").click()
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
    page.locator("main").get_by_role("link", name="Deel je praktijkvoorbeeld").click()
    assert page.get_by_label("Organisatie", exact=True).input_value()  # her own, preselected
    page.get_by_label("Titel van het voorbeeld").fill("Buurtmaatjes in Nijmegen-Oost")
    page.get_by_label("Plaats").fill("Nijmegen")
    page.get_by_label("Maatjes").check()
    page.get_by_label("Doel", exact=True).fill("Eenzaamheid verminderen.")
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
