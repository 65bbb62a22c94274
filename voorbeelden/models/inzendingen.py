"""Member submissions (inzendingen): a practice example as a member describes it, its
attachments (kept out of public media) and the e-mail it causes (stored before sending)."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, with no public URL: a view checks who may read them."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    def url(self, name):
        raise ValueError("Bijlagen van inzendingen hebben geen openbare URL.")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


def bijlage_path(instance, filename):
    # A random folder per file: names may repeat, and paths reveal nothing guessable.
    return f"inzendingen/{uuid.uuid4().hex}/{filename}"


class Inzending(models.Model):
    """Not in the search index: member data stays out of the engine; the admin queue
    searches the database (wagtail-modeladmin's default ORM search)."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        INGEDIEND = "ingediend", "Ingediend"
        IN_BEHANDELING = "in_behandeling", "In behandeling"
        AANVULLEN_GEVRAAGD = "aanvullen_gevraagd", "Aanvullen gevraagd"
        GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    # States in which the member may still change the text.
    EDITABLE = (Status.CONCEPT, Status.AANVULLEN_GEVRAAGD)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ingediend door", on_delete=models.CASCADE,
        related_name="inzendingen",
    )
    status = models.CharField(
        "status", max_length=30, choices=Status.choices, default=Status.CONCEPT, db_index=True
    )
    status_message = models.TextField(
        "toelichting van de redactie", blank=True,
        help_text="Reden van afwijzing of wat er aangevuld moet worden; de indiener ziet dit.",
    )
    # The token of the form that created this submission: a second POST of the same form
    # (double click, reload) finds it instead of creating a duplicate.
    form_token = models.UUIDField("formuliertoken", unique=True, default=uuid.uuid4, editable=False)

    title = models.CharField("titel", max_length=255, blank=True)
    organisatie = models.ForeignKey(
        "portaal.Organisatie", verbose_name="organisatie", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="inzendingen",
    )
    place = models.CharField("plaats", max_length=200, blank=True)
    regio = models.ForeignKey(
        "portaal.Regio", verbose_name="regio", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="inzendingen",
    )
    themas = models.ManyToManyField(
        "portaal.Thema", verbose_name="thema's", blank=True, related_name="inzendingen"
    )
    doelgroep = models.TextField("doelgroep", blank=True)
    doel = models.TextField("doel", blank=True)
    aanpak = models.TextField("aanpak", blank=True)
    resultaten = models.TextField("resultaten", blank=True)
    partners = models.TextField("samenwerkingspartners", blank=True)
    contact = models.TextField("contactpersoon", blank=True)
    links = models.TextField("links", blank=True, help_text="Eén webadres per regel.")

    created_at = models.DateTimeField("aangemaakt op", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    submitted_at = models.DateTimeField("ingediend op", null=True, blank=True, db_index=True)
    page = models.ForeignKey(
        "voorbeelden.InterventiePage", verbose_name="pagina", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="inzendingen",
    )

    class Meta:
        verbose_name = "inzending"
        verbose_name_plural = "inzendingen"
        ordering = ["-submitted_at", "-created_at"]

    def __str__(self):
        return self.title or "Naamloze inzending"

    def get_absolute_url(self):
        return reverse("inzending_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def unsent_mail_count(self):
        return sum(1 for b in self.berichten.all() if b.sent_at is None)

    def public_page(self):
        """The published page, once it is live."""
        if self.page_id and self.page.live:
            return self.page
        return None


class Bijlage(models.Model):
    """An uploaded file, checked by content (inzendingen/uploads.py) and stored privately."""

    inzending = models.ForeignKey(
        Inzending, verbose_name="inzending", on_delete=models.CASCADE, related_name="bijlagen"
    )
    file = models.FileField(
        "bestand", upload_to=bijlage_path, storage=get_private_storage, max_length=300
    )
    name = models.CharField("bestandsnaam", max_length=200)
    kind = models.CharField("soort", max_length=10)
    size = models.PositiveIntegerField("grootte (bytes)")
    uploaded_at = models.DateTimeField("geüpload op", default=timezone.now)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="document", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inzending_bijlage", kwargs={"pk": self.pk})


class Bericht(models.Model):
    """An e-mail, stored before it is sent; unsent ones are retried (send_pending_mail)."""

    inzending = models.ForeignKey(
        Inzending, verbose_name="inzending", null=True, blank=True, on_delete=models.CASCADE,
        related_name="berichten",
    )
    to = models.TextField("aan", help_text="Eén adres per regel.")
    subject = models.CharField("onderwerp", max_length=255)
    body = models.TextField("tekst")
    created_at = models.DateTimeField("aangemaakt op", default=timezone.now)
    sent_at = models.DateTimeField("verzonden op", null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    last_error = models.TextField("laatste fout", blank=True)

    class Meta:
        verbose_name = "e-mailbericht"
        verbose_name_plural = "e-mailberichten"
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def recipients(self):
        return [a.strip() for a in self.to.splitlines() if a.strip()]
