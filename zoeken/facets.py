"""The search page's facets: which values exist, which the visitor chose, how to filter.

Within a facet the chosen values are alternatives (thema A or thema B); facets
combine with AND. A facet's counts are computed with the other facets' choices
applied, so a count says what ticking that value would add.
Unknown values in the URL are dropped, never an error.
"""

from dataclasses import dataclass, field

MAX_VALUES_PER_FACET = 20


@dataclass
class Facet:
    key: str  # URL parameter
    label: str
    filter_field: str  # FilterField on ``model`` (zoeken for the engine)
    orm_lookup: str  # the same on ContentPage in the ORM (database backend)
    model_path: str = "voorbeelden.ContentPage"

    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    def choices(self):
        """(value, label) pairs in display order."""
        from portaal.models import Regio, Thema
        from voorbeelden.models import Erkenningsniveau
        from voorbeelden.models.registry import PAGE_TYPES

        if self.key == "type":
            return [(k, m._meta.verbose_name.capitalize()) for k, (m, _) in PAGE_TYPES.items()]
        if self.key == "thema":
            return list(Thema.objects.values_list("slug", "name"))
        if self.key == "regio":
            return list(Regio.objects.values_list("slug", "name"))
        if self.key == "erkenningsniveau":
            return list(Erkenningsniveau.choices)
        raise ValueError(self.key)


FACETS = [
    Facet("type", "Soort", "search_type", "content_type__model"),
    Facet("thema", "Thema", "search_themas", "themas__slug"),
    Facet("regio", "Regio", "search_regios", "regios__slug"),
    Facet("erkenningsniveau", "Erkenningsniveau", "erkenningsniveau",
          "interventiepage__erkenningsniveau", "voorbeelden.InterventiePage"),
]
FACETS_BY_KEY = {f.key: f for f in FACETS}


def orm_values(facet, values):
    """Facet values as stored in the ORM column (the type facet filters on model names)."""
    if facet.key == "type":
        return [f"{v}page" for v in values]
    return list(values)


def from_orm_value(facet, value):
    if facet.key == "type" and value:
        return value.removesuffix("page")
    return value


def parse_selection(query_dict, choices_by_key):
    """The valid chosen values per facet key (unknown values and keys dropped)."""
    selection = {}
    for facet in FACETS:
        known = choices_by_key[facet.key]
        chosen = [v for v in dict.fromkeys(query_dict.getlist(facet.key)) if v in known]
        if chosen:
            selection[facet.key] = chosen[:MAX_VALUES_PER_FACET]
    return selection


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    facet: Facet
    options: list = field(default_factory=list)

    @property
    def key(self):
        return self.facet.key

    @property
    def label(self):
        return self.facet.label


def facet_results(counts, selection, choices_by_key):
    """Options with counts per facet; values without hits are hidden unless chosen."""
    results = []
    for facet in FACETS:
        facet_counts = counts.get(facet.key, {})
        chosen = selection.get(facet.key, [])
        options = [
            FacetOption(value, label, facet_counts.get(value, 0), value in chosen)
            for value, label in choices_by_key[facet.key].items()
            if facet_counts.get(value) or value in chosen
        ]
        if options:
            results.append(FacetResult(facet, options))
    return results
