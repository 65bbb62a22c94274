from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from voorbeelden.blocks import INLINE_FEATURES, BodyBlock, ErvaringBlock, InzichtBlock, PitchBlock
from voorbeelden.models.api_fields import LAB_API_FIELDS
from voorbeelden.models.base import (
    ContentIndexPage,
    ContentPage,
    InterventieVermelding,
    deelnemers_panel,
    snippet_field,
    vermeldingen_panel,
)


class LabPage(ContentPage):
    """A report of a Verdiwel Lab: pitches, experiences, insights, a casus."""

    class Vorm(models.TextChoices):
        ONLINE = "online", "Online"
        FYSIEK = "fysiek", "Fysiek"

    vorm = models.CharField("vorm", max_length=10, choices=Vorm.choices, default=Vorm.ONLINE)
    locatie = models.CharField("locatie", max_length=200, blank=True, help_text="Bijv. Teams.")
    organisator = models.ForeignKey(
        "portaal.Organisatie", verbose_name="organisator", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name="inleiding", blank=True)
    pitches = StreamField([("pitch", PitchBlock())], verbose_name="pitches", blank=True)
    ervaringen = StreamField(
        [("ervaring", ErvaringBlock())], verbose_name="gedeelde praktijkervaringen", blank=True
    )
    inzichten = StreamField(
        [("inzicht", InzichtBlock())], verbose_name="inzichten van deelnemers", blank=True
    )
    casus = RichTextField("casus", blank=True, features=INLINE_FEATURES)
    casus_inbrenger = models.CharField("casus ingebracht door", max_length=200, blank=True)
    casus_reacties = StreamField(
        [("reactie", blocks.TextBlock(label="Reactie", template="blocks/reactie_block.html"))],
        verbose_name="reacties op de casus", blank=True,
    )

    content_panels = ContentPage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("vorm"), FieldPanel("locatie"),
             FieldPanel("organisator")],
            heading="Bijeenkomst",
        ),
        FieldPanel("body"),
        FieldPanel("pitches"),
        FieldPanel("ervaringen"),
        FieldPanel("inzichten"),
        MultiFieldPanel(
            [FieldPanel("casus_inbrenger"), FieldPanel("casus"), FieldPanel("casus_reacties")],
            heading="Casus",
        ),
        deelnemers_panel(),
        vermeldingen_panel(),
        *ContentPage.taxonomy_panels,
        *ContentPage.provenance_panels,
    ]

    search_fields = ContentPage.search_fields + [
        snippet_field("body"),
        snippet_field("pitches"),
        snippet_field("ervaringen"),
        snippet_field("inzichten"),
        snippet_field("casus"),
        index.RelatedFields("deelnemers", [index.SearchField("name")]),
    ]

    api_fields = LAB_API_FIELDS

    parent_page_types = ["voorbeelden.LabIndexPage"]
    interventies_heading = "Interventies uit dit lab"
    detail_select_related = ("organisator",)
    shows_deelnemers = True
    subpage_types = []

    class Meta:
        verbose_name = "lab"
        verbose_name_plural = "labs"

    def save(self, *args, **kwargs):
        self.sync_ervaring_vermeldingen()
        return super().save(*args, **kwargs)

    def sync_ervaring_vermeldingen(self):
        """An intervention linked from a shared experience counts as named by this lab, so
        the intervention's page lists the lab under "Genoemd in"."""
        named = {v.interventie_id for v in self.vermelde_interventies.all()}
        for item in self.ervaringen.raw_data:
            pk = (item.get("value") or {}).get("interventie")
            if pk and pk not in named:
                self.vermelde_interventies.add(InterventieVermelding(interventie_id=pk))
                named.add(pk)


class LabIndexPage(ContentIndexPage):
    listing_model = LabPage
    subpage_types = ["voorbeelden.LabPage"]

    class Meta:
        verbose_name = "overzicht labs"
        verbose_name_plural = "overzichten labs"
