"""The anonymous page cache serves cached pages, and never a stale one after a change."""

from django.core.cache import caches
from django.test import override_settings

import pytest

from portaal.cache import HEADER, current_generation
from portaal.models import Thema
from tests.factories import make_page, make_site, make_thema
from voorbeelden.models import InterventiePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(tmp_path):
    caches["default"].clear()
    with override_settings(
        PAGE_CACHE_ENABLED=True, PAGE_CACHE_GENERATION_FILE=str(tmp_path / "generation")
    ):
        yield
    caches["default"].clear()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_second_anonymous_request_is_a_hit_and_equal(client):
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    first = get(client, "/thema/eenzaamheid/")
    second = get(client, "/thema/eenzaamheid/")
    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content == first.content
    # The query string is part of the key: another page of the listing is another entry.
    assert get(client, "/thema/eenzaamheid/?pagina=1")[HEADER] == "miss"


def test_cache_really_serves_old_content_until_a_signal(client):
    """Proves the cache is in the way: a change without signals stays invisible."""
    make_site()
    thema = make_thema("Eenzaamheid")
    page = make_page("interventie", "Maatjesproject", themas=[thema])
    get(client, "/thema/eenzaamheid/")
    InterventiePage.objects.filter(pk=page.pk).update(title="Stille titelwijziging")
    assert b"Stille titelwijziging" not in get(client, "/thema/eenzaamheid/").content


def test_publish_shows_up_on_the_overview_at_once(client):
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    get(client, "/thema/eenzaamheid/")
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "hit"
    draft = make_page("interventie", "Buurtkamer Noord", themas=[thema], live=False)
    # A draft changes nothing public: still served from the cache.
    response = get(client, "/thema/eenzaamheid/")
    assert response[HEADER] == "hit"
    assert b"Buurtkamer Noord" not in response.content

    draft.get_latest_revision().publish()
    response = get(client, "/thema/eenzaamheid/")
    assert response[HEADER] == "miss"
    assert b"Buurtkamer Noord" in response.content


def test_unpublish_removes_the_page_from_cached_overview_and_detail(client):
    make_site()
    thema = make_thema("Eenzaamheid")
    page = make_page("interventie", "Maatjesproject", themas=[thema])
    url = page.url
    assert b"Maatjesproject" in get(client, "/thema/eenzaamheid/").content
    assert get(client, url)[HEADER] == "miss"
    assert get(client, url)[HEADER] == "hit"

    page.unpublish()
    assert b"Maatjesproject" not in get(client, "/thema/eenzaamheid/").content
    assert client.get(url).status_code == 404


def test_move_sends_the_old_url_to_the_new_place(client):
    make_site()
    page = make_page("interventie", "Maatjesproject")
    other = make_page("interventie", "Buurtkamer")
    old_url = page.url
    get(client, old_url)
    assert get(client, old_url)[HEADER] == "hit"

    page.move(other, pos="last-child")
    page.refresh_from_db()
    # Not the cached 200: Wagtail's automatic redirect to the new URL.
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(page.url)
    assert get(client, page.url).status_code == 200


def test_delete_makes_the_page_disappear(client):
    make_site()
    page = make_page("interventie", "Maatjesproject")
    url = page.url
    get(client, url)
    page.delete()
    assert client.get(url).status_code == 404


def test_thema_change_purges_every_page(client):
    make_site()
    thema = make_thema("Eenzaamheid")
    page = make_page("interventie", "Maatjesproject", themas=[thema])
    get(client, page.url)
    get(client, "/thema/")
    before = current_generation()

    thema = Thema.objects.get(pk=thema.pk)
    thema.name = "Eenzaamheid en isolement"
    thema.save()
    assert current_generation() != before
    assert b"Eenzaamheid en isolement" in get(client, "/thema/").content
    assert get(client, page.url)[HEADER] == "miss"


def test_logged_in_users_always_get_fresh_pages(client, django_user_model):
    make_site()
    thema = make_thema("Eenzaamheid")
    page = make_page("interventie", "Maatjesproject", themas=[thema])
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "miss"
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "hit"

    user = django_user_model.objects.create_user("lid", "lid@example.org", "geheim-wachtwoord")
    client.force_login(user)
    response = get(client, "/thema/eenzaamheid/")
    # Rendered for this user, not the anonymous copy from the page cache.
    assert HEADER not in response
    assert b"Ingelogd als lid@example.org" in response.content
    assert page.title.encode() in response.content


def test_messages_cookie_bypasses_the_cache(client):
    make_site()
    get(client, "/thema/")
    client.cookies["messages"] = "iets"
    assert HEADER not in get(client, "/thema/")


def test_search_and_health_and_posts_are_never_cached(client):
    make_site()
    page = make_page("interventie", "Maatjesproject", themas=[make_thema("Eenzaamheid")])
    for url in ("/zoeken/?q=maatjes", "/health/"):
        client.get(url)
        assert HEADER not in client.get(url)
    # A page that answers a POST with 200, already in the cache for GET: the POST still
    # reaches the view (a 405 would never be stored anyway, so it proves nothing).
    assert get(client, page.url)[HEADER] == "miss"
    assert get(client, page.url)[HEADER] == "hit"
    response = client.post(page.url, {"naam": "iets"})
    assert response.status_code == 200
    assert HEADER not in response


def test_off_in_the_test_settings(client):
    """Other tests assume fresh pages: the test settings leave the page cache off (this
    module's fixture turns it on; here it is put back as portaal/settings/test.py has it)."""
    from portaal.settings import test as test_settings

    make_site()
    with override_settings(PAGE_CACHE_ENABLED=test_settings.PAGE_CACHE_ENABLED):
        get(client, "/thema/")
        assert HEADER not in get(client, "/thema/")


# --- Stampede protection: one renderer per key after a purge -----------------------------


def render_lock(url):
    from django.test import RequestFactory

    from portaal.cache import cache_key

    return cache_key(RequestFactory().get(url)) + ":render"


def thema_with_one_page():
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    return thema


def test_while_another_request_renders_the_previous_copy_is_never_served(client, settings):
    """No stale-while-revalidate: the copy from before a publish is the stale overview a
    visitor must never see. A request that finds someone else rendering waits for that
    copy, and renders the page itself when it does not come."""
    thema = thema_with_one_page()
    get(client, "/thema/eenzaamheid/")
    make_page("interventie", "Buurtkamer Noord", themas=[thema])  # publish: new generation
    caches["default"].add(render_lock("/thema/eenzaamheid/"), 1)  # someone else renders
    settings.PAGE_CACHE_WAIT_SECONDS = 0.05  # ... and never delivers

    response = get(client, "/thema/eenzaamheid/")
    assert response[HEADER] == "miss"
    assert b"Maatjesproject" in response.content
    assert b"Buurtkamer Noord" in response.content


def test_waiting_request_gets_the_renderers_copy(client, settings, monkeypatch):
    from django.test import RequestFactory

    from portaal import cache as page_cache

    thema = thema_with_one_page()
    make_page("interventie", "Buurtkamer Noord", themas=[thema])
    caches["default"].add(render_lock("/thema/eenzaamheid/"), 1)
    settings.PAGE_CACHE_WAIT_SECONDS = 60
    key = page_cache.cache_key(RequestFactory().get("/thema/eenzaamheid/"))
    entry = (200, [("Content-Type", "text/html; charset=utf-8")], b"<p>door de ander</p>")

    def other_renderer_finishes(seconds):  # stands in for the wait: the renderer stores it
        caches["default"].set(key, entry)

    monkeypatch.setattr(page_cache.time, "sleep", other_renderer_finishes)
    response = get(client, "/thema/eenzaamheid/")
    assert response[HEADER] == "hit"
    assert response.content == b"<p>door de ander</p>"


def test_the_render_lock_is_released_after_rendering(client):
    thema_with_one_page()
    get(client, "/thema/eenzaamheid/")
    assert caches["default"].get(render_lock("/thema/eenzaamheid/")) is None


def test_a_publish_bumps_the_shared_generation_once_after_commit(client, monkeypatch):
    """add_child, save_revision and publish each send signals; other workers re-render
    once, after the commit, not per signal. The changing connection sees its own changes
    at once (under a generation nobody else uses). The test's own transaction never
    commits, so the queued bumps are counted."""
    from django.db import connection, transaction

    from portaal import cache as page_cache

    def queued():
        return [f for _s, f, _r in connection.run_on_commit if f is page_cache._bump_committed]

    thema = thema_with_one_page()
    get(client, "/thema/eenzaamheid/")
    bumps = []
    monkeypatch.setattr(page_cache, "bump_generation", lambda reason="": bumps.append(reason))
    shared = page_cache._shared_generation()
    with transaction.atomic():
        before = current_generation()
        page = make_page("interventie", "Buurtkamer Noord", themas=[thema])
        assert current_generation() != before
        assert b"Buurtkamer Noord" in get(client, "/thema/eenzaamheid/").content
        page.title = "Buurtkamer Noord-West"
        page.save_revision().publish()
        thema.name = "Eenzaamheid en isolement"
        thema.save()
        assert b"Noord-West" in get(client, "/thema/eenzaamheid/").content
    assert bumps == []
    assert page_cache._shared_generation() == shared
    assert len(queued()) == 1
    queued()[0]()
    assert len(bumps) == 1


def test_a_rolled_back_change_leaves_the_generation_alone():
    from django.db import transaction

    # bulk_create sends no signals: nothing is pending in the test's own transaction.
    (thema,) = Thema.objects.bulk_create([Thema(name="Eenzaamheid", slug="eenzaamheid")])
    before = current_generation()
    try:
        with transaction.atomic():
            thema.name = "Weg"
            thema.save()
            assert current_generation() != before
            raise RuntimeError
    except RuntimeError:
        pass
    assert current_generation() == before


# --- Derived counts (facets, theme counts) per generation --------------------------------


def test_filter_and_theme_counts_follow_a_publish_at_once(client, settings):
    settings.PAGE_CACHE_ENABLED = False  # the counts cache works without the page cache
    thema = thema_with_one_page()
    assert shown_counts(client) == (1, 1)
    make_page("interventie", "Buurtkamer Noord", themas=[thema])
    assert shown_counts(client) == (2, 2)


def shown_counts(client):
    """(interventions in the overview's type filter, pages of the theme on the home page)"""
    groups = client.get("/thema/eenzaamheid/").context["filters"].groups
    option = next(o for g in groups if g.param == "type" for o in g.options
                  if o.value == "interventie")
    home = {t.slug: t.page_count for t in client.get("/").context["themas"]}
    return option.count, home["eenzaamheid"]


def test_counts_are_reused_within_a_generation(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    thema_with_one_page()
    client.get("/thema/eenzaamheid/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/thema/eenzaamheid/")
    from portaal.cache import bump_generation

    bump_generation("test")
    with CaptureQueriesContext(connection) as cold:
        client.get("/thema/eenzaamheid/")
    # One count query per filter group (type, thema, jaar here) is saved.
    assert len(cold.captured_queries) - len(warm.captured_queries) >= 3
