"""Who may reach and change what: one table of URLs and admin views against every role.

Each row is a real URL (public pages, the member pages, the Wagtail admin, its queue and
approval views, Django's admin) with the outcome expected for each role of tests/roles.py,
in the order of ``ROLES``. One pytest case per cell is generated from the table. Rows that
POST send a body a real form would send and compare a snapshot of what they could change
before and after: a refused request must leave it as it was, an allowed one must change it
(which proves the body was a real one).

Outcomes:
  OK           200
  LOGIN        302 to a login page of the site (``/account/inloggen/?next=...``)
  ADMIN_LOGIN  302 to the Wagtail admin login (no admin access)
  DJ_LOGIN     302 to Django's admin login
  DENIED       403
  REFUSED      403, or Wagtail's refusal: 302 to the admin home with "no permission"
  GONE         404
  NOT_ALLOWED  405 (wrong method)
  DONE         302 somewhere else than a login page: the action was carried out
A cell may list several outcomes when either is as safe (e.g. a URL that may disappear).

The content is built once per module inside a transaction that is rolled back at the end,
so a few hundred cells stay fast and leave nothing behind for other modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail as django_mail
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageViewRestriction

import pytest

from portaal.models import Thema
from tests.factories import make_page, make_site, make_thema
from tests.roles import ROLES, login, make_user
from voorbeelden.inzendingen.moderation import private_collection
from voorbeelden.models import Bericht, Bijlage, Inzending

OK, LOGIN, ADMIN_LOGIN, DJ_LOGIN = "200", "login", "admin-login", "django-login"
DENIED, GONE, NOT_ALLOWED, DONE = "403", "404", "405", "done"
# Wagtail refuses an admin user without the permission by a redirect to the admin home with
# "Sorry, you do not have permission"; as safe as a 403.
ADMIN_REFUSED = "admin-refused"
REFUSED = (DENIED, ADMIN_REFUSED)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVIL = "https://evil.example/steal"


# --- the content, built once ------------------------------------------------------------

class World:
    """Everything the rows point at, by name."""


def _document(title, collection):
    document = get_document_model()(title=title, collection=collection)
    try:
        # Private files go straight to their own root, as "Maak conceptpagina" stores them.
        from portaal.storage import save_document_file
    except ImportError:
        document.file.save(f"{slugify(title)}.pdf", ContentFile(PDF), save=False)
    else:
        save_document_file(document, f"{slugify(title)}.pdf", ContentFile(PDF))
    document.save()
    return document


def _build():
    w = World()
    home, _indexes = make_site()
    w.home = home
    w.thema = make_thema("Eenzaamheid")
    w.pages = {kind: make_page(kind, themas=[w.thema]) for kind in
               ("interventie", "lab", "werkbezoek", "artikel", "handreiking")}
    w.draft = make_page("interventie", "Nog niet gepubliceerd", live=False)
    w.restricted = make_page("artikel", "Alleen voor leden")
    PageViewRestriction.objects.create(
        page=w.restricted, restriction_type=PageViewRestriction.LOGIN
    )
    w.public_doc = _document("Handreiking", Collection.get_first_root_node())
    w.private_doc = _document("Bijlage van een lid", private_collection())

    w.users = {role: make_user(role) for role in ROLES}
    w.member, w.other = w.users["member"], w.users["other_member"]
    w.inzending = Inzending.objects.create(
        user=w.member, title="Buurtmaatjes in Nijmegen-Oost", organisatie=w.member.organisatie,
        place="Nijmegen", doelgroep="Bewoners", doel="Eenzaamheid verminderen.",
        aanpak="Vrijwilligers koppelen aan bewoners.", resultaten="Veertig koppels.",
    )
    w.bijlage = Bijlage(inzending=w.inzending, name="verslag.pdf", kind="pdf", size=len(PDF))
    w.bijlage.file.save("verslag.pdf", ContentFile(PDF), save=False)
    w.bijlage.save()
    spare = Inzending.objects.create(user=w.member, title="Tweede concept", doel="Meedoen.")
    w.spare_bijlage = Bijlage(inzending=spare, name="extra.pdf", kind="pdf", size=len(PDF))
    w.spare_bijlage.file.save("extra.pdf", ContentFile(PDF), save=False)
    w.spare_bijlage.save()
    w.bericht = Bericht.objects.create(
        inzending=w.inzending, to=w.member.email, subject="Uw inzending", body="Ontvangen."
    )
    w.other_inzending = Inzending.objects.create(
        user=w.other, title="Kwartiermaken in Zwolle", organisatie=w.other.organisatie,
        place="Zwolle", doel="Meedoen.",
    )
    w.pending = get_user_model().objects.create_user(
        username="nieuw@buurtwerk.nl", email="nieuw@buurtwerk.nl", password="x-Zomer-2024-x",
        first_name="Nieuw", last_name="Lid", email_confirmed=True, is_active=False,
        organisatie_voorstel="Buurtwerk Oost",
    )
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield _build()
            transaction.set_rollback(True)
        # Site and page lookups may have cached rows that no longer exist.
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    # Throttle counters that live in a cache (rather than the rolled-back database) would
    # carry over from one cell to the next: every cell posts from 127.0.0.1.
    for alias in settings.CACHES:
        if alias != "default":
            caches[alias].clear()


# --- URL helpers --------------------------------------------------------------------------

def _url(names, args=(), fallback=None):
    """The first of ``names`` that resolves; ``fallback`` (a path) when none does any more."""
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    if fallback is None:
        raise NoReverseMatch(f"none of {names}")
    return fallback


def _approval_url(action, pk):
    """The old approval admin's edit/delete URL; built by hand when the pattern is gone."""
    return _url([f"portaal_user_modeladmin_{action}"], [pk],
                f"/{_admin()}portaal/user/{action}/{pk}/")


def _approval_list(w):
    return _url(["portaal_aanmeldingen", "portaal_user_modeladmin_index"])


def _approval_inspect(pk):
    return _url(["portaal_aanmelding", "portaal_user_modeladmin_inspect"], [pk],
                f"/{_admin()}portaal/user/inspect/{pk}/")


def _admin():
    from django.conf import settings

    return settings.WAGTAIL_ADMIN_PATH


def _queue(name, w):
    return reverse(f"voorbeelden_inzending_{name}", args=[w.inzending.pk])


# --- snapshots of what a POST could change ------------------------------------------------

def _inzending_state(w):
    i = Inzending.objects.get(pk=w.inzending.pk)
    return (i.title, i.status, i.status_message, i.page_id)


def _users_state(w):
    return sorted(get_user_model().objects.values_list(
        "pk", "email", "is_active", "is_staff", "is_superuser", "password"
    ))


def _count(model, **filters):
    return lambda w: model.objects.filter(**filters).count()


# --- the table ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    name: str
    url: Callable
    expect: tuple  # one outcome (or tuple of outcomes) per role, in ROLES order
    method: str = "get"
    data: Callable | None = None
    snapshot: Callable | None = None  # what must not change when refused (and change if DONE)
    check: Callable | None = None  # extra look at the response: check(response, world)


ALL_OK = (OK,) * 7
MEMBERS_ONLY = (LOGIN,) + (OK,) * 6
OWNER_ONLY = (LOGIN, OK, GONE, GONE, GONE, GONE, GONE)
ADMIN_AREA = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN)  # anonymous, member, other member
QUEUE = ADMIN_AREA + (REFUSED, OK, OK, OK)
QUEUE_POST = ADMIN_AREA + (REFUSED, DONE, DONE, DONE)
# The approval admin has no edit or delete form for anyone (403, or 404 when the URL is gone).
NO_FORM = ((ADMIN_LOGIN, GONE),) * 3 + ((*REFUSED, GONE),) * 4
SUPERUSER_ONLY = ADMIN_AREA + (REFUSED,) * 3 + (OK,)


def _not_to_evil(response, w):
    assert "evil.example" not in response.get("Location", ""), response.get("Location")


def _inzending_post(w, **overrides):
    data = {
        "title": "Buurtmaatjes in Nijmegen-Oost (bijgewerkt)",
        "organisatie": str(w.member.organisatie_id),
        "place": "Nijmegen", "themas": [str(w.thema.pk)], "doelgroep": "Bewoners",
        "doel": "Eenzaamheid verminderen.", "aanpak": "Vrijwilligers koppelen aan bewoners.",
        "resultaten": "Veertig koppels.", "partners": "GGZ Oost", "contact": "Fatima",
        "links": "https://www.stimenz.nl/maatjes",
        "form_token": "6f1c2a9e-8d7b-4c3e-9a1f-0b2c3d4e5f60", "opslaan": "1",
    }
    data.update(overrides)
    return data


ROWS = [
    # Public pages: everyone, the same.
    Row("home", lambda w: "/", ALL_OK),
    *[Row(f"page {kind}", (lambda k: lambda w: w.pages[k].url)(kind), ALL_OK)
      for kind in ("interventie", "lab", "werkbezoek", "artikel", "handreiking")],
    Row("thema index", lambda w: "/thema/", ALL_OK),
    Row("thema detail", lambda w: f"/thema/{w.thema.slug}/", ALL_OK),
    Row("zoeken", lambda w: "/zoeken/?q=eenzaamheid", ALL_OK),
    Row("feed rss", lambda w: "/feed/", ALL_OK),
    Row("feed atom", lambda w: "/feed/atom/", ALL_OK),
    Row("thema feed", lambda w: f"/thema/{w.thema.slug}/feed/", ALL_OK),
    Row("api pages", lambda w: "/api/v2/pages/", ALL_OK),
    Row("api public page", lambda w: f"/api/v2/pages/{w.pages['interventie'].pk}/", ALL_OK),
    # The API serves public, live pages only, whoever asks.
    # A login-restricted page: in the API for whoever may see the page itself.
    Row("api restricted page", lambda w: f"/api/v2/pages/{w.restricted.pk}/",
        (GONE,) + (OK,) * 6),
    Row("api draft page", lambda w: f"/api/v2/pages/{w.draft.pk}/", (GONE,) * 7),
    Row("restricted page", lambda w: w.restricted.url, MEMBERS_ONLY),
    Row("draft page on the site", lambda w: f"/interventies/{w.draft.slug}/", (GONE,) * 7),
    Row("public document", lambda w: w.public_doc.url, ALL_OK),
    # Wagtail asks anyone outside the editors' groups to log in (as someone else).
    Row("private document", lambda w: w.private_doc.url,
        (LOGIN, LOGIN, LOGIN, LOGIN, OK, OK, OK)),
    # Member pages.
    Row("submission form", lambda w: reverse("inzending_new"), MEMBERS_ONLY),
    Row("submission form post", lambda w: reverse("inzending_new"),
        (LOGIN,) + (DONE,) * 6, method="post",
        data=lambda w: _inzending_post(w, title="Nieuw voorbeeld"),
        snapshot=_count(Inzending, title="Nieuw voorbeeld")),
    Row("mijn inzendingen", lambda w: reverse("mijn_inzendingen"), MEMBERS_ONLY),
    Row("own submission detail",
        lambda w: reverse("inzending_detail", args=[w.inzending.pk]), OWNER_ONLY),
    Row("other member's submission detail",
        lambda w: reverse("inzending_detail", args=[w.other_inzending.pk]),
        (LOGIN, GONE, OK, GONE, GONE, GONE, GONE)),
    Row("submission edit", lambda w: reverse("inzending_edit", args=[w.inzending.pk]),
        OWNER_ONLY),
    Row("submission edit post", lambda w: reverse("inzending_edit", args=[w.inzending.pk]),
        (LOGIN, DONE, GONE, GONE, GONE, GONE, GONE), method="post",
        data=lambda w: _inzending_post(w), snapshot=_inzending_state),
    Row("attachment download", lambda w: reverse("inzending_bijlage", args=[w.bijlage.pk]),
        (LOGIN, OK, GONE, GONE, OK, OK, OK)),
    Row("attachment delete (GET)",
        lambda w: reverse("inzending_bijlage_delete", args=[w.bijlage.pk]), (NOT_ALLOWED,) * 7),
    # A submission of its own: deleting removes the file from disk, which no rollback undoes.
    Row("attachment delete",
        lambda w: reverse("inzending_bijlage_delete", args=[w.spare_bijlage.pk]),
        ((LOGIN, DENIED), DONE, GONE, GONE, GONE, GONE, GONE), method="post", data=lambda w: {},
        snapshot=_count(Bijlage)),
    # Wagtail admin.
    Row("admin home", lambda w: reverse("wagtailadmin_home"), ADMIN_AREA + (OK,) * 4),
    Row("page explorer", lambda w: reverse("wagtailadmin_explore", args=[w.home.pk]),
        ADMIN_AREA + (REFUSED, OK, OK, OK)),
    Row("page edit of a draft", lambda w: reverse("wagtailadmin_pages:edit", args=[w.draft.pk]),
        ADMIN_AREA + (REFUSED, OK, OK, OK)),
    Row("view draft", lambda w: reverse("wagtailadmin_pages:view_draft", args=[w.draft.pk]),
        ADMIN_AREA + (REFUSED, OK, OK, OK)),
    Row("page delete of a draft",
        lambda w: reverse("wagtailadmin_pages:delete", args=[w.draft.pk]),
        ADMIN_AREA + (REFUSED, DONE, DONE, DONE), method="post", data=lambda w: {},
        snapshot=_count(Page, title="Nog niet gepubliceerd")),
    # Wagtail lets whoever may edit delete a page that was never live; a live page only
    # goes with the right to publish (unpublishing it is publishing).
    Row("page delete of a live page",
        lambda w: reverse("wagtailadmin_pages:delete", args=[w.pages["artikel"].pk]),
        ADMIN_AREA + (REFUSED, REFUSED, DONE, DONE), method="post", data=lambda w: {},
        snapshot=lambda w: Page.objects.filter(pk=w.pages["artikel"].pk).count()),
    # The submissions queue and its actions.
    Row("queue", lambda w: reverse("voorbeelden_inzending_modeladmin_index"), QUEUE),
    Row("queue inspect",
        lambda w: reverse("voorbeelden_inzending_modeladmin_inspect", args=[w.inzending.pk]),
        QUEUE),
    Row("queue export", lambda w: reverse("voorbeelden_inzending_modeladmin_index")
        + "?export=csv", QUEUE),
    Row("queue status (GET)", lambda w: _queue("status", w), ADMIN_AREA + (NOT_ALLOWED,) * 4),
    Row("queue status", lambda w: _queue("status", w), QUEUE_POST, method="post",
        data=lambda w: {"status": "aanvullen_gevraagd", "message": "Voeg resultaten toe."},
        snapshot=_inzending_state),
    Row("queue conceptpagina", lambda w: _queue("page", w), QUEUE_POST, method="post",
        data=lambda w: {}, snapshot=_inzending_state),
    Row("queue mail", lambda w: _queue("mail", w), QUEUE_POST, method="post",
        data=lambda w: {},
        snapshot=lambda w: (len(django_mail.outbox), Bericht.objects.filter(
            sent_at=None).count())),
    # New members: the approval admin (inspect and approve only).
    Row("approval list", _approval_list, ADMIN_AREA + (OK, REFUSED, REFUSED, OK)),
    Row("approval inspect", lambda w: _approval_inspect(w.pending.pk),
        ADMIN_AREA + (OK, REFUSED, REFUSED, OK)),
    # Only members who wait for approval are found there, never an existing account.
    Row("approval inspect of the superuser", lambda w: _approval_inspect(w.users["admin"].pk),
        ((ADMIN_LOGIN, GONE),) * 3 + ((*REFUSED, GONE),) * 4),
    Row("approval edit of the superuser", lambda w: _approval_url("edit", w.users["admin"].pk),
        NO_FORM),
    Row("approval edit post: make oneself superuser",
        lambda w: _approval_url("edit", w.users["approver"].pk), NO_FORM, method="post",
        data=lambda w: {"email": w.users["approver"].email, "username": "approver",
                        "is_superuser": "on", "is_staff": "on", "is_active": "on"},
        snapshot=_users_state),
    Row("approval delete of a pending member", lambda w: _approval_url("delete", w.pending.pk),
        NO_FORM, method="post", data=lambda w: {}, snapshot=_users_state),
    Row("approve a pending member", lambda w: reverse("account_approve", args=[w.pending.pk]),
        ((LOGIN, DENIED), DENIED, DENIED, DONE, DENIED, DENIED, DONE), method="post",
        data=lambda w: {"next": EVIL},
        snapshot=lambda w: get_user_model().objects.get(pk=w.pending.pk).is_active,
        check=_not_to_evil),
    # Taxonomy, users, settings.
    Row("taxonomy thema list", lambda w: reverse("portaal_thema_modeladmin_index"),
        ADMIN_AREA + (REFUSED, REFUSED, REFUSED, OK)),
    Row("taxonomy thema create", lambda w: reverse("portaal_thema_modeladmin_create"),
        ADMIN_AREA + (REFUSED, REFUSED, REFUSED, DONE), method="post",
        data=lambda w: {"name": "Schulden", "slug": "schulden", "description": "",
                        "synonyms": "", "sort_order": 4},
        snapshot=_count(Thema, slug="schulden")),
    Row("wagtail users", lambda w: reverse("wagtailusers_users:index"), SUPERUSER_ONLY),
    Row("wagtail user edit of the superuser",
        lambda w: reverse("wagtailusers_users:edit", args=[w.users["admin"].pk]),
        SUPERUSER_ONLY),
    Row("wagtail user edit post: make oneself superuser",
        lambda w: reverse("wagtailusers_users:edit", args=[w.users["approver"].pk]),
        ADMIN_AREA + (REFUSED,) * 3 + (DONE,), method="post",
        data=lambda w: {"username": w.users["approver"].username,
                        "email": w.users["approver"].email, "first_name": "Approver",
                        "last_name": "1", "is_active": "on", "is_superuser": "on",
                        "groups": [str(g.pk) for g in Group.objects.all()]},
        snapshot=lambda w: get_user_model().objects.get(
            pk=w.users["approver"].pk).is_superuser),
    Row("wagtail groups", lambda w: reverse("wagtailusers_groups:index"), SUPERUSER_ONLY),
    Row("settings: sites", lambda w: reverse("wagtailsites:index"), SUPERUSER_ONLY),
    Row("settings: collections", lambda w: reverse("wagtailadmin_collections:index"),
        SUPERUSER_ONLY),
    # Django's admin: gone (everything lives behind the Wagtail admin's two-factor check), or
    # at most a login page for anyone but the superuser.
    Row("django admin", lambda w: "/django-admin/",
        ((DJ_LOGIN, GONE),) * 3 + ((DJ_LOGIN, OK, GONE),) + ((DJ_LOGIN, GONE),) * 2
        + ((OK, GONE),)),
    Row("django admin group create", lambda w: "/django-admin/auth/group/add/",
        ((DJ_LOGIN, GONE),) * 3 + ((DJ_LOGIN, DENIED, GONE),) + ((DJ_LOGIN, GONE),) * 2
        + ((DONE, GONE),),
        method="post", data=lambda w: {"name": "Stiekem", "permissions": []},
        snapshot=_count(Group, name="Stiekem")),
]

for _row in ROWS:
    assert len(_row.expect) == len(ROLES), _row.name

CELLS = [
    pytest.param(row, role, expected, id=f"{row.name} | {role}")
    for row in ROWS
    for role, expected in zip(ROLES, row.expect, strict=True)
]


# --- judging a response -------------------------------------------------------------------

def _outcome(response):
    status = response.status_code
    if status not in (301, 302, 303):
        return str(status)
    path = urlsplit(response["Location"]).path
    # Wagtail's own front-end login (/_util/login/, for view restrictions) counts too: it
    # authenticates through the same throttled backends.
    if path in (reverse("account_login"), reverse("wagtailcore_login")):
        return LOGIN
    if path == reverse("wagtailadmin_login"):
        return ADMIN_LOGIN
    if path == _url(["admin:login"], fallback="/django-admin/login/"):
        return DJ_LOGIN
    if path == reverse("wagtailadmin_home"):
        return ADMIN_REFUSED
    return DONE


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role", "expected"), CELLS)
def test_cell(world, row, role, expected):
    client = login(Client(), world.users[role])
    url = row.url(world)
    before = row.snapshot(world) if row.snapshot else None
    if row.method == "post":
        response = client.post(url, row.data(world))
    else:
        response = client.get(url)
    allowed = expected if isinstance(expected, tuple) else (expected,)
    got = _outcome(response)
    after = row.snapshot(world) if row.snapshot else None
    assert got in allowed, (
        f"{row.method.upper()} {url} as {role}: expected {' or '.join(allowed)}, got "
        f"{response.status_code} {response.get('Location', '')}"
        + (" and it changed something" if before != after else "")
    )
    if got in (LOGIN, ADMIN_LOGIN, DJ_LOGIN):
        # Back to the page asked for after logging in, not somewhere else.
        assert "next=" in response["Location"], response["Location"]
    if row.check:
        row.check(response, world)
    if row.snapshot:
        if got == DONE:
            assert after != before, f"{row.method.upper()} {url} as {role} changed nothing"
        else:
            assert after == before, f"{row.method.upper()} {url} as {role} changed something"
