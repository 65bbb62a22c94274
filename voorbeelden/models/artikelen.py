import math

from django.db import models
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from voorbeelden.blocks import BodyBlock
from voorbeelden.models.api_fields import ARTIKEL_API_FIELDS
from voorbeelden.models.base import (
    ContentIndexPage,
    ContentPage,
    snippet_field,
    vermeldingen_panel,
)

WORDS_PER_MINUTE = 200


def stream_text(stream):
    """The plain text of a StreamField value, for reading time and snippets."""
    parts = []

    def walk(value):
        if hasattr(value, "source"):  # RichText
            parts.append(strip_tags(value.source))
        elif isinstance(value, str):
            parts.append(strip_tags(value))
        elif hasattr(value, "items"):  # StructValue / dict
            for item in value.values():
                walk(item)
        elif hasattr(value, "__iter__"):
            for item in value:
                walk(getattr(item, "value", item))

    walk(stream)
    return " ".join(p for p in parts if p)


class ArtikelPage(ContentPage):
    """An article or news item."""

    class Soort(models.TextChoices):
        ARTIKEL = "artikel", "Artikel"
        NIEUWS = "nieuws", "Nieuwsbericht"

    soort = models.CharField("soort", max_length=10, choices=Soort.choices, default=Soort.ARTIKEL)
    author = models.CharField("auteur", max_length=200, blank=True)
    publication = models.CharField("bron of publicatie", max_length=200, blank=True)
    body = StreamField(BodyBlock(), verbose_name="tekst", blank=True)

    content_panels = ContentPage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("soort"), FieldPanel("author"), FieldPanel("publication"),
             FieldPanel("date")],
            heading="Gegevens",
        ),
        FieldPanel("body"),
        vermeldingen_panel(),
        *ContentPage.taxonomy_panels,
        *ContentPage.provenance_panels,
    ]

    search_fields = ContentPage.search_fields + [
        index.SearchField("author"),
        snippet_field("body"),
    ]

    api_fields = ARTIKEL_API_FIELDS

    parent_page_types = ["voorbeelden.ArtikelIndexPage"]
    interventies_heading = "Interventies uit dit artikel"
    subpage_types = []

    class Meta:
        verbose_name = "artikel"
        verbose_name_plural = "artikelen"

    @property
    def reading_time(self):
        """Minutes to read intro and body, at least one."""
        words = len(f"{self.intro} {stream_text(self.body)}".split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))


class ArtikelIndexPage(ContentIndexPage):
    listing_model = ArtikelPage
    subpage_types = ["voorbeelden.ArtikelPage"]

    class Meta:
        verbose_name = "overzicht artikelen"
        verbose_name_plural = "overzichten artikelen"
