"""From submission to page: status changes and "Maak conceptpagina".

The draft page gets every field, theme, organisation and attachment of the submission, so
the editor only edits and publishes. Attachments become Wagtail documents in a collection
that only editors may view, with their files outside MEDIA_ROOT (portaal/storage.py);
publishing the page moves the ones it still uses to the public root collection.
"""

from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import Truncator, slugify

from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail.signals import page_published, workflow_rejected

from portaal import internals
from portaal.mail import subject_line
from portaal.storage import save_document_file
from voorbeelden.inzendingen import mail
from voorbeelden.models import Bijlage, InterventieIndexPage, InterventiePage, Inzending
from voorbeelden.page_writer import add_page
from voorbeelden.richtext import clean_html, plain_line, plain_text

PRIVATE_COLLECTION = "Inzendingen (niet gepubliceerd)"
EDITOR_GROUPS = ("Moderators", "Editors")
MAY_NOT_ADD_PAGE = (
    "U mag geen pagina’s toevoegen onder ‘{parent}’. Vraag een redacteur of moderator om "
    "de conceptpagina te maken."
)


def change_status(inzending, status, message="", request=None):
    """Set the status (with the editor's message) and tell the member."""
    inzending.status = status
    inzending.status_message = message
    inzending.save(update_fields=["status", "status_message", "updated_at"])
    mail.notify_status(inzending, request)


def private_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PRIVATE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=PRIVATE_COLLECTION))
    if not collection.view_restrictions.exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=EDITOR_GROUPS))
    return collection


def _rich(text):
    """Plain member text as rich text paragraphs; any markup in it is dropped, not kept (also
    in rows stored before the form cleaned them), and the paragraphs pass the cleaner."""
    text = plain_text(text)
    return clean_html(linebreaks(text, autoescape=True)) if text else ""


def _unique_slug(parent, title):
    base = slugify(title)[:60] or "praktijkvoorbeeld"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _documents(inzending, user):
    Document = get_document_model()
    collection = private_collection()
    blocks = []
    for bijlage in inzending.bijlagen.all():
        if bijlage.document is None:
            document = Document(title=bijlage.name, collection=collection, uploaded_by_user=user)
            with bijlage.file.open("rb") as handle:
                save_document_file(document, bijlage.name, File(handle))
            internals.set_file_metadata(document)
            document.save()
            bijlage.document = document
            bijlage.save(update_fields=["document"])
        blocks.append(("document", bijlage.document))
    return blocks


def _aanpak(inzending):
    html = _rich(inzending.aanpak)
    if inzending.partners.strip():
        html += "<h3>Samenwerkingspartners</h3>" + _rich(inzending.partners)
    return html


@transaction.atomic
def make_concept_page(inzending, user, request=None):
    """The draft InterventiePage for this submission (made once; later calls return it).

    Raises PermissionDenied when ``user`` may not add pages under the interventions index:
    the moderation queue (change_inzending) is not the right to create pages.
    """
    parent = InterventieIndexPage.objects.first()
    if parent is None:
        raise ValueError("Er is nog geen overzichtspagina voor interventies.")
    if not parent.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(MAY_NOT_ADD_PAGE.format(parent=parent.title))
    if inzending.page_id:
        return inzending.page
    submitted = inzending.submitted_at or inzending.created_at
    # One line: the title goes into Wagtail's own workflow mail subjects.
    title = subject_line(str(inzending), InterventiePage._meta.get_field("title").max_length)
    page = add_page(parent, InterventiePage(), {
        "title": title,
        "slug": _unique_slug(parent, title),
        "intro": Truncator(plain_line(inzending.doel)).chars(300),
        "doel": _rich(inzending.doel),
        "doelgroep": inzending.doelgroep,
        "aanpak": _aanpak(inzending),
        "resultaten": _rich(inzending.resultaten),
        "place": inzending.place,
        "contact": inzending.contact,
        "links": [{"title": urlsplit(url).netloc, "url": url} for url in inzending.link_list()],
        "bijlagen": [document for _, document in _documents(inzending, user)],
        "date": timezone.localdate(submitted),
        "source": f"Inzending #{inzending.pk} van "
                  f"{inzending.user.get_full_name() or inzending.user}",
        "imported_at": timezone.now(),
        "live": False,
        "themas": inzending.themas.all(),
        "organisaties": [inzending.organisatie] if inzending.organisatie else [],
        "regios": [inzending.regio] if inzending.regio else [],
    })
    page.save_revision(user=user, log_action=True)
    inzending.page = page
    inzending.save(update_fields=["page", "updated_at"])
    if inzending.status != Inzending.Status.IN_BEHANDELING:
        change_status(inzending, Inzending.Status.IN_BEHANDELING, inzending.status_message, request)
    return page


def _used_document_ids(page):
    """The documents the page shows: its streams (bijlagen) and links in its rich text."""
    Document = get_document_model()
    ids = set()
    for field in type(page)._meta.get_fields():
        if isinstance(field, (StreamField, RichTextField)):
            for model, object_id, *_ in field.extract_references(field.value_from_object(page)):
                if issubclass(model, Document):
                    ids.add(str(object_id))
    return ids


@receiver(page_published, sender=InterventiePage)
def publish_submission(sender, instance, **kwargs):
    """When the page goes live: the attachments it shows become public and the member hears
    of it. Attachments the editor took off the page stay private; one put back later
    becomes public at that publish."""
    used = _used_document_ids(instance)
    root = Collection.get_first_root_node()
    for inzending in Inzending.objects.filter(page=instance):
        for bijlage in inzending.bijlagen.filter(
            document__pk__in=used, document__collection__name=PRIVATE_COLLECTION
        ).select_related("document"):
            # Saving the collection moves the file into MEDIA_ROOT (portaal/storage.py).
            bijlage.document.collection = root
            bijlage.document.save(update_fields=["collection"])
        if inzending.status != Inzending.Status.GEPUBLICEERD:
            change_status(inzending, Inzending.Status.GEPUBLICEERD, "")


@receiver(workflow_rejected)
def submission_back_with_editor(sender, instance, user=None, **kwargs):
    """A moderator asked for changes to the page: the submission is back with the editor.

    For the member nothing changes: it was and stays "in behandeling", so no mail. A
    submission the member was already told about in another way (published, rejected, or
    asked to add something) keeps that status: a page revision sent back between editors
    says nothing new to the member. The moderator's comment shows in the admin (inspect
    view, from the page's workflow state).
    """
    page = instance.content_object
    if not isinstance(page, Page):
        return
    Inzending.objects.filter(page__pk=page.pk, status=Inzending.Status.INGEDIEND).update(
        status=Inzending.Status.IN_BEHANDELING, updated_at=timezone.now()
    )


@receiver(post_delete, sender=Bijlage)
def delete_bijlage_file(sender, instance, **kwargs):
    """A deleted submission or attachment leaves no file behind in private storage."""
    if instance.file:
        instance.file.delete(save=False)
