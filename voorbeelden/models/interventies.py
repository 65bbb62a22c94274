from urllib.parse import urlsplit

from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from portaal.models import Organisatie
from voorbeelden.blocks import INLINE_FEATURES, LinkBlock
from voorbeelden.models.api_fields import INTERVENTIE_API_FIELDS
from voorbeelden.models.base import (
    ContentIndexPage,
    ContentPage,
    InterventieVermelding,
    public_pages,
    snippet_field,
)
from voorbeelden.models.labs import LabPage
from voorbeelden.models.werkbezoeken import WerkbezoekPage


class Erkenningsniveau(models.TextChoices):
    """The levels of the shared recognition system (Movisie, NJi, RIVM)."""

    NIET_BEOORDEELD = "niet-beoordeeld", "Niet beoordeeld"
    GOED_BESCHREVEN = "goed-beschreven", "Goed beschreven"
    GOED_ONDERBOUWD = "goed-onderbouwd", "Goed onderbouwd"
    EFFECTIEF = "effectief", "Effectief"


# The target group is free text; these keyword groups make it a short choice list (the
# doelgroep filter of the overviews and the search page).
DOELGROEPEN = {
    "ggz": ("Mensen met psychische problemen", ("ggz", "psychi", "psychos")),
    "jongeren": ("Jongeren", ("jong", "jeugd")),
    "ouderen": ("Ouderen", ("ouderen",)),
    "armoede": ("Armoede en geldzorgen", ("armoede", "financi", "schuld")),
    "eenzaamheid": ("Eenzaamheid en isolement", ("eenza", "isolement")),
    "dakloosheid": ("Dak- en thuislozen", ("dak- en thuis", "dakloos", "thuisloos")),
    "werk": ("Afstand tot werk", ("arbeid", "werkloos")),
    "wijkbewoners": ("Wijkbewoners", ("wijk", "inwoner", "iedereen")),
}


# The page types an intervention can come from (its ``source_page``).
SOURCE_PAGE_TYPES = ["voorbeelden.WerkbezoekPage", "voorbeelden.LabPage", "voorbeelden.ArtikelPage",
                     "voorbeelden.HandreikingPage"]


# What a databank link leads to, by the host (without "www."), so the link can say it:
# the national databanks, and Movisie's practice examples, which it does not assess.
DATABANKS = {
    "movisie.nl": "beschrijving in de Databank Effectieve sociale interventies (Movisie)",
    "trimbos.nl": "beschrijving bij het Trimbos-instituut (erkende ggz-interventies)",
    "nji.nl": "beschrijving in de Databank Effectieve Jeugdinterventies (NJi)",
    "loketgezondleven.nl": "beschrijving in de interventiedatabase van Loket Gezond Leven (RIVM)",
}
PRACTICE_EXAMPLE = "praktijkvoorbeeld bij Movisie"


def databank_label(url):
    """The link text for ``url``: which databank (or which organisation) it leads to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if host == "movisie.nl" and parts.path.startswith("/praktijkvoorbeeld/"):
        return PRACTICE_EXAMPLE
    return DATABANKS.get(host, f"beschrijving in de databank ({host})" if host else
                         "beschrijving in de databank")


class InterventiePage(ContentPage):
    """A practice example or intervention, after the shared description worksheet."""

    doel = RichTextField("doel", blank=True, features=INLINE_FEATURES)
    doelgroep = models.TextField("doelgroep", blank=True, help_text="De einddoelgroep.")
    doelgroep_intermediair = models.TextField(
        "intermediaire doelgroep", blank=True,
        help_text="Wie de interventie uitvoert of doorverwijst (professionals, vrijwilligers).",
    )
    # images: an imported practice example keeps its photos (no migration: features are
    # not part of the field's definition)
    aanpak = RichTextField("aanpak", blank=True, features=INLINE_FEATURES + ["h3", "image"])
    werkzame_elementen = RichTextField("werkzame elementen", blank=True, features=INLINE_FEATURES)
    place = models.CharField("plaats", max_length=200, blank=True)
    onderbouwing = RichTextField("onderbouwing", blank=True, features=INLINE_FEATURES)
    resultaten = RichTextField("onderzoek en resultaten", blank=True, features=INLINE_FEATURES)
    erkenningsniveau = models.CharField(
        "erkenningsniveau", max_length=30, choices=Erkenningsniveau.choices,
        default=Erkenningsniveau.NIET_BEOORDEELD, db_index=True,
    )
    databank_url = models.URLField(
        "link naar databank", blank=True,
        help_text="Bijvoorbeeld de beschrijving in de Databank Effectieve Sociale Interventies.",
    )
    kosten = models.TextField("kosten", blank=True)
    materialen = models.TextField("materialen", blank=True)
    contact = models.TextField("contact", blank=True)
    links = StreamField([("link", LinkBlock())], verbose_name="meer informatie", blank=True)
    # Documents carried over from a member's submission (voorbeelden/inzendingen/
    # moderation.py); they sit in a restricted collection until this page is published.
    bijlagen = StreamField(
        [("document", DocumentChooserBlock(label="Document"))], verbose_name="bijlagen",
        blank=True,
    )
    source_page = models.ForeignKey(
        "voorbeelden.ContentPage", verbose_name="bronpagina", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="bron_interventies",
        help_text="Het werkbezoek, lab, artikel of de handreiking op dit portaal waar deze "
                  "interventie uit komt. Bezoekers zien de bron als link, en die pagina toont "
                  "deze interventie onder 'Interventies uit ...'.",
    )

    content_panels = ContentPage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("doel"),
        MultiFieldPanel(
            [FieldPanel("doelgroep"), FieldPanel("doelgroep_intermediair")], heading="Doelgroep"
        ),
        FieldPanel("aanpak"),
        FieldPanel("werkzame_elementen"),
        FieldPanel("place"),
        FieldPanel("onderbouwing"),
        FieldPanel("resultaten"),
        MultiFieldPanel(
            [FieldPanel("erkenningsniveau"), FieldPanel("databank_url")], heading="Erkenning"
        ),
        FieldPanel("kosten"),
        FieldPanel("materialen"),
        FieldPanel("contact"),
        FieldPanel("links"),
        FieldPanel("bijlagen"),
        *ContentPage.taxonomy_panels,
        FieldPanel("date"),
        PageChooserPanel("source_page", SOURCE_PAGE_TYPES),
        *ContentPage.provenance_panels,
    ]

    search_fields = ContentPage.search_fields + [
        snippet_field("doel"),
        snippet_field("doelgroep"),
        index.SearchField("doelgroep_intermediair"),
        snippet_field("aanpak"),
        snippet_field("werkzame_elementen"),
        index.SearchField("place"),
        snippet_field("resultaten"),
        index.FilterField("erkenningsniveau"),
        index.FilterField("search_doelgroepen"),
    ]

    api_fields = INTERVENTIE_API_FIELDS

    parent_page_types = ["voorbeelden.InterventieIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "interventie"
        verbose_name_plural = "interventies"

    def databank_label(self):
        return databank_label(self.databank_url)

    def search_doelgroepen(self):
        """The DOELGROEPEN keys whose words the target group mentions (as the overviews'
        ``doelgroep__icontains`` filter matches them)."""
        text = self.doelgroep.lower()
        return [key for key, (_label, words) in DOELGROEPEN.items()
                if any(word in text for word in words)]

    def usages(self):
        """Live pages that describe or name this intervention: its source page and the
        pages that name it."""
        # A semi-join on the mentions, not a join plus DISTINCT over every page column (the
        # plan that took seconds for related pages on PostgreSQL). In the admin's preview a
        # new page has no pk: nothing can name it yet.
        named = (
            Q(pk__in=InterventieVermelding.objects.filter(interventie_id=self.pk)
              .values("page_id"))
            if self.pk else Q(pk__in=[])
        )
        return (
            public_pages()
            .filter(named | Q(pk=self.source_page_id))
            .select_related("content_type")
            .order_by(*ContentPage.listing_order)
        )

    def practice(self):
        """The organisations that apply this intervention: its own, the host of a
        werkbezoek it comes from or that names it, and the organisation of a lab
        participant who shared an experience with it. (A handreiking's or article's
        organisations wrote about it; they are not counted.)"""
        usage_ids = self.usages().order_by().values("pk")
        # Iterated, not values_list(): in a preview this is modelcluster's in-memory relation
        # with the organisations chosen in the form, which has no "pk" field to list.
        ids = {o.pk for o in self.organisaties.all()}
        ids |= set(
            WerkbezoekPage.objects.filter(pk__in=usage_ids, gastorganisatie__isnull=False)
            .values_list("gastorganisatie", flat=True)
        )
        for lab in LabPage.objects.filter(pk__in=usage_ids).prefetch_related("deelnemers"):
            sharers = {
                (item["value"].get("participant") or "").strip().lower()
                for item in lab.ervaringen.raw_data
                if item["value"].get("interventie") == self.pk
            }
            ids |= {
                d.organisatie_id for d in lab.deelnemers.all()
                if d.organisatie_id and d.name.strip().lower() in sharers
            }
        return Organisatie.objects.filter(pk__in=ids).order_by("place", "name")

    def practice_places(self, organisations):
        """The page's own place and the seats of the organisations that apply it.

        A page made from a member's submission describes one project at the place the
        member gave; the seat of the member's organisation is not where that project runs,
        so there the page's own organisations add no place (a host or lab participant from
        another page still does)."""
        if self.pk and self.inzendingen.exists():
            own = {o.pk for o in self.organisaties.all()}
            organisations = [o for o in organisations if o.pk not in own]
        places = [self.place] + [o.place for o in organisations]
        return sorted({p.strip() for p in places if p and p.strip()})

    def detail_links(self):
        links = super().detail_links()
        usages = list(self.usages())
        # The source page is one of the usages, shown as the source rather than again
        # under "Genoemd in".
        links["source_page"] = next((u for u in usages if u.pk == self.source_page_id), None)
        links["usages"] = [u for u in usages if u is not links["source_page"]]
        links["practice"] = list(self.practice())
        links["practice_places"] = self.practice_places(links["practice"])
        # The page's own organisations are in its facts already: the practice list names
        # the others once ("Ook toegepast door").
        own = {o.pk for o in links["page_organisaties"]}
        links["practice_elsewhere"] = [o for o in links["practice"] if o.pk not in own]
        return links


class InterventieIndexPage(ContentIndexPage):
    listing_model = InterventiePage
    subpage_types = ["voorbeelden.InterventiePage"]

    class Meta:
        verbose_name = "overzicht interventies"
        verbose_name_plural = "overzichten interventies"
