"""Cached overview fragments (voorbeelden/overzichten/fragments.py): a card is rendered
once and reused, and a publish of its page or a renamed Thema on it shows at once; the filter
form follows every publish."""

import inspect

from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils.html import escape

import pytest

from tests.factories import make_organisatie, make_page, make_site, make_thema
from voorbeelden.overzichten.fragments import escape_text, thema_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

CARD = "includes/card.html"


def render(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    cards = [t.name for t in response.templates].count(CARD)
    return response.content.decode(), cards


@pytest.fixture
def two_pages():
    make_site()
    thema = make_thema("Eenzaamheid")
    first = make_page("interventie", "Maatjesproject", themas=[thema])
    second = make_page("interventie", "Buurtkamer Noord", themas=[thema])
    return thema, first, second


def test_cards_are_rendered_once_and_reused(client, two_pages):
    html, rendered = render(client, "/interventies/")
    assert rendered == 2
    again, rendered = render(client, "/interventies/")
    assert rendered == 0
    assert again == html
    assert "Maatjesproject" in again and "Buurtkamer Noord" in again


def test_a_publish_rerenders_only_that_pages_card(client, two_pages):
    _thema, first, _second = two_pages
    render(client, "/interventies/")
    first.title = "Maatjesproject Oost"
    first.intro = "Nieuwe inleiding over maatjes."
    first.save_revision().publish()

    html, rendered = render(client, "/interventies/")
    assert rendered == 1
    assert "Maatjesproject Oost" in html
    assert "Nieuwe inleiding over maatjes." in html
    assert "Buurtkamer Noord" in html


def test_renaming_a_thema_on_a_card_shows_at_once(client, two_pages):
    thema, _first, _second = two_pages
    other = make_page("artikel", "Ander artikel", themas=[make_thema("Wonen")])
    html, _ = render(client, "/interventies/")
    assert html.count(">Eenzaamheid</a>") == 2

    thema.name = "Eenzaamheid en isolement"
    thema.save()
    html, rendered = render(client, "/interventies/")
    assert rendered == 2  # both cards show the theme
    assert html.count(">Eenzaamheid en isolement</a>") == 2
    assert ">Eenzaamheid</a>" not in html
    # A card without that theme is not rendered again.
    render(client, "/artikelen/")
    thema.save()
    _html, rendered = render(client, "/artikelen/")
    assert rendered == 0 and other.pk


def test_a_moved_page_gets_a_card_with_its_new_url(client, two_pages):
    _thema, first, _second = two_pages
    html, _ = render(client, "/interventies/")
    assert f'href="{first.url}"' in html
    first.slug = "maatjes-verhuisd"
    first.save_revision().publish()
    first.refresh_from_db()
    html, _ = render(client, "/interventies/")
    assert 'href="/interventies/maatjes-verhuisd/"' in html


def test_the_filter_form_follows_a_publish(client, two_pages):
    thema, _first, _second = two_pages
    html, _ = render(client, "/interventies/")
    assert "Eenzaamheid <span class=\"filters__count\">(2)</span>" in html
    make_page("interventie", "Soep op de stoep", themas=[thema])
    html, _ = render(client, "/interventies/")
    assert "Eenzaamheid <span class=\"filters__count\">(3)</span>" in html
    assert "3 resultaten" in html


def test_the_filter_forms_options_are_escaped_and_ticked(client, two_pages):
    organisatie = make_organisatie('Zorg & Welzijn "Noord" <script>')
    make_page("interventie", "Buurtpension", organisaties=[organisatie])
    html, _ = render(client, f"/interventies/?organisatie={organisatie.slug}")
    assert ("Zorg &amp; Welzijn &quot;Noord&quot; &lt;script&gt; "
            '<span class="filters__count">(1)</span>') in html
    assert "<script>" not in html
    assert (f'name="organisatie" value="{organisatie.slug}" id="f-organisatie-1" checked>'
            in html)


def test_a_deploy_that_changes_the_theme_tags_code_renders_the_cards_again(
        client, two_pages, monkeypatch):
    """The theme tags are written in Python (``render_thema_tags``): the cards' keys hold a
    digest of its source, as they hold the card template's, so new markup is never hidden
    behind a kept card."""
    from voorbeelden.overzichten import fragments
    from voorbeelden.templatetags import fragment_tags

    render(client, "/interventies/")
    _html, rendered = render(client, "/interventies/")
    assert rendered == 0

    def render_thema_tags(themas, compact=False):
        return fragments.mark_safe('<ul class="tags nieuw"></ul>')

    # the new code, where the cards' keys and the template tag find it
    monkeypatch.setattr(fragments, "render_thema_tags", render_thema_tags)
    monkeypatch.setattr(fragment_tags, "render_thema_tags", render_thema_tags)
    html, rendered = render(client, "/interventies/")
    assert rendered == 2
    assert 'class="tags nieuw"' in html


def test_code_digest_without_source_files_still_tells_code_apart():
    """A deploy of compiled files only has no source to read: the digest then comes from
    the compiled code, and still differs when the markup does."""
    from voorbeelden.overzichten.fragments import code_digest

    namespace = {}
    exec("def old():\n    return '<ul>'\ndef new():\n    return '<ol>'", namespace)
    with pytest.raises(OSError):
        inspect.getsource(namespace["old"])
    assert code_digest(namespace["old"]) != code_digest(namespace["new"])
    assert code_digest(namespace["old"]) == code_digest(namespace["old"])


def test_theme_links_are_kept_per_url_configuration():
    """``thema_url`` keeps reverse's answer: a site served under a prefix, or another URL
    configuration, gets its own links, never one kept for another."""
    assert thema_url("herstel") == reverse("thema_detail", args=["herstel"]) == "/thema/herstel/"
    set_script_prefix("/portaal/")
    try:
        assert thema_url("herstel") == "/portaal/thema/herstel/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.voorbeelden.other_urls"):
        assert thema_url("herstel") == "/elders/herstel/"
    assert thema_url("herstel") == "/thema/herstel/"


@pytest.mark.parametrize("text", [
    "Stimenz & co", "<script>alert('x')</script>", 'a "quoted" name', "Café ‘De Brug’",
    "&amp; already", 2023, None,
])
def test_markup_written_in_python_escapes_as_django_does(text):
    assert escape_text(text) == escape(text)
