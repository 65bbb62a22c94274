"""An editor opens a draft of each page type in the Wagtail admin and its live preview panel
shows the page: the preview is framed by the admin's own origin (the public site refuses
every frame)."""

import pytest

from tests.factories import make_organisatie, make_page, make_site, make_thema
from tests.roles import PASSWORD, make_user

# make_user("editor") needs Wagtail's Editors group and root page from the data migrations,
# which tests/browser/conftest.py restores after an earlier live-server test's flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = {
    "interventie": "Buurtcirkel tegen eenzaamheid",
    "lab": "Verdiwel Lab over wachttijden in de ggz",
    "werkbezoek": "Werkbezoek aan de inloop in Zwolle",
    "artikel": "Samen optrekken in de wijk",
    "handreiking": "Handreiking kwartiermaken voor gemeenten",
}


def _draft(kind):
    make_site()
    return make_page(kind, TITLES[kind], live=False,
                     themas=[make_thema("Eenzaamheid onder ouderen")],
                     organisaties=[make_organisatie("Buurtteam Oost", place="Zwolle")])


@pytest.mark.parametrize("kind", list(TITLES))
def test_live_preview_panel_shows_the_draft(live_server, page, screenshot, kind):
    draft = _draft(kind)
    editor = make_user("editor")

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill(editor.get_username())
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")

    # The edit view loads all of the admin's scripts: slow on a busy two-core test machine.
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/", timeout=60_000)
    page.locator("[data-side-panel-toggle=preview]").click()

    preview = page.frame_locator("#w-preview-iframe")
    heading = preview.get_by_role("heading", level=1, name=TITLES[kind])
    heading.wait_for(timeout=60_000)
    assert preview.get_by_text("Eenzaamheid onder ouderen").first.is_visible()
    path = screenshot(page, f"admin-live-preview-{kind}", full_page=False)
    assert path.is_file()
