"""What every content page shares: lead, date, taxonomies, provenance, freshness.

``ContentPage`` is concrete (multi-table) so that listings and theme overviews
across all five types are one query on one table, without ``.specific()``.
"""

import datetime
import operator
from functools import partial

from django import forms
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from portaal.cache import generation_cached
from portaal.lookups import at_private_place, in_private_section, private_sections, restricted_q
from portaal.models import Regio, Thema
from voorbeelden.models.api_fields import CONTENT_API_FIELDS

# One row of the card grid on a desktop: a fourth card stood alone under three.
RELATED_LIMIT = 3


def kind_of(model_or_page) -> str:
    """The short type name of a page model, page or specific class: interventie, lab ..."""
    if isinstance(model_or_page, type):
        model = model_or_page
    else:
        model = model_or_page.specific_class or type(model_or_page)
    return model._meta.model_name.removesuffix("page")


def type_label_of(model) -> str:
    """The page type as a card or result names it: "Interventie", "Lab" ..."""
    return model._meta.verbose_name.capitalize()


# The fields a search result's snippet may come from, most telling first
# (zoeken.highlighting, and the engine's highlighter in zoeken.query).
SNIPPET_FIELDS = ("intro", "summary", "doel", "doelgroep", "aanpak", "werkzame_elementen",
                  "body", "casus", "programma", "pitches", "ervaringen", "inzichten", "chapters",
                  "resultaten")


def snippet_field(name, **kwargs):
    """A full-text field of ``SNIPPET_FIELDS``. The engine indexes its words' offsets
    (``index_options``, through modelsearch's public ``es_extra``), so the highlighter
    reads where a word is from the index instead of analysing every hit's text again."""
    if name not in SNIPPET_FIELDS:
        raise ValueError(f"{name!r} is not one of SNIPPET_FIELDS")
    return index.SearchField(name, es_extra={"index_options": "offsets"}, **kwargs)


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
    # ``date`` is the source document's own date; this is when the redactie last published a
    # change after the first publication (``record_edit``). Wagtail's last_published_at is no
    # use for that: the fixture loader on every deploy and the import publish too.
    edited_at = models.DateTimeField("laatst bijgewerkt", null=True, blank=True, editable=False)

    is_creatable = False
    base_form_class = ContentPageForm
    exclude_fields_in_copy = ["edited_at"]  # a copy is a new page, not an edited one
    api_fields = CONTENT_API_FIELDS
    # Listings show date first, then the order editors published in; pages without a date
    # last on every database (PostgreSQL puts NULL first in a descending order).
    listing_order = (F("date").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True))
    # "Interventies uit dit werkbezoek": set by the types an intervention can come from
    interventies_heading = ""
    # The foreign keys a detail page shows, read with the page itself (ContentIndexPage.route)
    detail_select_related = ()
    # Whether the detail page lists its participants (labs and werkbezoeken)
    shows_deelnemers = False
    # The foreign key to the organisation the page names on a line of its own (a werkbezoek's
    # host, a handreiking's publisher): its list of organisations then holds the others.
    own_line_organisatie = ""

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
        snippet_field("intro", boost=2),
        index.AutocompleteField("intro"),
        index.FilterField("date"),
        index.FilterField("live"),
        # A search result's link, read from the engine's hit with what else a result shows
        # (zoeken.results), so a first search on the engine loads no page rows.
        index.FilterField("url_path"),
        index.RelatedFields("themas", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields(
            "organisaties", [index.SearchField("name"), index.SearchField("place")]
        ),
        index.RelatedFields("regios", [index.SearchField("name"),
                                       index.SearchField("provincie_name")]),
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
        return type_label_of(self.specific_class)

    @classmethod
    def get_indexed_objects(cls):
        # modelsearch prefetches RelatedFields except ParentalManyToMany ones, so
        # update_index would query themas/organisaties/regios (and the facet lists
        # below) five times per page.
        # The regions with their provincie: search_regios names both.
        regios = Prefetch("regios", queryset=Regio.objects.select_related("parent"))
        return super().get_indexed_objects().prefetch_related("themas", "organisaties", regios)

    def search_type(self):
        """The page type as the search facet names it: interventie, lab, werkbezoek ..."""
        return kind_of(self)

    def search_themas(self):
        return [t.slug for t in self.themas.all()]

    def search_regios(self):
        """The page's regions and the provincies they lie in: on the engine, as in the
        database filter (RegioFacet), choosing a provincie finds its gemeenten' pages."""
        slugs = []
        for regio in self.regios.all():
            slugs += [regio.slug] + ([regio.parent.slug] if regio.parent_id else [])
        return list(dict.fromkeys(slugs))

    def search_organisaties(self):
        return [o.slug for o in self.organisaties.all()]

    def search_jaar(self):
        return str(self.date.year) if self.date else None

    def last_change(self):
        """When the page last changed as feeds and the sitemap say it: the redactie's last
        edit, else the document's date; None when neither is known."""
        return last_change(self.edited_at, self.date)

    def with_content_json(self, content):
        # An older revision (a rollback, a scheduled or loader publish) must not bring back
        # the edit moment it was saved with: record_edit alone sets it.
        page = super().with_content_json(content)
        page.edited_at = self.edited_at
        return page

    def get_sitemap_urls(self, request=None):
        return [{"location": self.get_full_url(request), "lastmod": self.last_change()}]

    def get_view_restrictions(self):
        # Wagtail reads this page's ancestors and then their restrictions, two queries on
        # every request; the private sections are kept per cache generation, which every
        # restriction change, move and publish bumps. Inside one (or for an alias, whose
        # source's restrictions apply) Wagtail's own lookup decides.
        if self.alias_of_id is None and not in_private_section(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def interventie_links(self):
        """Live, public interventions linked from this page, in two lists: those that come
        from it (their ``source_page``) and those it names that come from elsewhere, each
        in the editors' order. Two queries however many there are; in a preview the named
        ones are the form's."""
        from django.apps import apps  # InterventiePage builds on this module

        named = [v.interventie_id for v in self.vermelde_interventies.all()]
        from_here = Q(source_page=self) if self.pk else Q(pk__in=[])
        pages = {
            p.pk: p for p in public_pages(apps.get_model("voorbeelden", "InterventiePage"))
            .filter(from_here | Q(pk__in=named))
            .order_by("title")
        }
        own = [p for p in pages.values() if p.source_page_id == self.pk and self.pk]
        order = {pk: position for position, pk in enumerate(named)}
        own.sort(key=lambda p: order.get(p.pk, len(order)))
        return own, [pages[pk] for pk in dict.fromkeys(named)
                     if pk in pages and pages[pk] not in own]

    def detail_links(self):
        """Everything the detail page shows of other rows, as template variables: its
        ancestors, themes, organisations and regions (``page_``), participants, related
        pages and the interventions it links. One query per kind however many there are;
        in a preview the form's relations."""
        themas = list(self.themas.all())
        links = {
            "page_ancestors": list(self.get_ancestors()),  # the breadcrumbs
            "page_themas": themas,
            "page_organisaties": list(self.organisaties.all()),
            "page_regios": list(self.regios.all()),
        }
        listed = [self.pk]
        if self.interventies_heading:
            links["interventies_from_here"], links["interventies_named"] = (
                self.interventie_links()
            )
            # The related cards offer what the page does not list already.
            listed += [p.pk for p in (*links["interventies_from_here"],
                                      *links["interventies_named"])]
        links["related"] = list(pages_sharing_themas([t.pk for t in themas], listed))
        if self.shows_deelnemers:
            links["deelnemers"] = list(self.deelnemers.select_related("organisatie"))
        return links

    def cached_detail_links(self):
        """``detail_links()`` kept per cache generation (a publish, move, restriction or
        taxonomy change bumps it) in two entries: what the page shows outside its cached
        content fragment (breadcrumbs, JSON-LD) read at once; the rest, most of it, read
        only when the fragment is rendered (lazy values: unpickling every linked page took
        up to a tenth of a warm request)."""
        computed = {}

        def links():  # at most once per request, and only on a cache miss
            if not computed:
                computed.update(self.detail_links())
            return computed

        head, rest_names = generation_cached("detail-head", (self.pk,), lambda: (
            {name: links()[name] for name in DETAIL_HEAD_LINKS},
            [name for name in links() if name not in DETAIL_HEAD_LINKS],
        ))
        rest = SimpleLazyObject(lambda: generation_cached(
            "detail-links", (self.pk,), lambda: {name: links()[name] for name in rest_names}
        ))
        return head | {name: SimpleLazyObject(partial(operator.getitem, rest, name))
                       for name in rest_names}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A preview shows the draft's links: neither served from nor stored in the cache.
        if getattr(request, "is_preview", False):
            context.update(self.detail_links())
        else:
            context.update(self.cached_detail_links())
        if self.own_line_organisatie:
            # A visitor reads each organisation once; the list still links the others.
            named = getattr(self, f"{self.own_line_organisatie}_id")
            context["other_organisaties"] = [
                o for o in context["page_organisaties"] if o.pk != named
            ]
        return context


# What a detail page shows of its links outside its cached content fragment: the
# breadcrumbs (base.html) and the JSON-LD (seo_tags.head_meta).
DETAIL_HEAD_LINKS = ("page_ancestors", "page_themas", "page_organisaties")


def pages_sharing_themas(thema_ids, exclude=(), limit=RELATED_LIMIT):
    """Live, public pages tagged with any of ``thema_ids``, newest first (``limit``), but
    not the pages whose ids are in ``exclude``.

    The ids are the page's own, already in hand, as literal values, and a candidate page
    qualifies by an EXISTS on the link table's unique (contentpage_id, thema_id) index: no
    join with the page's own links and no DISTINCT, so whatever the statistics say the
    plan is one index probe per candidate or one hash of those themes' links. (A semi-join
    through the page's own links took 15-24 s per page on PostgreSQL in long test runs,
    with dead tuples and stale statistics; a join plus DISTINCT over every page column
    22 s.)"""
    if not thema_ids:
        return live_content().none()
    links = ContentPage.themas.through.objects.filter(
        contentpage_id=OuterRef("pk"), thema_id__in=list(thema_ids)
    )
    return live_content().filter(Exists(links)).exclude(
        pk__in=[pk for pk in exclude if pk is not None])[:limit]


def start_of_day(day):
    """``day`` as an aware datetime at its start in the site's time zone (None stays None):
    feeds and sitemaps want a moment, and compare it with edit moments."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def last_change(edited_at, day):
    """The later of an edit moment and a document date, either of which may be unknown."""
    return max(filter(None, (edited_at, start_of_day(day))), default=None)


def record_edit(sender, instance, revision=None, **kwargs):
    """On page_published: a revision an editor saved, going live after the page's first
    publication, is an edit ("Laatst bijgewerkt"). The fixture loader and the import save
    their revisions without a user, and a first publication (first_published_at is then
    last_published_at) is no edit, so loading or importing never counts."""
    if not isinstance(instance, ContentPage) or revision is None or revision.user_id is None:
        return
    if not instance.live or instance.first_published_at is None \
            or instance.last_published_at is None \
            or instance.last_published_at <= instance.first_published_at:
        return
    instance.edited_at = instance.last_published_at
    ContentPage.objects.filter(pk=instance.pk).update(edited_at=instance.edited_at)


def public_pages(model=None, sections=None):
    """Live pages outside every private section: Wagtail's ``.live().public()``, with the
    private sections from the cache (``public()`` queries the view restrictions on every
    call: about a millisecond per search). ``sections``: ``private_sections()`` as the
    caller read them."""
    pages, restricted = (model or ContentPage).objects.live(), restricted_q(sections)
    return pages.exclude(restricted) if restricted is not None else pages


def public_ids(ids) -> set:
    """Which of the page ``ids`` are live and outside every private section now:
    ``public_pages()`` for ids in hand (a search engine's hits, whose copy may be older),
    read from the tree rows alone (ids, paths, depths).

    One plain statement on Wagtail's page table: every first search asks it, and the ORM
    spent ~0.35 ms building it, ten times what the database takes to answer it
    (bench/README.md). The test holds it to ``public_pages()``."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return set()
    fields = [Page._meta.get_field(name) for name in ("id", "path", "depth", "live")]
    quote = connection.ops.quote_name
    pk, path, depth, live = (quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk}, {path}, {depth} FROM {quote(Page._meta.db_table)} "
            f"WHERE {live} = %s AND {pk} IN ({', '.join(['%s'] * len(ids))})",
            [True, *ids])
        rows = cursor.fetchall()
    sections = private_sections()
    return {pk for pk, path, depth in rows if not at_private_place(path, depth, sections)}


def live_content(model=None):
    """Live, public content pages of one type (or all types), newest first."""
    return (
        public_pages(model)
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

    def route(self, request, path_components):
        # A detail page in one query, its specific row and the foreign keys it shows
        # included (Wagtail's own route reads the child's base row, then its specific
        # row), kept per cache generation: a publish, unpublish, move or full save of a
        # live page bumps it, so the cached row is the live one.
        if len(path_components) == 1:
            slug = path_components[0]
            page = generation_cached("detail-page", (self.pk, slug), lambda: (
                self.listing_model.objects.child_of(self).filter(slug=slug)
                .select_related(*self.listing_model.detail_select_related).first()
            ))
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

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
