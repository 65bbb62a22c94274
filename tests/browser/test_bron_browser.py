"""A visitor on the werkbezoek follows a link to an intervention that came from it, and from
there the intervention's source back to the werkbezoek (headless Chromium, real content)."""

from __future__ import annotations

import pytest

from tests.browser.public_support import load_real_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_werkbezoek_to_intervention_and_back(live_server, page, assert_accessible):
    from voorbeelden.models import WerkbezoekPage

    load_real_content()
    werkbezoek = WerkbezoekPage.objects.get()
    page.set_default_timeout(30_000)
    page.goto(live_server.url + werkbezoek.url)
    assert_accessible(page)

    interventies = page.get_by_role("region", name="Interventies uit dit werkbezoek")
    interventies.get_by_role("link", name="Goede dag (inloop voor ouderen, Nijmegen)").click()
    page.wait_for_url("**/interventies/goede-dag-nijmegen/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Goede dag")
    assert "seed" not in page.content().lower()
    assert_accessible(page)

    page.locator("dt:text-is('Bron') + dd").get_by_role("link", name=werkbezoek.title).click()
    page.wait_for_url(f"**{werkbezoek.url}")
    assert page.get_by_role("heading", level=1).inner_text() == werkbezoek.title
