"""A member's attachment stays private until the page that uses it is published.

"Maak conceptpagina" turns a submission's attachments into Wagtail documents in a collection
only editors may view. Those files must not be reachable under ``/media/`` by any spelling of
the path (``./``, ``//``, ``%2e``, ``x/../``): in production the reverse proxy serves
``MEDIA_ROOT`` itself, so they must not be under ``MEDIA_ROOT`` at all. Editors get them
through ``/documents/<id>/<name>``, which checks the collection's restriction.

Publishing makes public only the attachments the published page still uses.

In-process through the test client for every path variant, and against a real gunicorn
started by ``scripts/serve`` with production settings (one server for this module).
"""

import http.client
import json
import subprocess
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from modelcluster.models import get_all_child_relations

from tests.conftest import REPO_ROOT
from tests.roles import login, make_user
from tests.voorbeelden.inzendingen_support import form_data, upload
from voorbeelden.models import InterventiePage, Inzending

KEPT = b"%PDF-1.4\n% verslag dat op de pagina blijft\n%%EOF\n"
REMOVED = b"%PDF-1.4\n% intern werkplan met namen van bewoners\n%%EOF\n"

VARIANTS = (
    "/media/documents/{name}",
    "/media/./documents/{name}",
    "/media//documents/{name}",
    "/media/%2e/documents/{name}",
    "/media/%2E/documents/{name}",
    "/media/x/../documents/{name}",
    "/media/x/%2e%2e/documents/{name}",
    "/media/./original_documents/{name}",
    "/media/private/documents/{name}",
    "/media/./private/documents/{name}",
)
ROLES_REFUSED = ("anonymous", "member", "other_member")


def media_urls(document):
    name = Path(document.file.name).name
    return [variant.format(name=name) for variant in VARIANTS]


def submit(member, attachments, **client_options):
    """The member's real submission form post, with attachments."""
    client = login(Client(**client_options), member)
    data = form_data()
    data["bijlagen"] = [upload(name, content) for name, content in attachments]
    response = client.post("/inzenden/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Inzending.objects.get(user=member)


def maak_conceptpagina(moderator, inzending):
    client = login(Client(), moderator)
    response = client.post(reverse("voorbeelden_inzending_page", args=[inzending.pk]))
    assert response.status_code == 302, response
    inzending.refresh_from_db()
    return client, InterventiePage.objects.get(pk=inzending.page_id)


def edit_form(page, bijlagen):
    """The admin's edit form for ``page`` as the editor posts it, with ``bijlagen`` kept."""
    data = {"comments": inline_formset([])}
    for field in InterventiePage._meta.get_fields():
        if isinstance(field, StreamField):
            data[field.name] = streamfield([])
        elif isinstance(field, RichTextField):
            data[field.name] = rich_text(getattr(page, field.name) or "")
    for relation in get_all_child_relations(InterventiePage):
        data[relation.get_accessor_name()] = inline_formset([])
    data.update({
        "title": page.title, "slug": page.slug, "intro": page.intro,
        "erkenningsniveau": page.erkenningsniveau,
        "bijlagen": streamfield([("document", d.pk) for d in bijlagen]),
    })
    form = nested_form_data(data)
    form["themas"] = [str(t.pk) for t in page.themas.all()]
    form["organisaties"] = [str(o.pk) for o in page.organisaties.all()]
    return form


def refused(response, content):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code != 200 and content not in body


def under(path, root):
    return Path(path).resolve().is_relative_to(Path(root).resolve())


@pytest.fixture
def in_process_media(settings):
    # The test settings have no /media/ route (SERVE_MEDIA is off); this urlconf adds it as
    # portaal/urls.py does when SERVE_MEDIA is on, so the view itself is what is tested.
    settings.ROOT_URLCONF = "tests.security.media_urls"
    settings.SERVE_MEDIA = True


@pytest.fixture
def concept(db, in_process_media):
    from tests.factories import make_site

    make_site()
    member = make_user("member")
    moderator = make_user("moderator")
    inzending = submit(member, [("Verslag buurtmaatjes.pdf", KEPT),
                                ("Werkplan intern.pdf", REMOVED)])
    editor_client, page = maak_conceptpagina(moderator, inzending)
    kept, removed = (block.value for block in page.bijlagen)
    return {"member": member, "moderator": moderator, "inzending": inzending, "page": page,
            "client": editor_client, "kept": kept, "removed": removed}


@pytest.mark.django_db
def test_private_attachment_is_refused_under_media_for_every_path_spelling(concept):
    document = concept["removed"]
    assert document.collection.name == "Inzendingen (niet gepubliceerd)"
    # Production's proxy serves MEDIA_ROOT as it is: only "not there" protects the file.
    assert not under(document.file.path, settings.MEDIA_ROOT), document.file.path
    users = {"anonymous": None, "member": concept["member"],
             "other_member": make_user("other_member")}
    for role in ROLES_REFUSED:
        client = login(Client(), users[role])
        for url in media_urls(document):
            response = client.get(url)
            assert refused(response, REMOVED), (role, url, response.status_code)
        response = client.get(document.url)
        assert refused(response, REMOVED), (role, document.url)


@pytest.mark.django_db
def test_editor_gets_the_private_attachment_through_the_document_view(concept):
    document = concept["removed"]
    client = login(Client(), make_user("editor"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == REMOVED
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_public_media_are_still_served(in_process_media, db):
    image = Path(settings.MEDIA_ROOT) / "images" / "kaart-nijmegen.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    response = Client().get("/media/images/kaart-nijmegen.png")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    for url in ("/media/./images/kaart-nijmegen.png", "/media//images/kaart-nijmegen.png",
                "/media/images/x/../kaart-nijmegen.png", "/media/images/%2e/kaart-nijmegen.png"):
        assert Client().get(url).status_code == 404, url


@pytest.mark.django_db
def test_publishing_makes_public_only_the_attachments_the_page_still_uses(concept):
    page, kept, removed = concept["page"], concept["kept"], concept["removed"]
    client = concept["client"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # The editor removes the internal work plan from the page and publishes.
    response = client.post(edit, {**edit_form(page, [kept]), "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.live
    assert [block.value.pk for block in page.bijlagen] == [kept.pk]
    kept.refresh_from_db()
    removed.refresh_from_db()
    inzending = Inzending.objects.get(pk=concept["inzending"].pk)
    assert inzending.status == Inzending.Status.GEPUBLICEERD

    assert kept.collection == Collection.get_first_root_node()
    anonymous = Client()
    response = anonymous.get(kept.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == KEPT

    assert removed.collection.name == "Inzendingen (niet gepubliceerd)"
    assert not under(removed.file.path, settings.MEDIA_ROOT)
    assert refused(anonymous.get(removed.url), REMOVED)
    for url in media_urls(removed):
        assert refused(anonymous.get(url), REMOVED), url
    # Still there for the editors.
    response = login(Client(), make_user("editor")).get(removed.url)
    assert b"".join(response.streaming_content) == REMOVED


@pytest.mark.django_db
def test_a_document_moved_into_a_restricted_collection_leaves_media_root(concept):
    kept = concept["kept"]
    kept.collection = Collection.get_first_root_node()
    kept.save()
    kept.refresh_from_db()
    assert under(kept.file.path, settings.MEDIA_ROOT)
    kept.collection = concept["removed"].collection
    kept.save()
    kept.refresh_from_db()
    assert not under(kept.file.path, settings.MEDIA_ROOT)
    assert kept.file.read() == KEPT


# --- Against the real server: gunicorn through scripts/serve, production settings. ---


def fetch_once(base, path, **headers):
    """One request with the path sent exactly as written, redirects not followed (a login
    redirect is a refusal)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


SETUP = r"""
import json
from django.test import Client
from django.urls import reverse
from tests.factories import make_site
from tests.roles import make_user
from tests.security.test_private_media import KEPT, REMOVED, submit
from voorbeelden.models import InterventiePage

make_site()
member = make_user("member")
moderator = make_user("moderator")
# The server's own host name: production settings allow no other.
inzending = submit(member, [("Verslag buurtmaatjes.pdf", KEPT), ("Werkplan intern.pdf", REMOVED)],
                   HTTP_HOST="127.0.0.1")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(moderator)
client.post(reverse("voorbeelden_inzending_page", args=[inzending.pk]))
inzending.refresh_from_db()
page = InterventiePage.objects.get(pk=inzending.page_id)
document = page.bijlagen[1].value

def session(user):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c.cookies["sessionid"].value if "sessionid" in c.cookies else ""

print("SETUP" + json.dumps({
    "name": document.file.name, "path": document.file.path, "url": document.url,
    "sessions": {
        "anonymous": "", "member": session(member),
        "other_member": session(make_user("other_member")), "editor": session(make_user("editor")),
    },
}))
"""


@pytest.fixture(scope="module")
def live(production_server):
    """The run's scripts/serve (tests/conftest.py: collectstatic, migrate, gunicorn,
    production settings), then a submission made private by the real "Maak conceptpagina"
    in that server's database; sessions for each role."""
    base, _, env, tmp, _ = production_server
    result = subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", SETUP],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        env={**env, "DJANGO_SETTINGS_MODULE": "portaal.settings.production",
             "SECURE_SSL_REDIRECT": "false",
             "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    )
    line = [x for x in result.stdout.splitlines() if x.startswith("SETUP")]
    assert line, result.stdout[-3000:] + result.stderr[-3000:]
    return base, tmp, json.loads(line[0][len("SETUP"):])


def test_real_server_refuses_the_private_file_under_media(live):
    base, tmp, data = live
    assert not under(data["path"], tmp / "media"), data["path"]
    name = Path(data["name"]).name
    for role in ROLES_REFUSED:
        cookie = {"Cookie": f"sessionid={data['sessions'][role]}"} if data["sessions"][role] \
            else {}
        for variant in VARIANTS:
            url = variant.format(name=name)
            status, headers, body = fetch_once(base, url, **cookie)
            assert status != 200 and REMOVED not in body, (role, url, status, headers)
        status, _, body = fetch_once(base, data["url"], **cookie)
        assert status != 200 and REMOVED not in body, (role, data["url"], status)


def test_real_server_serves_the_private_file_to_an_editor(live):
    base, _, data = live
    status, headers, body = fetch_once(base, data["url"],
                                       Cookie=f"sessionid={data['sessions']['editor']}")
    assert status == 200, headers
    assert body == REMOVED
    assert "public" not in headers.get("Cache-Control", "")
