"""What every content page shares: lead, date, taxonomies, provenance, freshness.

``ContentPage`` is concrete (multi-table) so that listings and theme overviews
across all five types are one query on one table, without ``.specific()``.
"""

from django import forms
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from portaal.cache import generation_cached
from portaal.lookups import restricted_q
from portaal.models import Thema
from voorbeelden.models.api_fields import CONTENT_API_FIELDS


def kind_of(model_or_page) -> str:
    """The short type name of a page model, page or specific class: interventie, lab ..."""
    if isinstance(model_or_page, type):
        model = model_or_page
    else:
        model = model_or_page.specific_class or type(model_or_page)
    return model._meta.model_name.removesuffix("page")


class ContentPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if "themas" in self.fields and not cleaned_data.get("themas"):
            self.add_error("themas", "Kies minstens één thema.")
        return cleaned_data


class ContentPage(Page):
    intro = models.TextField(
        "samenvatting", blank=True, help_text="Korte inleiding voor de pagina en voor overzichten."
    )
    date = models.DateField("datum", null=True, blank=True, db_index=True)
    themas = ParentalManyToManyField(
        "portaal.Thema", verbose_name="thema's", related_name="pages", blank=True
    )
    organisaties = ParentalManyToManyField(
        "portaal.Organisatie", verbose_name="organisaties", related_name="pages", blank=True
    )
    regios = ParentalManyToManyField(
        "portaal.Regio", verbose_name="regio's", related_name="pages", blank=True
    )

    # Provenance: which document or submission this came from.
    source = models.CharField("bron", max_length=500, blank=True)
    source_url = models.URLField("bron-URL", max_length=1000, blank=True)
    source_file = models.CharField("bronbestand", max_length=500, blank=True)
    source_hash = models.CharField("hash van de bron", max_length=64, blank=True, db_index=True)
    source_original = models.TextField("originele bron (HTML of tekst)", blank=True)
    imported_at = models.DateTimeField("geïmporteerd op", null=True, blank=True)

    review_date = models.DateField(
        "herzien vóór", null=True, blank=True,
        help_text="Datum waarop de redactie deze pagina opnieuw moet bekijken.",
    )

    is_creatable = False
    base_form_class = ContentPageForm
    api_fields = CONTENT_API_FIELDS
    # Listings show date first, then the order editors published in.
    listing_order = ("-date", "-first_published_at")

    taxonomy_panels = [
        FieldPanel("themas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("organisaties"),
        FieldPanel("regios"),
    ]
    provenance_panels = [
        MultiFieldPanel(
            [
                FieldPanel("source"),
                FieldPanel("source_url"),
                FieldPanel("source_file", read_only=True),
                FieldPanel("imported_at", read_only=True),
                FieldPanel("source_hash", read_only=True),
                FieldPanel("source_original", read_only=True),
            ],
            heading="Herkomst",
            classname="collapsed",
        ),
        FieldPanel("review_date"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.AutocompleteField("intro"),
        index.FilterField("date"),
        index.FilterField("live"),
        index.RelatedFields("themas", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields(
            "organisaties", [index.SearchField("name"), index.SearchField("place")]
        ),
        index.RelatedFields("regios", [index.SearchField("name")]),
        index.RelatedFields("deelnemers", [index.SearchField("name"), index.SearchField("role")]),
        # Denormalised keyword fields for the facets on the engine
        # (voorbeelden/overzichten/facets.py): the engine cannot facet on a nested M2M, it
        # can on a list of slugs.
        index.FilterField("search_type"),
        index.FilterField("search_themas"),
        index.FilterField("search_regios"),
        index.FilterField("search_organisaties"),
        index.FilterField("search_jaar"),
    ]

    class Meta:
        verbose_name = "inhoudspagina"
        verbose_name_plural = "inhoudspagina's"

    @cached_property
    def type_label(self):
        return self.specific_class._meta.verbose_name.capitalize()

    @classmethod
    def get_indexed_objects(cls):
        # modelsearch prefetches RelatedFields except ParentalManyToMany ones, so
        # update_index would query themas/organisaties/regios (and the facet lists
        # below) five times per page.
        return super().get_indexed_objects().prefetch_related("themas", "organisaties",
                                                              "regios")

    def search_type(self):
        """The page type as the search facet names it: interventie, lab, werkbezoek ..."""
        return kind_of(self)

    def search_themas(self):
        return [t.slug for t in self.themas.all()]

    def search_regios(self):
        return [r.slug for r in self.regios.all()]

    def search_organisaties(self):
        return [o.slug for o in self.organisaties.all()]

    def search_jaar(self):
        return str(self.date.year) if self.date else None

    def related_pages(self, limit=4):
        """Live pages that share a thema with this one, newest first."""
        return (
            live_content()
            .filter(themas__in=self.themas.all())
            .exclude(pk=self.pk)
            .distinct()[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Per cache generation (a publish or theme change bumps it): the DISTINCT over the
        # pages sharing a theme is the dearest query of a detail page. A preview shows the
        # draft's themes, so it is neither served from nor stored in that cache.
        if getattr(request, "is_preview", False):
            context["related"] = self.related_pages()
        else:
            context["related"] = generation_cached(
                "related-pages", (self.pk,), lambda: list(self.related_pages())
            )
        return context


def live_content(model=None):
    """Live, public content pages of one type (or all types), newest first."""
    model = model or ContentPage
    return (
        model.objects.live()
        .exclude(restricted_q())  # .public(), with the private sections from the cache
        .select_related("content_type")
        .prefetch_related(Prefetch("themas", queryset=Thema.objects.order_by("sort_order", "name")))
        .order_by(*ContentPage.listing_order)
    )


class Deelnemer(Orderable):
    """A participant of a lab or werkbezoek."""

    page = ParentalKey(ContentPage, related_name="deelnemers", on_delete=models.CASCADE)
    name = models.CharField("naam", max_length=200)
    role = models.CharField("functie of rol", max_length=200, blank=True)
    organisatie = models.ForeignKey(
        "portaal.Organisatie", verbose_name="organisatie", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    place = models.CharField("plaats", max_length=200, blank=True)

    panels = [
        FieldPanel("name"), FieldPanel("role"), FieldPanel("organisatie"), FieldPanel("place")
    ]

    class Meta(Orderable.Meta):
        verbose_name = "deelnemer"
        verbose_name_plural = "deelnemers"


class InterventieVermelding(Orderable):
    """An intervention that a lab, werkbezoek, article or handreiking describes or names."""

    page = ParentalKey(ContentPage, related_name="vermelde_interventies", on_delete=models.CASCADE)
    interventie = models.ForeignKey(
        "voorbeelden.InterventiePage", verbose_name="interventie",
        on_delete=models.CASCADE, related_name="vermeldingen",
    )

    panels = [PageChooserPanel("interventie", "voorbeelden.InterventiePage")]

    class Meta(Orderable.Meta):
        verbose_name = "genoemde interventie"
        verbose_name_plural = "genoemde interventies"
        constraints = [
            models.UniqueConstraint(fields=["page", "interventie"], name="unique_vermelding")
        ]


def deelnemers_panel():
    return InlinePanel("deelnemers", heading="Deelnemers", label="deelnemer")


def vermeldingen_panel(heading="Genoemde interventies"):
    return InlinePanel("vermelde_interventies", heading=heading, label="interventie")


class ContentIndexPage(Page):
    """The overview of one page type (``/interventies/``, ``/labs/`` ...)."""

    intro = models.TextField("inleiding", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portaal.HomePage"]
    max_count = 1
    # The page type this index lists; set by each subclass.
    listing_model = None

    class Meta:
        abstract = True

    def get_listing(self):
        return live_content(self.listing_model).child_of(self)

    @property
    def listing_kind(self):
        """The ``type`` filter value of this index's page type (``interventie``, ``lab`` ...)."""
        return kind_of(self.listing_model)

    # The listing of an overview page comes from overzichten, which builds on these
    # models: imported when a page is served, not when the models load.
    def get_context(self, request, *args, **kwargs):
        from voorbeelden.overzichten.facets import facets_for, listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(
            request, self.get_listing(), facets_for(self.listing_model), "/feed/",
            feed_params=[("type", self.listing_kind)], base_key=("index", self.pk),
        ))
        return context

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            from voorbeelden.overzichten.export import csv_response
            from voorbeelden.overzichten.facets import ListingFilters, facets_for

            filters = ListingFilters(request.GET, self.get_listing(),
                                     facets_for(self.listing_model))
            return csv_response(request, filters.queryset, self.slug)
        return super().serve(request, *args, **kwargs)
