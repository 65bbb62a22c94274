"""A hostile-input sweep: a few hundred generated inputs against every public and member URL.

Query strings, form posts (registration, login, password reset, the submission form),
upload files and import documents, all through the real URLs and the real command. It
passes when no response is a 500, nothing is written that should not be (rows counted
before and after a refused post), the test process itself survives, and an upload's
memory peak stays bounded.

Inputs come from a fixed seed and from hypothesis under the ``ci`` profile
(tests/conftest.py: derandomized, a set number of examples, no deadline), so every run
sends the same inputs.
"""

from __future__ import annotations

import io
import random
import zipfile

from django.contrib.auth import get_user_model
from django.core import mail as django_mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from wagtail.models import Page

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_page, make_site, make_thema
from tests.roles import login, make_user
from tests.security.bounded import peak_memory
from voorbeelden.models import Bijlage, ContentPage, Inzending

SEED = 20261130
# An upload request (parsing, content check, storing) may not hold more than this at once.
UPLOAD_PEAK_BYTES = 64 * 1024 * 1024

HOSTILE_VALUES = [
    "x" * 5000,
    "zorg\x00drop",
    "\x00",
    "\u202eedoc\u202c",  # right-to-left override
    "\ufeffzorg",
    "z\u0301o\u0308rg",  # combining marks
    "\U0001f600" * 50,
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "' OR 1=1 --",
    "\"; DROP TABLE wagtailcore_page; --",
    "zorg AND (wijk OR NOT buurt)",
    "title:zorg^100 ~2 *:* \\",
    '{"query": {"match_all": {}}}',
    "<script>alert(1)</script>",
    "%00%2e%2e%2f",
    "../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "1002",
    "onbestaand-thema",
    " ",
]
PARAMS = ["q", "pagina", "page", "thema", "organisatie", "regio", "soort", "sortering",
          "jaar", "limit", "offset", "search", "fields", "order", "type", "child_of"]

# --- content, once per module ----------------------------------------------------------


class World:
    pass


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            w = World()
            w.home, _ = make_site()
            w.thema = make_thema("Eenzaamheid")
            w.pages = [make_page(kind, themas=[w.thema]) for kind in
                       ("interventie", "lab", "werkbezoek", "artikel", "handreiking")]
            w.member = make_user("member")
            w.other = make_user("other_member")
            w.inzending = Inzending.objects.create(
                user=w.member, title="Buurtmaatjes", organisatie=w.member.organisatie,
                doel="Eenzaamheid verminderen.",
            )
            w.other_inzending = Inzending.objects.create(
                user=w.other, title="Kwartiermaken", form_token="6f1c2a9e-8d7b-4c3e-9a1f-"
                "0b2c3d4e5f60", doel="Meedoen.",
            )
            yield w
            transaction.set_rollback(True)
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    # The sweep sends many posts from one address: throttles would answer 429 to the rest.
    for alias in settings.CACHES:
        caches[alias].clear()


def _get_urls(w):
    public = ["/", "/thema/", f"/thema/{w.thema.slug}/", "/zoeken/", "/zoeken/suggesties/",
              "/feed/", "/feed/atom/", f"/thema/{w.thema.slug}/feed/", "/api/v2/pages/",
              "/sitemap.xml", "/health/", *[p.url for p in w.pages],
              *{p.get_parent().url for p in w.pages}]
    member = [reverse("inzending_new"), reverse("mijn_inzendingen"),
              reverse("inzending_detail", args=[w.inzending.pk]),
              reverse("inzending_edit", args=[w.inzending.pk]),
              reverse("account_login"), reverse("account_register"),
              reverse("password_reset")]
    return public, member


def _no_500(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"


# --- query strings -----------------------------------------------------------------------

def _query_cases(rng, count):
    cases = []
    for _ in range(count):
        items = []
        for _ in range(rng.randint(1, 4)):
            items.append((rng.choice(PARAMS), rng.choice(HOSTILE_VALUES)))
        if rng.random() < 0.3:  # the same parameter many times
            items += [(rng.choice(PARAMS), "zorg")] * rng.randint(2, 200)
        cases.append(items)
    return cases


@pytest.mark.django_db
def test_query_strings_never_give_a_500(world):
    rng = random.Random(SEED)
    public, member = _get_urls(world)
    anonymous, logged_in = Client(), login(Client(), world.member)
    cases = _query_cases(rng, 240)
    for n, items in enumerate(cases):
        url = rng.choice(public + member)
        client = logged_in if n % 3 == 0 else anonymous
        response = client.get(url, items)
        _no_500(response, f"GET {url} {items[:4]}")
        if rng.random() < 0.05:
            caches["default"].clear()


@pytest.mark.django_db
@settings(settings.get_profile("ci"), max_examples=60,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=400), pagina=st.one_of(st.integers(), st.text(max_size=30)))
def test_search_with_generated_queries(world, q, pagina):
    response = Client().get("/zoeken/", {"q": q, "pagina": pagina})
    _no_500(response, f"/zoeken/?q={q[:40]!r}&pagina={pagina!r}")
    assert response.status_code in (200, 400)


# --- form posts ----------------------------------------------------------------------------

HUGE = "ä" * 100_000
XSS = "<script>alert('xss')</script><img src=x onerror=alert(1)>"


def _registration_bodies():
    base = {"first_name": "Fatima", "last_name": "El Amrani", "email": "nieuw@stimenz.nl",
            "organisatie": "", "nieuwe_organisatie": "Buurtwerk", "password1": "Zomer-2024-x!",
            "password2": "Zomer-2024-x!", "website": ""}
    yield {**base, "password2": "iets-anders-2024"}
    yield {**base, "email": "geen-adres"}
    yield {**base, "first_name": HUGE}
    yield {**base, "email": "a" * 300 + "@example.org"}
    yield {**base, "organisatie": "abc"}
    yield {**base, "organisatie": "999999999"}
    yield {**base, "website": "http://spam.example"}  # the honeypot
    yield {**base, "first_name": XSS, "password1": "", "password2": ""}
    yield {k: v for k, v in base.items() if k not in ("email", "password1")}
    yield {}
    yield {**base, "email": "nieuw\x00@stimenz.nl"}


@pytest.mark.django_db
def test_refused_registrations_write_nothing(world):
    User = get_user_model()
    url = reverse("account_register")
    for body in _registration_bodies():
        caches["default"].clear()
        before = User.objects.count()
        response = Client().post(url, body)
        _no_500(response, f"POST {url} {sorted(body)}")
        assert User.objects.count() == before, f"a user was made from {body}"
        assert XSS not in response.content.decode(errors="replace")


@pytest.mark.django_db
def test_hostile_logins_and_resets(world):
    login_url, reset_url = reverse("account_login"), reverse("password_reset")
    bodies = [{"username": v, "password": v} for v in HOSTILE_VALUES]
    bodies += [{}, {"username": world.member.email}, {"username": ["a", "b"], "password": HUGE}]
    for body in bodies:
        for alias in caches:
            caches[alias].clear()
        client = Client()
        response = client.post(login_url, body)
        _no_500(response, f"POST {login_url} {body!r:.80}")
        assert "_auth_user_id" not in client.session
    sent = len(django_mail.outbox)
    for value in HOSTILE_VALUES + ["onbekend@example.org", HUGE + "@example.org"]:
        response = Client().post(reset_url, {"email": value})
        _no_500(response, f"POST {reset_url} {value!r:.80}")
    assert len(django_mail.outbox) == sent, "mail went to an address nobody has"


def _submission_bodies(w):
    base = {"title": "Buurtmaatjes", "organisatie": str(w.member.organisatie_id),
            "place": "Nijmegen", "themas": [str(w.thema.pk)], "doelgroep": "Bewoners",
            "doel": "Eenzaamheid verminderen.", "aanpak": "Koppelen.", "resultaten": "Veel.",
            "partners": "", "contact": "Fatima", "links": "", "opslaan": "1"}
    yield {**base, "title": HUGE}
    yield {**base, "title": XSS, "doel": XSS, "aanpak": XSS}
    yield {**base, "themas": ["x", "-1", "99999999999"]}
    yield {**base, "organisatie": "' OR 1=1"}
    yield {**base, "links": "javascript:alert(1)\nhttp://\n" + "http://a" * 2000}
    yield {**base, "form_token": "geen-uuid"}
    yield {**base, "regio": "abc", "indienen": "1"}
    yield {k: v for k, v in base.items() if k != "title"}
    yield {"opslaan": "1"}
    yield {**base, "title": "a\x00b"}


@pytest.mark.django_db
def test_hostile_submission_posts(world):
    client = login(Client(), world.member)
    url = reverse("inzending_new")
    other_before = Inzending.objects.filter(pk=world.other_inzending.pk).values().get()
    for body in _submission_bodies(world):
        caches["default"].clear()
        response = client.post(url, body)
        _no_500(response, f"POST {url} {body.get('title', '')[:40]!r}")
        assert XSS not in response.content.decode(errors="replace"), "unescaped member HTML"
    # Another member's form token never continues (or changes) that member's submission.
    response = client.post(url, {"title": "Overgenomen", "form_token": str(
        world.other_inzending.form_token), "opslaan": "1"})
    _no_500(response, "POST with another member's form token")
    assert Inzending.objects.filter(pk=world.other_inzending.pk).values().get() == other_before
    assert not Inzending.objects.exclude(user=world.member).filter(title="Overgenomen").exists()
    # The honeypot and an anonymous post write nothing.
    before = Inzending.objects.count()
    response = client.post(url, {"title": "Spam", "website": "http://spam.example"})
    assert response.status_code == 400
    response = Client().post(url, {"title": "Anoniem", "opslaan": "1"})
    assert response.status_code == 302
    assert Inzending.objects.count() == before


# --- upload files ----------------------------------------------------------------------------

def _zip(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _hostile_files():
    zeros = b"\0" * (30 * 1024 * 1024)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    yield "zip bomb as docx", "verslag.docx", _zip(
        [("[Content_Types].xml", "<Types/>"), ("word/document.xml", zeros)])
    yield "odt with a huge mimetype", "verslag.odt", _zip(
        [("mimetype", zeros), ("content.xml", "<x/>")])
    yield "zip with 5000 members", "verslag.docx", _zip(
        [(f"m{i}.xml", b"") for i in range(5000)], zipfile.ZIP_STORED)
    yield "nested zip", "verslag.docx", _zip([("inner.zip", _zip([("a", zeros)]))])
    yield "pdf that is html", "verslag.pdf", pdf[:9] + b"<html><script>alert(1)</script>"
    yield "html named pdf", "verslag.pdf", b"<html><body onload=alert(1)></body></html>"
    yield "truncated pdf", "verslag.pdf", pdf[:12]
    yield "empty file", "leeg.pdf", b""
    yield "exe named pdf", "verslag.pdf", b"MZ\x90\x00" + b"\0" * 60
    yield "10,000-char name", "a" * 10_000 + ".pdf", pdf
    yield "traversal name", "../../../etc/cron.d/x.pdf", pdf
    yield "NUL in name", "verslag\x00.html.pdf", pdf
    yield "only an extension", ".pdf", pdf
    yield "svg named png", "plaatje.png", b"<svg onload=alert(1)></svg>"


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "name", "content"),
                         [pytest.param(*case, id=case[0]) for case in _hostile_files()])
def test_hostile_uploads(world, settings, what, name, content):
    client = login(Client(), world.member)
    url = reverse("inzending_edit", args=[world.inzending.pk])
    body = {"title": "Buurtmaatjes", "organisatie": str(world.member.organisatie_id),
            "themas": [str(world.thema.pk)], "doel": "Eenzaamheid verminderen.",
            "opslaan": "1", "bijlagen": SimpleUploadedFile(name, content)}
    before = set(Bijlage.objects.values_list("pk", flat=True))
    with peak_memory() as peak:
        response = client.post(url, body)
    _no_500(response, f"upload {what}")
    # Counted beyond the upload itself, which the test holds in memory once already.
    assert peak.bytes - len(content) < UPLOAD_PEAK_BYTES, f"{what}: peak {peak.bytes // 2**20} MB"
    for bijlage in Bijlage.objects.exclude(pk__in=before):
        stored = bijlage.file.path
        assert stored.startswith(str(settings.PRIVATE_MEDIA_ROOT)), stored
        assert "\x00" not in bijlage.name and "/" not in bijlage.name, bijlage.name
        assert len(bijlage.name) <= 200
        assert bijlage.kind in ("pdf", "docx", "odt", "png", "jpg", "gif")
        download = client.get(reverse("inzending_bijlage", args=[bijlage.pk]))
        assert download["Content-Disposition"].startswith("attachment")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert "html" not in download["Content-Type"]


# --- import documents ----------------------------------------------------------------------

def _import_documents():
    yield "broken.html", b"<html><body><main><h1>Kop<p>tekst <b>vet <i>schuin</main></html"
    yield "deep.html", b"<html><body><main><h1>Diep</h1>" + b"<div>" * 2_000 + b"tekst" \
        + b"</div>" * 2_000 + b"</main></body></html>"
    yield "attribute.html", (b"<html><body><main><h1 title='" + b"a" * 2_000_000
                             + b"'>Kop</h1><p>tekst</p></main></body></html>")
    yield "entities.html", b"<html><body><main><h1>Kop</h1>" + b"&amp;" * 200_000 + b"</main>"
    yield "handlers.csv", (b"Inzending ID;Naam project;Organisatie;Plaats;Beschrijving;Datum;"
                           b"Thema\n901;Open handler;Stimenz;Apeldoorn;\"<details open "
                           b"ontoggle=alert(1)><p>tekst</p></details><a href='javascript:x'>"
                           b"a</a>\";12-03-2021;kwartiermaken\n")
    yield "nested.json", b"[" * 50_000 + b"]" * 50_000
    yield "bomb.zip", _zip([("a.html", b"<p>" + b"\0" * (30 * 1024 * 1024))])
    yield "names.html", ("<html><body><main><h1>Namen</h1><p>" + "Jan van der " * 3000
                         + "x</p></main></body></html>").encode()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"),
                         [pytest.param(*doc, id=doc[0]) for doc in _import_documents()])
def test_hostile_import_documents(world, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    pages = Page.objects.count()
    try:
        call_command("import_swn", str(path), "--dry-run", stdout=io.StringIO(),
                     stderr=io.StringIO())
    except CommandError:
        pass  # a clear refusal is fine; any other exception fails the test
    assert Page.objects.count() == pages, f"--dry-run of {name} wrote pages"


@pytest.mark.django_db
def test_imported_html_keeps_no_event_handlers(world, tmp_path):
    path = tmp_path / "handlers.csv"
    path.write_bytes(dict(_import_documents())["handlers.csv"])
    call_command("import_swn", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    page = ContentPage.objects.get(title="Open handler").specific
    stored = " ".join(str(getattr(page, f, "")) for f in ("intro", "doel", "aanpak",
                                                            "resultaten", "summary"))
    assert "ontoggle" not in stored and "javascript:" not in stored, stored
