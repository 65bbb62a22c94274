"""Wagtail's moderation workflow as editors use it, and who may act on a submission.

A member submits on the site; an Editors user makes the concept page and submits it for
moderation through the real edit view; a Moderators user approves or rejects through the
real workflow action URL. The submission's status and the member's mail follow. Every
moderation action is tried by every role (tests/roles.py), never by a superuser in disguise.
"""

from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from wagtail.fields import RichTextField, StreamField
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from tests.factories import make_regio
from tests.roles import login, make_user
from tests.voorbeelden.inzendingen_support import PDF, form_data, setup_portal, upload
from voorbeelden.models import InterventiePage, Inzending

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "approver", "editor", "moderator", "admin")
# Roles that work the moderation queue (Editors and Moderators have change_inzending).
QUEUE_ROLES = ("editor", "moderator", "admin")


@pytest.fixture
def submitted():
    """A member's submission, sent through the real form, with an attachment."""
    cache.clear()
    setup_portal()
    member = make_user("member")
    member_client = login(Client(), member)
    data = form_data(regio=str(make_regio("Gelderland").pk))
    data["bijlagen"] = [upload("verslag.pdf", PDF)]
    assert member_client.post("/inzenden/", data).status_code == 302
    mail.outbox.clear()
    return Inzending.objects.get()


def assert_refused(response, role):
    """Wagtail's admin refuses before the view runs: people without admin access go to the
    admin login, admin users without the permission to the dashboard (with a message)."""
    assert response.status_code == 302
    if role == "approver":
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def client_for(role):
    return login(Client(), make_user(role))


def member_mail(inzending):
    return [m for m in mail.outbox if m.to == [inzending.user.email]]


def edit_form(page, **actions):
    """The edit view's form as the admin posts it, with the page's current values."""
    data = {"comments": inline_formset([])}
    for field in InterventiePage._meta.get_fields():
        if isinstance(field, StreamField):
            data[field.name] = streamfield([])
        elif isinstance(field, RichTextField):
            data[field.name] = rich_text(getattr(page, field.name))
    data.update({
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "doelgroep": page.doelgroep,
        "place": page.place,
        "contact": page.contact,
        "source": page.source,
        "erkenningsniveau": page.erkenningsniveau,
        "date": page.date.isoformat(),
        "links": streamfield([("link", dict(block.value)) for block in page.links]),
        "bijlagen": streamfield([("document", block.value.pk) for block in page.bijlagen]),
    })
    form = nested_form_data(data)
    form["themas"] = [str(t.pk) for t in page.themas.all()]
    form["organisaties"] = [str(o.pk) for o in page.organisaties.all()]
    form["regios"] = [str(r.pk) for r in page.regios.all()]
    form.update(actions)
    return form


def concept_page_in_moderation(submitted):
    """An Editors user makes the concept page and submits it for moderation."""
    editor = client_for("editor")
    response = editor.post(reverse("voorbeelden_inzending_page", args=[submitted.pk]))
    page = InterventiePage.objects.get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # The edit view offers the submit action ("Stuur door naar Moderators approval").
    assert 'name="action-submit"' in editor.get(edit_url).content.decode()
    response = editor.post(edit_url, edit_form(page, **{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live
    return editor, page


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_editor_submits_moderator_approves_member_hears_with_public_link(submitted):
    editor, page = concept_page_in_moderation(submitted)
    submitted.refresh_from_db()
    assert submitted.status == Inzending.Status.IN_BEHANDELING
    mail.outbox.clear()

    # An editor may not approve his own request (Wagtail answers a refused admin action
    # with a redirect to the dashboard); the moderator may.
    response = workflow_action(editor, page, "approve")
    assert response["Location"] == reverse("wagtailadmin_home")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    response = workflow_action(client_for("moderator"), page, "approve")
    assert response.status_code == 302

    page.refresh_from_db()
    assert page.live
    submitted.refresh_from_db()
    assert submitted.status == Inzending.Status.GEPUBLICEERD
    [message] = member_mail(submitted)
    assert page.full_url in message.body
    assert Client().get(page.url).status_code == 200


def test_moderator_rejects_back_with_the_editor_member_not_mailed(submitted):
    editor, page = concept_page_in_moderation(submitted)
    mail.outbox.clear()

    response = workflow_action(client_for("moderator"), page, "reject",
                               comment="Graag de doelgroep preciezer beschrijven.")
    assert response.status_code == 302

    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    submitted.refresh_from_db()
    # For the member nothing changed: still with the editors, so no mail.
    assert submitted.status == Inzending.Status.IN_BEHANDELING
    assert member_mail(submitted) == []
    # The editor sees in the queue that it is back with him, and why.
    inspect = editor.get(reverse("voorbeelden_inzending_modeladmin_inspect",
                                 args=[submitted.pk])).content.decode()
    assert "terug bij de redacteur" in inspect
    assert "Graag de doelgroep preciezer beschrijven." in inspect

    # Edited and resubmitted, then approved: now the member hears of it.
    response = editor.post(reverse("wagtailadmin_pages:edit", args=[page.pk]),
                           edit_form(page, doelgroep="Bewoners (18+) met psychische kwetsbaarheid",
                                     **{"action-submit": "1"}))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_action(client_for("moderator"), page, "approve").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Inzending.Status.GEPUBLICEERD
    assert len(member_mail(submitted)) == 1


def queue_only_user():
    """May see and work the queue (view/change Inzending), but not add pages."""
    user = make_user("approver")
    user.user_permissions.set(Permission.objects.filter(
        codename__in=("access_admin", "change_inzending", "view_inzending")
    ))
    return user


def test_maak_conceptpagina_refused_without_page_add_permission(submitted):
    client = login(Client(), queue_only_user())
    # The queue itself is open to this user ...
    inspect_url = reverse("voorbeelden_inzending_modeladmin_inspect", args=[submitted.pk])
    assert client.get(inspect_url).status_code == 200
    # ... making a page is not.
    response = client.post(reverse("voorbeelden_inzending_page", args=[submitted.pk]))
    assert response.status_code == 403
    assert "U mag geen pagina’s toevoegen" in response.content.decode()
    assert not InterventiePage.objects.exists()
    submitted.refresh_from_db()
    assert submitted.page is None
    assert submitted.status == Inzending.Status.INGEDIEND
    assert member_mail(submitted) == []


@pytest.mark.parametrize("role", ROLES)
def test_maak_conceptpagina_by_role(submitted, role):
    response = client_for(role).post(reverse("voorbeelden_inzending_page", args=[submitted.pk]))
    submitted.refresh_from_db()
    if role in QUEUE_ROLES:
        assert response.status_code == 302
        assert submitted.page is not None
    else:
        assert_refused(response, role)
        assert submitted.page is None
        assert not InterventiePage.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_change_status_by_role(submitted, role):
    url = reverse("voorbeelden_inzending_status", args=[submitted.pk])
    response = client_for(role).post(url, {"status": "afgewezen", "message": "Buiten het thema."})
    submitted.refresh_from_db()
    if role in QUEUE_ROLES:
        assert response.status_code == 302
        assert submitted.status == Inzending.Status.AFGEWEZEN
        assert len(member_mail(submitted)) == 1
    else:
        assert_refused(response, role)
        assert submitted.status == Inzending.Status.INGEDIEND
        assert member_mail(submitted) == []


@pytest.mark.parametrize("role", ROLES)
def test_resend_mail_by_role(submitted, role):
    bericht = submitted.berichten.filter(to=submitted.user.email).get()
    bericht.sent_at = None
    bericht.save(update_fields=["sent_at"])
    response = client_for(role).post(reverse("voorbeelden_inzending_mail", args=[submitted.pk]))
    bericht.refresh_from_db()
    if role in QUEUE_ROLES:
        assert response.status_code == 302
        assert bericht.sent_at is not None
        assert len(member_mail(submitted)) == 1
    else:
        assert_refused(response, role)
        assert bericht.sent_at is None
        assert member_mail(submitted) == []
