from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from voorbeelden.blocks import INLINE_FEATURES, BodyBlock, ProgrammaBlock
from voorbeelden.models.api_fields import WERKBEZOEK_API_FIELDS
from voorbeelden.models.base import (
    ContentIndexPage,
    ContentPage,
    deelnemers_panel,
    snippet_field,
    vermeldingen_panel,
)


class WerkbezoekPage(ContentPage):
    """A report of a site visit: host, programme, casus."""

    gastorganisatie = models.ForeignKey(
        "portaal.Organisatie", verbose_name="gastorganisatie", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    place = models.CharField("plaats", max_length=200, blank=True)
    author = models.CharField("auteur", max_length=200, blank=True)
    programma = StreamField(
        [("onderdeel", ProgrammaBlock())], verbose_name="programma", blank=True
    )
    casus = RichTextField("casus", blank=True, features=INLINE_FEATURES)
    body = StreamField(BodyBlock(), verbose_name="verslag", blank=True)

    content_panels = ContentPage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("gastorganisatie"), FieldPanel("place"),
             FieldPanel("author")],
            heading="Werkbezoek",
        ),
        FieldPanel("programma"),
        FieldPanel("casus"),
        FieldPanel("body"),
        deelnemers_panel(),
        vermeldingen_panel(),
        *ContentPage.taxonomy_panels,
        *ContentPage.provenance_panels,
    ]

    search_fields = ContentPage.search_fields + [
        index.SearchField("place"),
        index.SearchField("author"),
        snippet_field("programma"),
        snippet_field("casus"),
        snippet_field("body"),
    ]

    api_fields = WERKBEZOEK_API_FIELDS

    parent_page_types = ["voorbeelden.WerkbezoekIndexPage"]
    interventies_heading = "Interventies uit dit werkbezoek"
    detail_select_related = ("gastorganisatie",)
    own_line_organisatie = "gastorganisatie"  # "Bij" in the facts under the title
    shows_deelnemers = True
    subpage_types = []

    class Meta:
        verbose_name = "werkbezoek"
        verbose_name_plural = "werkbezoeken"


class WerkbezoekIndexPage(ContentIndexPage):
    listing_model = WerkbezoekPage
    subpage_types = ["voorbeelden.WerkbezoekPage"]

    class Meta:
        verbose_name = "overzicht werkbezoeken"
        verbose_name_plural = "overzichten werkbezoeken"
