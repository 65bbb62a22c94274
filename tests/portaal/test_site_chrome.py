"""The header's menu and the footer: the site's own pages, linked relative to the site the
visitor is on, the visitor's section marked, and a renamed page renamed at once."""

import re

from wagtail.models import Page, Site

import pytest

from portaal.models import HomePage
from tests.factories import make_page, make_site, make_thema
from tests.roles import login, make_user

pytestmark = pytest.mark.django_db


def menu(html):
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]*)</a>', nav)


def test_the_menu_links_the_type_indexes_and_marks_the_visitors_section(client):
    _home, indexes = make_site()
    page = make_page("lab", "Een lab over herstel", themas=[make_thema("Herstel")])
    links = menu(client.get(page.url).content.decode())
    expected = [index.url for index in sorted(indexes.values(), key=lambda i: i.path)]
    assert [href for href, _current, _title in links][:-1] == expected
    current = [title for _href, mark, title in links if mark]
    assert current == [page.get_parent().title]
    # The theme overview marks "Thema's", the menu's last link, and no index.
    links = menu(client.get("/thema/").content.decode())
    assert [title for _href, mark, title in links if mark] == ["Thema's"]


def test_a_renamed_index_is_renamed_in_the_menu_at_once(client):
    _home, indexes = make_site()
    client.get("/")  # the chrome is kept now
    index = next(iter(indexes.values()))
    index.title = "Alle interventies"
    index.save_revision().publish()
    titles = [title for _href, _mark, title in menu(client.get("/").content.decode())]
    assert "Alle interventies" in titles


def test_each_site_shows_its_own_menu_with_links_on_its_own_host(client):
    make_site()
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Tweede portaal", slug="tweede"))
    other_home.add_child(instance=Page(title="Alleen hier", slug="alleen-hier",
                                       show_in_menus=True))
    Site.objects.create(hostname="tweede.example", port=80, root_page=other_home)
    first = menu(client.get("/", HTTP_HOST="localhost").content.decode())
    second = menu(client.get("/", HTTP_HOST="tweede.example").content.decode())
    assert "Alleen hier" not in [title for _h, _m, title in first]
    assert all(href.startswith("/") for href, _m, _t in first)
    assert [(href, title) for href, _m, title in second][0] == ("/alleen-hier/", "Alleen hier")


def csrf_of_logout(html):
    form = re.search(r'<form method="post" action="[^"]*uitloggen[^"]*">(.*?)</form>', html, re.S)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)


@pytest.mark.parametrize("first_role", ["anonymous", "member"])
def test_every_visitor_gets_their_own_account_menu_and_search_words(first_role):
    """The chrome kept for anonymous visitors never reaches a member, nor one member's name
    and token another member; the header's search field holds each visitor's own words."""
    from django.test import Client

    make_site()
    visitors = {"anonymous": Client(), "member": Client(), "other_member": Client()}
    users = {role: make_user(role, first_name=role.replace("_", "").title(), last_name="X")
             for role in ("member", "other_member")}
    for role, user in users.items():
        login(visitors[role], user)
    order = [first_role] + [role for role in visitors if role != first_role]
    pages = {}
    for role in order * 2:
        pages[role] = visitors[role].get("/zoeken/", {"q": f"woorden van {role}"}).content.decode()
    header = {role: html[:html.index("</header>")] for role, html in pages.items()}
    assert 'value="woorden van anonymous"' in header["anonymous"]
    assert "Inloggen" in header["anonymous"] and "Ingelogd als" not in header["anonymous"]
    for role in users:
        assert f'value="woorden van {role}"' in header[role]
        assert f"Ingelogd als {users[role].get_full_name()}" in header[role]
    assert csrf_of_logout(pages["member"]) != csrf_of_logout(pages["other_member"])
