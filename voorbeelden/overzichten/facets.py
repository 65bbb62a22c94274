"""The one facet definition: the filters of every overview (type indexes, theme pages,
feeds, CSV, the API) and of the search page.

Each facet says its URL parameter, its Dutch label, its options (``clean``: value -> label),
how it filters and counts in the ORM (``apply``, ``counts``) and which FilterField of the
search index the engine filters and counts on (``index_field`` on ``index_model``, with
``from_index`` turning a stored value into an option value). A new filter is one model
field (and its FilterField), one facet here and the shared template.

A filter reads its values from the query string (``?thema=a&thema=b&jaar=2021``), ignores
values it does not know, and narrows the listing. Values of one filter are combined with OR
("kwartiermaken or herstel"), different filters with AND. Each filter's counts are computed
on the listing narrowed by all *other* filters, so a count says how many results choosing
that option gives. Every filter costs at most two queries whatever the length of the
listing: one to validate the chosen values, one for the counts (subqueries on page ids).
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from types import MappingProxyType
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.functional import cached_property

from portaal.cache import generation_cached
from portaal.models import Regio
from portaal.models.taxonomies import dutch_sort_key
from voorbeelden.models import ContentPage, Erkenningsniveau, InterventiePage
from voorbeelden.models.base import last_change
from voorbeelden.models.interventies import DOELGROEPEN
from voorbeelden.models.registry import PAGE_TYPES
from voorbeelden.overzichten.listing import paginate


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Group:
    """One filter as the template shows it: a fieldset of checkboxes."""

    param: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [o for o in self.options if o.selected]


def chosen_count(groups):
    """How many options are ticked over all ``groups`` (the filter toggle's "2 actief")."""
    return sum(len(group.selected) for group in groups)


def _ids(queryset):
    return queryset.order_by().values("pk")


class Facet:
    param = ""
    label = ""
    index_field = ""  # the FilterField of ``index_model`` the search engine uses

    @property
    def index_model(self):
        return ContentPage

    def from_index(self, stored):
        """The option value for a value stored in the search index."""
        return str(stored)

    def clean(self, raw_values):
        """The known values among ``raw_values``, as {value: label} in a stable order."""
        raise NotImplementedError

    def apply(self, queryset, values):
        raise NotImplementedError

    def counts(self, queryset):
        """{value: (label, count)} for the options present in ``queryset``."""
        raise NotImplementedError

    def labelled(self, counts):
        """``counts`` ({value: count}, e.g. from the engine) as ``counts()`` gives them:
        {value: (label, count)} for the known values, in the options' order."""
        if not counts:
            return {}
        return {v: (label, counts[v]) for v, label in self.clean(list(counts)).items()}


class TypeFacet(Facet):
    param, label, index_field = "type", "Soort", "search_type"

    @staticmethod
    def kinds():
        return {kind: model for kind, (model, _index) in PAGE_TYPES.items()}

    def label_for(self, model):
        return model._meta.verbose_name_plural.capitalize()

    def clean(self, raw_values):
        kinds = self.kinds()
        return {v: self.label_for(kinds[v]) for v in kinds if v in raw_values}

    def apply(self, queryset, values):
        kinds = self.kinds()
        types = ContentType.objects.get_for_models(*(kinds[v] for v in values)).values()
        return queryset.filter(content_type__in=list(types))

    def counts(self, queryset):
        kinds = self.kinds()
        by_type = ContentType.objects.get_for_models(*kinds.values())
        rows = dict(
            queryset.order_by().values_list("content_type").annotate(n=Count("pk", distinct=True))
        )
        result = {}
        for kind, model in kinds.items():
            n = rows.get(by_type[model].pk, 0)
            if n:
                result[kind] = (self.label_for(model), n)
        return result


class TaxonomyFacet(Facet):
    """Thema, regio or organisatie: a many-to-many on ContentPage, chosen by slug."""

    def __init__(self, param, label, relation, index_field, name_key=None):
        self.param, self.label, self.relation = param, label, relation
        self.index_field = index_field
        # Options ordered by this key on the name instead of the model's ordering (the
        # organisations: in the Dutch order of every list to choose one from).
        self.name_key = name_key

    @property
    def model(self):
        return ContentPage._meta.get_field(self.relation).related_model

    @property
    def through(self):
        return getattr(ContentPage, self.relation).through

    def options(self):
        """{slug: label} of every term, in the options' order; kept per cache generation
        (a taxonomy change bumps it), since every listing and search labels its values."""
        def compute():
            terms = list(self.model.objects.all())
            if self.name_key:
                terms.sort(key=lambda t: self.name_key(t.name))
            return {t.slug: str(t) for t in terms}
        return MappingProxyType(generation_cached("facet-options", self.param, compute,
                                                  in_process=True))

    def clean(self, raw_values):
        wanted = set(raw_values)
        return {slug: label for slug, label in self.options().items() if slug in wanted}

    def apply(self, queryset, values):
        fk = self.model._meta.model_name
        page_ids = self.through.objects.filter(**{f"{fk}__slug__in": values}).values(
            "contentpage_id"
        )
        return queryset.filter(pk__in=page_ids)

    def counts(self, queryset):
        # Driven from the matching pages' links (index on contentpage_id), grouped per
        # term; a link is unique per (page, term), so no COUNT(DISTINCT). The earlier shape
        # (every term LEFT JOIN every link, COUNT(DISTINCT) FILTER (IN subquery)) scanned
        # all links and ran the subquery twice.
        fk = self.model._meta.model_name
        order = [f"{fk}__{name}" for name in self.model._meta.ordering]
        rows = (
            self.through.objects.filter(contentpage_id__in=_ids(queryset))
            .values_list(f"{fk}__slug", f"{fk}__name")
            .annotate(n=Count("contentpage_id"))
            .order_by(*order)
        )
        if self.name_key:
            rows = sorted(rows, key=lambda row: self.name_key(row[1]))
        return {slug: (name, n) for slug, name, n in rows}


class InterventieFieldFacet(Facet):
    """A filter on an InterventiePage field; on mixed listings it keeps only interventions."""

    @property
    def index_model(self):
        return InterventiePage

    def interventies(self, queryset):
        return InterventiePage.objects.filter(pk__in=_ids(queryset))


class ErkenningsniveauFacet(InterventieFieldFacet):
    param, label, index_field = "erkenningsniveau", "Erkenningsniveau", "erkenningsniveau"

    def choices(self):
        return dict(Erkenningsniveau.choices)

    def clean(self, raw_values):
        return {v: label for v, label in self.choices().items() if v in raw_values}

    def apply(self, queryset, values):
        ids = InterventiePage.objects.filter(erkenningsniveau__in=values).values("pk")
        return queryset.filter(pk__in=ids)

    def counts(self, queryset):
        rows = dict(
            self.interventies(queryset).order_by().values_list("erkenningsniveau")
            .annotate(n=Count("pk"))
        )
        return {v: (label, rows[v]) for v, label in self.choices().items() if rows.get(v)}


def doelgroep_q(key):
    return reduce(or_, (Q(doelgroep__icontains=word) for word in DOELGROEPEN[key][1]))


class DoelgroepFacet(InterventieFieldFacet):
    """The ORM matches the keywords in the text; the index holds the matching keys
    (``InterventiePage.search_doelgroepen``)."""

    param, label, index_field = "doelgroep", "Doelgroep", "search_doelgroepen"

    def clean(self, raw_values):
        return {k: label for k, (label, _words) in DOELGROEPEN.items() if k in raw_values}

    def apply(self, queryset, values):
        match = reduce(or_, (doelgroep_q(v) for v in values))
        return queryset.filter(pk__in=InterventiePage.objects.filter(match).values("pk"))

    def counts(self, queryset):
        # One query: a conditional count per keyword group.
        totals = self.interventies(queryset).aggregate(
            **{key: Count("pk", filter=doelgroep_q(key)) for key in DOELGROEPEN}
        )
        return {k: (label, totals[k]) for k, (label, _w) in DOELGROEPEN.items() if totals[k]}


class YearFacet(Facet):
    param, label, index_field = "jaar", "Jaar", "search_jaar"

    def clean(self, raw_values):
        years = sorted({v for v in raw_values if v.isdigit() and 1900 <= int(v) <= 2100},
                       reverse=True)
        return {y: y for y in years}

    def apply(self, queryset, values):
        return queryset.filter(date__year__in=[int(v) for v in values])

    def counts(self, queryset):
        rows = (
            queryset.order_by().filter(date__isnull=False)
            .annotate(facet_year=ExtractYear("date")).values_list("facet_year")
            .annotate(n=Count("pk", distinct=True)).order_by("-facet_year")
        )
        return {str(year): (str(year), n) for year, n in rows}


class RegioFacet(TaxonomyFacet):
    """Regions are a small hierarchy (``Regio.parent``): a provincie holds the pages of the
    gemeenten and regions inside it, in the filter and in its count. On the engine the same
    holds through ``ContentPage.search_regios``, which lists a page's provincies too."""

    def __init__(self):
        super().__init__("regio", "Regio", "regios", "search_regios")

    def apply(self, queryset, values):
        page_ids = self.through.objects.filter(
            Q(regio__slug__in=values) | Q(regio__parent__slug__in=values)
        ).values("contentpage_id")
        return queryset.filter(pk__in=page_ids)

    def counts(self, queryset):
        # One query, two parts. Per top region (a provincie, or a region in none) its pages
        # and those of the regions inside it, each page once (a page in Oss and Helmond
        # counts once for Noord-Brabant); per region inside a provincie, its own pages.
        links = self.through.objects.filter(contentpage_id__in=_ids(queryset)).order_by()
        columns = ("slug", "name", "kind", "sort_order")
        top = links.values(**{c: Coalesce(f"regio__parent__{c}", f"regio__{c}")
                              for c in columns}).annotate(n=Count("contentpage_id", distinct=True))
        inside = links.filter(regio__parent__isnull=False).values(
            **{c: F(f"regio__{c}") for c in columns}).annotate(n=Count("contentpage_id"))
        rows = sorted(top.union(inside, all=True).values_list(*columns, "n"),
                      key=lambda row: (row[3], row[1], row[0]))  # Regio's own ordering
        return {slug: (Regio.label_of(name, kind), n) for slug, name, kind, _order, n in rows}


TYPE = TypeFacet()
THEMA = TaxonomyFacet("thema", "Thema", "themas", "search_themas")
REGIO = RegioFacet()
ORGANISATIE = TaxonomyFacet("organisatie", "Organisatie", "organisaties", "search_organisaties",
                            name_key=dutch_sort_key)
ERKENNINGSNIVEAU = ErkenningsniveauFacet()
DOELGROEP = DoelgroepFacet()
JAAR = YearFacet()

INTERVENTIE_FACETS = (THEMA, DOELGROEP, ERKENNINGSNIVEAU, REGIO, ORGANISATIE, JAAR)
TYPE_INDEX_FACETS = (THEMA, REGIO, ORGANISATIE, JAAR)
# Theme pages and the site-wide feed mix all types; the intervention-only filters appear
# once the visitor has narrowed the type to interventions.
MIXED_FACETS = (TYPE, THEMA, REGIO, ORGANISATIE, JAAR)
ALL_FACETS = (TYPE, THEMA, DOELGROEP, ERKENNINGSNIVEAU, REGIO, ORGANISATIE, JAAR)
# The search page mixes all types, like a theme page.
SEARCH_FACETS = MIXED_FACETS
# Accepted everywhere, so a shared link keeps working; shown where they make sense.
INTERVENTIE_ONLY = (DOELGROEP, ERKENNINGSNIVEAU)
FACETS_BY_PARAM = {facet.param: facet for facet in ALL_FACETS}


def facets_for(model=None):
    if model is InterventiePage:
        return INTERVENTIE_FACETS
    if model is None:
        return MIXED_FACETS
    return TYPE_INDEX_FACETS


def visible_facets(facets, values):
    """The facets shown, in order: on a mixed listing (one with the type filter) the
    intervention-only filters appear once the type is narrowed to interventions.
    ``values``: the chosen values per facet."""
    facets = list(facets)
    if TYPE in facets:
        facets = [f for f in facets if f not in INTERVENTIE_ONLY]
        if list(values.get(TYPE, ())) == ["interventie"]:
            facets[2:2] = INTERVENTIE_ONLY
    return facets


class Selection:
    """The chosen values of a set of facets, read from a query string: unknown values
    are dropped, values of one facet are alternatives, facets combine.

    ``values``: {facet: {value: label}}. ``max_values``: read at most this many distinct
    values per facet (a hostile URL cannot make a query of thousands of values).
    """

    def __init__(self, params, facets, max_values=None):
        self.facets = list(facets)
        for extra in INTERVENTIE_ONLY:
            if extra not in self.facets and params.getlist(extra.param):
                self.facets.append(extra)
        self.values = {}
        for facet in self.facets:
            # No option value holds a NUL, and PostgreSQL refuses one in a query parameter.
            raw = [v.strip() for v in params.getlist(facet.param)
                   if v.strip() and "\x00" not in v]
            if max_values is not None:
                raw = list(dict.fromkeys(raw))[:max_values]
            if raw:
                cleaned = facet.clean(raw)
                if cleaned:
                    self.values[facet] = cleaned

    @property
    def is_active(self):
        return bool(self.values)

    @property
    def query_string(self):
        return urlencode(
            [(facet.param, v) for facet, values in self.values.items() for v in values]
        )

    def visible_facets(self):
        return visible_facets(self.facets, self.values)

    def make_groups(self, counts):
        """The visible facets as Groups; ``counts``: {facet: {value: (label, count)}}."""
        groups = []
        for facet in self.visible_facets():
            chosen = self.values.get(facet, {})
            facet_counts = counts.get(facet, {})
            options = [
                Option(value, label, n, value in chosen)
                for value, (label, n) in facet_counts.items()
            ]
            # A chosen value that no longer matches anything stays visible so it can be undone.
            options += [
                Option(v, label, 0, True) for v, label in chosen.items() if v not in facet_counts
            ]
            if options:
                groups.append(Group(facet.param, facet.label, options))
        return groups

    @property
    def active(self):
        """(label of the filter, label of the value, query string without it) per choice."""
        result = []
        for facet, values in self.values.items():
            for value, label in values.items():
                rest = [
                    (f.param, v) for f, vs in self.values.items() for v in vs
                    if not (f is facet and v == value)
                ]
                result.append((facet.label, label, urlencode(rest)))
        return result


class ListingFilters(Selection):
    """The filters of one overview applied to its base queryset.

    ``queryset`` is the filtered listing; ``groups`` the filters with their options and
    counts (computed lazily: feeds and CSV do not need them); ``query_string`` the
    active filters, for pagination, feed and download links.
    """

    def __init__(self, params, base_queryset, facets, base_key=None):
        super().__init__(params, facets)
        self.base = base_queryset
        # What identifies the base listing in cache keys (("thema", 3)); without it, the
        # base query's SQL (compiling it costs about as much as running it).
        self.base_key = base_key
        self.queryset = self._apply(base_queryset)

    def _apply(self, queryset, skip=None):
        for facet, values in self.values.items():
            if facet is not skip:
                queryset = facet.apply(queryset, list(values))
        return queryset

    @cached_property
    def cache_parts(self):
        """What the counts depend on: the base listing's SQL, the chosen values and the
        filters shown; None when the listing is empty by construction."""
        chosen = sorted((f.param, list(values)) for f, values in self.values.items())
        shown = [f.param for f in self.visible_facets()]
        if self.base_key is not None:
            return (self.base_key, chosen, shown)
        try:
            base_sql = str(self.base.query)
        except EmptyResultSet:
            return None
        return (base_sql, chosen, shown)

    @cached_property
    def groups(self):
        """Kept per cache generation: the counts are an aggregate per filter over every
        matching page, and they change only when content or a taxonomy does (which bumps
        the generation)."""
        if self.cache_parts is None:
            return self._groups()
        return generation_cached("filter-groups", self.cache_parts, self._groups)

    def totals(self):
        """{"count", "latest"}: the number of results and their newest change (the redactie's
        last edit or the newest document's date, as the feed says; never a loader run), in
        one query, kept per cache generation like the filter counts."""
        def compute():
            totals = self.queryset.order_by().aggregate(
                count=Count("pk"), edited=Max("edited_at"), dated=Max("date")
            )
            return {"count": totals["count"],
                    "latest": last_change(totals["edited"], totals["dated"])}

        if self.cache_parts is None:
            return compute()
        return generation_cached("listing-totals", self.cache_parts, compute)

    def _groups(self):
        return self.make_groups({
            facet: facet.counts(self._apply(self.base, skip=facet))
            for facet in self.visible_facets()
        })


def listing_context(request, base_queryset, facets, feed_path, feed_params=(), base_key=None):
    """Context for an overview: the filtered, paginated items and the links that keep the
    filters (pagination, feed, CSV download). ``base_key``: see ListingFilters."""
    filters = ListingFilters(request.GET, base_queryset, facets, base_key)
    query_string = filters.query_string

    def with_filters(path, *extra):
        pairs = urlencode(list(extra))
        joined = "&".join(p for p in (query_string, pairs) if p)
        return f"{path}?{joined}" if joined else path

    totals = filters.totals()
    return {
        "items": paginate(request, filters.queryset, count=totals["count"],
                          cache_parts=filters.cache_parts),
        "latest_update": totals["latest"],
        "filters": filters,
        "query_string": query_string,
        "feed_url": with_filters(feed_path, *feed_params),
        "atom_url": with_filters(feed_path + "atom/", *feed_params),
        "csv_url": with_filters(request.path, ("format", "csv")),
        "reset_url": request.path,
    }
