"""The member's side of submissions: the form, drafts, bad input, mail, permissions."""

from smtplib import SMTPException

from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse

import pytest

from tests.factories import make_organisatie
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import (
    EXE,
    PDF,
    PNG,
    docx_bytes,
    form_data,
    login,
    make_member,
    upload,
)
from voorbeelden.models import Bericht, Bijlage, Inzending

pytestmark = pytest.mark.django_db

NEW = "/inzenden/"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("451 mail server unavailable")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


@pytest.fixture
def member(client):
    user = make_member()
    login(client, user)
    return user


def test_anonymous_is_sent_to_login(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=/inzenden/")


def test_submit_with_attachments_stores_and_mails(client, member):
    editor = make_user("moderator")
    data = form_data()
    data["bijlagen"] = [upload("Verslag 2023 (def).PDF", PDF), upload("foto.png", PNG, "image/png"),
                        upload("plan.docx", docx_bytes(), "application/octet-stream")]
    response = client.post(NEW, data)
    inzending = Inzending.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inzending_detail", args=[inzending.pk])
    assert inzending.status == Inzending.Status.INGEDIEND
    assert inzending.submitted_at is not None
    assert inzending.user == member
    assert [t.name for t in inzending.themas.all()] == ["Maatjes"]
    assert sorted((b.name, b.kind) for b in inzending.bijlagen.all()) == [
        ("foto.png", "png"), ("plan.docx", "docx"), ("verslag-2023-def.pdf", "pdf"),
    ]
    # Stored outside the public media folder.
    from django.conf import settings
    for bijlage in inzending.bijlagen.all():
        assert bijlage.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert not bijlage.file.path.startswith(str(settings.MEDIA_ROOT))
    recipients = sorted(addr for m in mail.outbox for addr in m.to)
    assert recipients == sorted([member.email, editor.email])
    assert all(b.sent_at for b in Bericht.objects.all())

    page = client.get(reverse("mijn_inzendingen"))
    assert "Buurtmaatjes in Nijmegen-Oost" in page.content.decode()
    assert "Ingediend" in page.content.decode()


def test_concept_can_be_saved_and_continued(client, member):
    data = form_data(title="Half af", doel="", aanpak="", indienen=None, opslaan="1")
    response = client.post(NEW, data)
    inzending = Inzending.objects.get()
    assert response.status_code == 302
    assert inzending.status == Inzending.Status.CONCEPT
    assert mail.outbox == []
    edit = client.get(reverse("inzending_edit", args=[inzending.pk]))
    assert 'value="Half af"' in edit.content.decode()


def test_missing_fields_keep_input_and_save_concept(client, member):
    data = form_data(doel="", aanpak="", contact="")
    data["bijlagen"] = [upload("verslag.pdf", PDF)]
    response = client.post(NEW, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf het doel." in body
    assert "Beschrijf de aanpak." in body
    assert "Geef een contactpersoon." in body
    assert 'value="Buurtmaatjes in Nijmegen-Oost"' in body  # what was typed is kept
    inzending = Inzending.objects.get()
    assert inzending.status == Inzending.Status.CONCEPT
    assert inzending.bijlagen.count() == 1  # and the file is not lost either
    assert "verslag.pdf" in body
    assert mail.outbox == []


def test_exe_renamed_pdf_is_refused_with_dutch_message(client, member):
    data = form_data()
    data["bijlagen"] = [upload("verslag.pdf", EXE)]
    response = client.post(NEW, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "is geen PDF, Word (.docx)" in body
    assert 'value="Buurtmaatjes in Nijmegen-Oost"' in body
    assert not Bijlage.objects.exists()
    assert Inzending.objects.get().status == Inzending.Status.CONCEPT


def test_zip_that_is_not_a_word_file_is_refused(client, member):
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", EXE)
    data = form_data()
    data["bijlagen"] = [upload("plan.docx", buffer.getvalue())]
    response = client.post(NEW, data)
    assert "is geen PDF" in response.content.decode()
    assert not Bijlage.objects.exists()


def test_50_mb_file_gets_a_clear_message_not_an_error_page(client, member):
    data = form_data()
    data["bijlagen"] = [upload("groot.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))]
    response = client.post(NEW, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "‘groot.pdf’ is 50,0\xa0MB; een bijlage mag hoogstens 10,0\xa0MB zijn" in body
    assert 'value="Buurtmaatjes in Nijmegen-Oost"' in body
    assert not Bijlage.objects.exists()


def test_double_submit_makes_one_submission_and_one_mail_set(client, member):
    data = form_data()
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert first.status_code == second.status_code == 302
    assert Inzending.objects.count() == 1
    assert len(mail.outbox) == 1  # only the member: no editors exist in this test
    followed = client.get(second["Location"])
    assert "al ontvangen" in followed.content.decode()


def test_html_in_text_is_not_kept(client, member):
    data = form_data(doel='<script>alert("x")</script><b>vet</b> &amp; 5 < 6')
    client.post(NEW, data)
    inzending = Inzending.objects.get()
    assert inzending.doel == "vet & 5 < 6"  # plain text: markup dropped, entities decoded
    body = client.get(inzending.get_absolute_url()).content.decode()
    assert "<script>alert" not in body and "alert(" not in body
    assert "vet &amp; 5 &lt; 6" in body


def test_bad_link_is_reported(client, member):
    response = client.post(NEW, form_data(links="www.zonder-schema.nl\nhttps://goed.nl"))
    body = response.content.decode()
    assert "Dit is geen volledig webadres: www.zonder-schema.nl" in body
    assert not Inzending.objects.exists()  # a hard error: nothing half-saved


def test_honeypot_saves_nothing(client, member):
    response = client.post(NEW, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Inzending.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_account(client, member):
    for n in range(10):
        client.post(NEW, form_data(form_token=f"00000000-0000-0000-0000-{n:012d}"))
    response = client.post(NEW, form_data(form_token="00000000-0000-0000-0000-999999999999"))
    assert response.status_code == 429
    assert "Wacht een uur" in response.content.decode()
    assert 'value="Buurtmaatjes in Nijmegen-Oost"' in response.content.decode()
    assert Inzending.objects.count() == 10


def test_rate_limit_per_ip_across_accounts(client):
    from voorbeelden.inzendingen import views
    for n in range(views.LIMIT_PER_IP // views.LIMIT_PER_USER):
        login(client, make_member(f"lid{n}@voorbeeld.nl"))
        for m in range(views.LIMIT_PER_USER):
            client.post(NEW, form_data(form_token=f"00000000-0000-0000-{n:04d}-{m:012d}"))
    login(client, make_member("nog-een@voorbeeld.nl"))
    response = client.post(NEW, form_data(form_token="00000000-0000-0000-9999-000000000000"))
    assert response.status_code == 429


@override_settings(EMAIL_BACKEND="tests.voorbeelden.test_inzendingen.FailingEmailBackend")
def test_failing_mail_server_keeps_submission_and_marks_unsent(client, member):
    response = client.post(NEW, form_data())
    assert response.status_code == 302
    inzending = Inzending.objects.get()
    assert inzending.status == Inzending.Status.INGEDIEND
    bericht = inzending.berichten.get()
    assert bericht.sent_at is None
    assert "SMTPException" in bericht.last_error
    assert inzending.unsent_mail_count == 1


def test_send_pending_mail_command_retries(client, member):
    from django.core.management import call_command
    with override_settings(EMAIL_BACKEND="tests.voorbeelden.test_inzendingen.FailingEmailBackend"):
        client.post(NEW, form_data())
    assert Bericht.objects.filter(sent_at=None).count() == 1
    call_command("send_pending_mail")
    assert Bericht.objects.filter(sent_at=None).count() == 0
    assert mail.outbox[0].to == [member.email]


def test_member_sees_only_own_submissions_and_files(client, member):
    data = form_data()
    data["bijlagen"] = [upload("verslag.pdf", PDF)]
    client.post(NEW, data)
    own = Inzending.objects.get()
    bijlage = own.bijlagen.get()
    download = client.get(bijlage.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]

    other = make_member("ander@voorbeeld.nl", organisatie=make_organisatie("Sterker"))
    login(client, other)
    assert client.get(own.get_absolute_url()).status_code == 404
    assert client.get(reverse("inzending_edit", args=[own.pk])).status_code == 404
    assert client.post(reverse("inzending_edit", args=[own.pk]), form_data()).status_code == 404
    assert client.get(bijlage.get_absolute_url()).status_code == 404
    assert "Buurtmaatjes" not in client.get(reverse("mijn_inzendingen")).content.decode()
    client.logout()
    assert client.get(bijlage.get_absolute_url()).status_code == 302


def test_files_are_not_under_public_media_url(client, member):
    data = form_data()
    data["bijlagen"] = [upload("verslag.pdf", PDF)]
    client.post(NEW, data)
    bijlage = Bijlage.objects.get()
    client.logout()
    assert client.get("/media/" + bijlage.file.name).status_code == 404


def test_submitted_cannot_be_edited_until_editors_ask(client, member):
    client.post(NEW, form_data())
    inzending = Inzending.objects.get()
    response = client.post(reverse("inzending_edit", args=[inzending.pk]),
                           form_data(title="Gewijzigd"))
    assert response.status_code == 302
    inzending.refresh_from_db()
    assert inzending.title == "Buurtmaatjes in Nijmegen-Oost"

    inzending.status = Inzending.Status.AANVULLEN_GEVRAAGD
    inzending.status_message = "Vul de resultaten aan."
    inzending.save()
    form = client.get(reverse("inzending_edit", args=[inzending.pk])).content.decode()
    assert "Vul de resultaten aan." in form
    client.post(reverse("inzending_edit", args=[inzending.pk]),
                form_data(resultaten="Nu met cijfers: 40 koppels."))
    inzending.refresh_from_db()
    assert inzending.status == Inzending.Status.INGEDIEND
    assert inzending.resultaten == "Nu met cijfers: 40 koppels."


def test_expired_session_keeps_typed_text(client, member):
    client.logout()  # the session ran out while the member was typing
    response = client.post(NEW, form_data(title="Mijn lange verhaal"))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")
    assert not Inzending.objects.exists()
    login(client, member)
    form = client.get(NEW).content.decode()
    assert 'value="Mijn lange verhaal"' in form
    assert "teruggezet" in form


def test_csrf_failure_page_is_dutch(member):
    from django.test import Client
    strict = Client(enforce_csrf_checks=True)
    login(strict, member)
    response = strict.post(NEW, form_data())
    assert response.status_code == 403
    body = response.content.decode()
    assert "Het formulier is verlopen" in body
    assert "Vorige" in body
    assert not Inzending.objects.exists()


def test_member_removes_attachment_from_concept_and_file_is_gone(client, member):
    data = form_data(indienen=None, opslaan="1")
    data["bijlagen"] = [upload("verslag.pdf", PDF)]
    client.post(NEW, data)
    bijlage = Bijlage.objects.get()
    path = bijlage.file.path
    response = client.post(reverse("inzending_bijlage_delete", args=[bijlage.pk]))
    assert response.status_code == 302
    assert not Bijlage.objects.exists()
    import os
    assert not os.path.exists(path)


def test_too_many_attachments(client, member):
    data = form_data(indienen=None, opslaan="1")
    data["bijlagen"] = [upload(f"deel-{n}.pdf", PDF) for n in range(6)]
    body = client.post(NEW, data).content.decode()
    assert "U kunt hoogstens 5 bijlagen toevoegen; ‘deel-5.pdf’ is niet toegevoegd." in body
    assert Bijlage.objects.count() == 5


def test_editor_resends_unsent_mail(client, member):
    with override_settings(EMAIL_BACKEND="tests.voorbeelden.test_inzendingen.FailingEmailBackend"):
        client.post(NEW, form_data())
    inzending = Inzending.objects.get()
    editor = make_user("moderator")
    login(client, editor)
    queue = client.get("/admin/voorbeelden/inzending/").content.decode()
    assert "1 niet verzonden" in queue
    inspect = client.get(f"/admin/voorbeelden/inzending/inspect/{inzending.pk}/").content.decode()
    assert "SMTPException" in inspect
    client.post(reverse("voorbeelden_inzending_mail", args=[inzending.pk]))
    assert inzending.unsent_mail_count == 0
    assert mail.outbox[-1].to == [member.email]


def test_place_and_region_each_said_once(client, member):
    # A region's name carries its kind ("Oss (gemeente)"): shown in brackets after the
    # place it read "Oss (Oss (gemeente))".
    from tests.factories import make_regio

    regio = make_regio("Oss", kind="gemeente")
    client.post(NEW, form_data(place="Oss", regio=str(regio.pk)))
    inzending = Inzending.objects.get()
    assert inzending.regio == regio
    body = client.get(reverse("inzending_detail", args=[inzending.pk])).content.decode()
    assert "Oss (Oss" not in body
    assert "<dt>Regio</dt><dd>Oss (gemeente)</dd>" in body
    client.force_login(make_user("moderator"))
    inspect = client.get(f"/admin/voorbeelden/inzending/inspect/{inzending.pk}/")
    assert inspect.status_code == 200
    assert "Oss (Oss" not in inspect.content.decode()
    assert "<dt>Regio</dt><dd>Oss (gemeente)</dd>" in inspect.content.decode()
