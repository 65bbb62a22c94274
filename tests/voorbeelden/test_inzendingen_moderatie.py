"""The editors' side: the queue in the Wagtail admin, status changes, Maak conceptpagina."""

from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from wagtail.models import Collection

import pytest

from tests.factories import make_regio, make_thema
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import (
    PDF,
    form_data,
    login,
    make_member,
    setup_portal,
    upload,
)
from voorbeelden.models import InterventiePage, Inzending

pytestmark = pytest.mark.django_db

QUEUE = "/admin/voorbeelden/inzending/"


@pytest.fixture
def submitted():
    cache.clear()
    setup_portal()
    member_client = Client()
    login(member_client, make_member())
    data = form_data(regio=str(make_regio("Gelderland").pk))
    data["bijlagen"] = [upload("verslag.pdf", PDF)]
    member_client.post("/inzenden/", data)
    mail.outbox.clear()
    return Inzending.objects.get()


@pytest.fixture
def editor_client(client):
    # A real Editors-group user: the queue comes from the group's own permissions, and
    # "Maak conceptpagina" from its page-add permission (tests/security/test_workflow.py
    # shows a user with only the queue is refused).
    login(client, make_user("editor"))
    return client


def test_member_never_reaches_the_wagtail_admin(client, submitted):
    login(client, submitted.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get(QUEUE).status_code == 302


def test_queue_lists_filters_and_searches(editor_client, submitted):
    body = editor_client.get(QUEUE).content.decode()
    assert "Buurtmaatjes in Nijmegen-Oost" in body
    assert editor_client.get(QUEUE + "?status=afgewezen").content.decode().count(
        "Buurtmaatjes in Nijmegen-Oost") == 0
    assert "Buurtmaatjes" in editor_client.get(QUEUE + "?status=ingediend").content.decode()
    thema, other = submitted.themas.get(), make_thema("Schulden")

    def by_thema(t):
        return editor_client.get(QUEUE + f"?themas__id__exact={t.pk}").content.decode()

    assert "Buurtmaatjes" in by_thema(thema)
    assert "Buurtmaatjes" not in by_thema(other)
    assert "Buurtmaatjes" in editor_client.get(QUEUE + "?q=vrijwilligers").content.decode()
    assert "Buurtmaatjes" not in editor_client.get(QUEUE + "?q=zzzonbekend").content.decode()


def test_inspect_shows_attachments_and_editor_can_download(editor_client, submitted):
    body = editor_client.get(QUEUE + f"inspect/{submitted.pk}/").content.decode()
    assert "verslag.pdf" in body
    assert "Maak conceptpagina" in body
    bijlage = submitted.bijlagen.get()
    assert editor_client.get(bijlage.get_absolute_url()).status_code == 200


def test_csv_export(editor_client, submitted):
    response = editor_client.get(QUEUE + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else \
        response.content.decode()
    assert "Buurtmaatjes in Nijmegen-Oost" in content
    assert "ingediend" in content.lower()


def test_status_change_mails_member_with_reason(editor_client, submitted):
    url = reverse("voorbeelden_inzending_status", args=[submitted.pk])
    # Rejecting without a reason is refused.
    editor_client.post(url, {"status": "afgewezen", "message": ""})
    submitted.refresh_from_db()
    assert submitted.status == Inzending.Status.INGEDIEND
    editor_client.post(url, {"status": "afgewezen", "message": "Valt buiten het thema ggz."})
    submitted.refresh_from_db()
    assert submitted.status == Inzending.Status.AFGEWEZEN
    assert mail.outbox[-1].to == [submitted.user.email]
    assert "Valt buiten het thema ggz." in mail.outbox[-1].body


def test_member_cannot_use_editor_actions(client, submitted):
    login(client, submitted.user)
    response = client.post(reverse("voorbeelden_inzending_status", args=[submitted.pk]),
                           {"status": "gepubliceerd"})
    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.status == Inzending.Status.INGEDIEND
    client.post(reverse("voorbeelden_inzending_page", args=[submitted.pk]))
    assert not InterventiePage.objects.exists()


def test_maak_conceptpagina_carries_everything_over(editor_client, submitted):
    response = editor_client.post(reverse("voorbeelden_inzending_page", args=[submitted.pk]))
    page = InterventiePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live
    assert page.get_parent().slug == "interventies"
    assert page.title == "Buurtmaatjes in Nijmegen-Oost"
    assert "Eenzaamheid verminderen." in page.doel
    assert "<p>Vrijwilligers koppelen aan bewoners.</p>" in page.aanpak
    assert "Samenwerkingspartners" in page.aanpak and "GGZ Oost" in page.aanpak
    assert page.resultaten == "<p>Veertig koppels in één jaar.</p>"
    assert page.doelgroep == "Bewoners met psychische kwetsbaarheid"
    assert page.place == "Nijmegen"
    assert page.contact.startswith("Fatima El Amrani")
    assert [t.name for t in page.themas.all()] == ["Maatjes"]
    assert list(page.organisaties.all()) == [submitted.organisatie]
    assert [r.name for r in page.regios.all()] == ["Gelderland"]
    assert [b.value["url"] for b in page.links] == ["https://www.stimenz.nl/maatjes"]
    document = page.bijlagen[0].value
    assert document.title == "verslag.pdf"
    assert document.file.read() == PDF
    submitted.refresh_from_db()
    assert submitted.page_id == page.pk
    assert submitted.status == Inzending.Status.IN_BEHANDELING
    # Private until published: the document sits in a restricted collection.
    assert document.collection.name == "Inzendingen (niet gepubliceerd)"
    editor_client.logout()
    assert editor_client.get(document.url).status_code in (302, 403)


def test_publishing_the_page_publishes_submission_and_attachments(editor_client, submitted):
    editor_client.post(reverse("voorbeelden_inzending_page", args=[submitted.pk]))
    page = InterventiePage.objects.get()
    mail.outbox.clear()
    page.save_revision().publish()
    submitted.refresh_from_db()
    assert submitted.status == Inzending.Status.GEPUBLICEERD
    assert page.full_url in mail.outbox[-1].body
    document = page.bijlagen[0].value
    document.refresh_from_db()
    assert document.collection == Collection.get_first_root_node()

    client = editor_client
    client.logout()
    assert client.get(document.url).status_code == 200
    login(client, submitted.user)
    body = client.get(reverse("mijn_inzendingen")).content.decode()
    assert "Gepubliceerd" in body
    assert page.url in body
    public = client.get(page.url).content.decode()
    assert "verslag.pdf" in public


def test_queue_leaves_members_drafts_out_unless_asked(editor_client, submitted):
    member_client = Client()
    login(member_client, submitted.user)
    member_client.post("/inzenden/", form_data(
        title="Half af", doel="", aanpak="", indienen=None, opslaan="1",
        form_token="0b8e7c52-3f1d-4e7a-9c2b-5a6d7e8f9a01"))
    assert Inzending.objects.filter(status=Inzending.Status.CONCEPT).count() == 1
    body = editor_client.get(QUEUE).content.decode()
    assert "Buurtmaatjes in Nijmegen-Oost" in body
    assert "Half af" not in body
    assert "Half af" in editor_client.get(QUEUE + "?status__exact=concept").content.decode()


@pytest.mark.parametrize("role, sees", [("editor", True), ("moderator", True),
                                        ("approver", False), ("admin", True)])
def test_dashboard_lists_the_waiting_submissions(client, submitted, role, sees):
    login(client, make_user(role))
    body = client.get("/admin/").content.decode()
    assert ("Inzendingen die wachten" in body) is sees
    if sees:
        assert "1</strong> inzending wacht op een redacteur" in body
        assert f'{QUEUE}inspect/{submitted.pk}/"' in body
        assert "Buurtmaatjes in Nijmegen-Oost" in body
        submitted.status = Inzending.Status.GEPUBLICEERD
        submitted.save()
        assert "Er wachten geen inzendingen." in client.get("/admin/").content.decode()
