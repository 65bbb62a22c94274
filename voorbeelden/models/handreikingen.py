from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from voorbeelden.blocks import INLINE_FEATURES, HoofdstukBlock
from voorbeelden.models.api_fields import HANDREIKING_API_FIELDS
from voorbeelden.models.base import (
    ContentIndexPage,
    ContentPage,
    snippet_field,
    vermeldingen_panel,
)


class HandreikingPage(ContentPage):
    """A practical guide: chapters, the interventions it describes, references."""

    publisher = models.ForeignKey(
        "portaal.Organisatie", verbose_name="uitgever", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    year = models.PositiveIntegerField("jaar", null=True, blank=True)
    authors = models.CharField("auteurs", max_length=500, blank=True)
    summary = RichTextField("samenvatting", blank=True, features=INLINE_FEATURES)
    chapters = StreamField([("hoofdstuk", HoofdstukBlock())], verbose_name="hoofdstukken",
                           blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="pdf", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    references = StreamField(
        [("referentie", blocks.TextBlock(label="Referentie",
                                         template="blocks/referentie_block.html"))],
        verbose_name="literatuur en noten", blank=True,
    )

    content_panels = ContentPage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("publisher"), FieldPanel("year"), FieldPanel("authors"),
             FieldPanel("date"), FieldPanel("pdf")],
            heading="Gegevens",
        ),
        FieldPanel("summary"),
        FieldPanel("chapters"),
        vermeldingen_panel("Beschreven interventies"),
        FieldPanel("references"),
        *ContentPage.taxonomy_panels,
        *ContentPage.provenance_panels,
    ]

    search_fields = ContentPage.search_fields + [
        snippet_field("summary", boost=2),
        index.SearchField("authors"),
        snippet_field("chapters"),
    ]

    api_fields = HANDREIKING_API_FIELDS

    parent_page_types = ["voorbeelden.HandreikingIndexPage"]
    interventies_heading = "Interventies uit deze handreiking"
    detail_select_related = ("publisher", "pdf")
    own_line_organisatie = "publisher"  # "Uitgever" in the facts box
    subpage_types = []

    class Meta:
        verbose_name = "handreiking"
        verbose_name_plural = "handreikingen"


class HandreikingIndexPage(ContentIndexPage):
    listing_model = HandreikingPage
    subpage_types = ["voorbeelden.HandreikingPage"]

    class Meta:
        verbose_name = "overzicht handreikingen"
        verbose_name_plural = "overzichten handreikingen"
