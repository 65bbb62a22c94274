"""The admin's "Zoekbeheer" group beyond its model lists: when settings take effect, and
"Probeer een zoekvraag", which shows an editor what a visitor gets for a query.

Who may: whoever may manage synonyms or search promotions (Wagtail's Editors and
Moderators, given those rights by migration zoeken 0004). The try-out searches as the
search page does (``parse_params`` + ``search``) but is not counted as a visitor's search.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail.admin.menu import MenuItem

from zoeken import database, fallback, querylog, terms
from zoeken.search import MAX_QUERY_LENGTH, parse_params, search
from zoeken.synonyms import safe_synonym_rules

PROMOTION_PERMISSIONS = tuple(f"wagtailsearchpromotions.{action}_searchpromotion"
                              for action in ("add", "change", "delete"))
SYNONYM_PERMISSIONS = tuple(f"zoeken.{action}_synoniem" for action in ("add", "change", "delete"))


def can_manage_promotions(user):
    return any(user.has_perm(perm) for perm in PROMOTION_PERMISSIONS)


def can_tune_search(user):
    """May manage synonyms or promotions, and so try queries."""
    return can_manage_promotions(user) or any(user.has_perm(p) for p in SYNONYM_PERMISSIONS)


# -- When a setting takes effect ---------------------------------------------------------

@dataclass
class Effect:
    setting: str
    when: str


@dataclass
class HowSettingsApply:
    answered_by: str  # one sentence: who answers visitors' queries now
    effects: list


def _shared_cache():
    # Without Redis each server process keeps the synonyms it read (database.analysis)
    # until they expire; only the process that saved them forgets them at once.
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def how_settings_apply():
    """What takes effect when, for the backend that answers visitors now (zoeken/signals.py:
    a saved synonym or thema is pushed to the engine's search analyzer and dropped from the
    database backend's cached analysis; compound words reach indexed text on indexing)."""
    promotions = Effect("Gepromote zoekresultaten",
                        "direct: ze worden bij elke zoekvraag uit de database gelezen.")
    if fallback.engine_backend() is not None and not fallback.engine_marked_down():
        return HowSettingsApply(
            "De zoekmachine beantwoordt de zoekvragen (OpenSearch/Elasticsearch). Is die "
            "onbereikbaar, dan antwoordt de database; synoniemen werken daar ook direct.",
            [
                Effect("Synoniemen", "direct: bij opslaan wordt de zoekanalyse van de "
                       "zoekmachine bijgewerkt, zonder de index opnieuw te bouwen."),
                Effect("Namen en synoniemen van thema's", "direct, net als synoniemen."),
                Effect("Samengestelde woorden", "de woordenlijst (vaste sectorwoorden plus "
                       "namen en synoniemen van thema's) geldt pas nadat de index opnieuw "
                       "is gebouwd met update_index."),
                promotions,
            ])
    answered_by = "De database beantwoordt de zoekvragen"
    if fallback.engine_backend() is not None:
        answered_by += " (de zoekmachine is op dit moment niet bereikbaar)."
    else:
        answered_by += " (er is geen zoekmachine ingesteld)."
    synonyms_when = "direct: de database zoekt bij elke zoekvraag ook op de synoniemen."
    if not _shared_cache():
        synonyms_when += (f" Andere serverprocessen nemen ze binnen "
                          f"{database.ANALYSIS_TTL // 60} minuten over.")
    return HowSettingsApply(answered_by, [
        Effect("Synoniemen", synonyms_when),
        Effect("Namen en synoniemen van thema's", "direct, net als synoniemen."),
        Effect("Samengestelde woorden", "de woordenlijst (vaste sectorwoorden plus namen en "
               "synoniemen van thema's) geldt direct voor zoekvragen, en voor de tekst van "
               "pagina's nadat die opnieuw is geïndexeerd: met update_index, of per pagina "
               "bij publiceren."),
        promotions,
    ])


# -- Probeer een zoekvraag ---------------------------------------------------------------

class TryQueryForm(forms.Form):
    q = forms.CharField(label="Zoekvraag", max_length=MAX_QUERY_LENGTH, required=False)
    letterlijk = forms.BooleanField(label="Letterlijk zoeken (zonder spellingscorrectie)",
                                    required=False)


@dataclass
class WordReading:
    word: str
    term: str
    parts: list  # [(compound part as written, its term)]


@dataclass
class SynonymReading:
    terms: tuple  # stems that must occur together
    source: str  # the editors' words they come from


def _synonym_words():
    """{stems of a synonym term: the term as the editors wrote it}."""
    words = {}
    for rule in safe_synonym_rules():
        for term in rule.split(","):
            words.setdefault(tuple(terms.stem(w) for w in terms.words(term)), term.strip())
    return words


@dataclass
class Reading:
    words: list  # WordReading per content word
    synonyms: list  # SynonymReading per alternative the synonym groups add


def database_reading(q):
    """How the database backend reads ``q``: per word its term and compound parts, then
    the alternatives the synonym groups add."""
    current = database.analysis()
    per_word = terms.word_terms(q, current.dictionary)
    own = {(term,) for _, word_terms in per_word for term in word_terms}
    added = [alt for alt in database.query_alternatives(q, current) if alt not in own]
    sources = _synonym_words() if added else {}
    # The parts as written beside their terms: a term alone can puzzle ("gezondheids" is "zon").
    words = [WordReading(word, word_terms[0],
                         [(part, terms.stem(part))
                          for part in dict.fromkeys(current.dictionary.parts(word))])
             for word, word_terms in per_word]
    return Reading(words, [SynonymReading(alt, sources.get(alt, "")) for alt in added])


def _result_rows(outcome):
    if outcome.page is None:
        return []
    return [{"page": page, "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
             "kind": page.type_label}
            for page in outcome.page.object_list]


def try_query_view(request):
    if not can_tune_search(request.user):
        raise PermissionDenied
    form = TryQueryForm(request.GET or None)
    context = {"form": form, "outcome": None, "reading": None}
    if form.is_valid() and form.cleaned_data["q"]:
        query = QueryDict(mutable=True)
        query["q"] = form.cleaned_data["q"]
        if form.cleaned_data["letterlijk"]:
            query["letterlijk"] = "1"
        params = parse_params(query)
        # Not querylog.record: an editor's try-out is no visitor's search.
        outcome = search(params)
        searched = outcome.corrected or params.q
        context.update(
            outcome=outcome, params=params, searched=searched, rows=_result_rows(outcome),
            promotions=querylog.promotions(params.q),
            literal_url="?" + urlencode({"q": params.q, "letterlijk": "1"}),
            can_manage_promotions=can_manage_promotions(request.user),
        )
        if not outcome.used_engine and searched:
            context["reading"] = database_reading(searched)
    return TemplateResponse(request, "zoeken/admin/probeer.html", context)


def admin_urls():
    return [path("zoeken/probeer/", try_query_view, name="zoeken_probeer")]


class TryQueryMenuItem(MenuItem):
    def is_shown(self, request):
        return can_tune_search(request.user)


class PromotionsMenuItem(MenuItem):
    """Wagtail's own promotions views, listed in the Zoeken group."""

    def is_shown(self, request):
        return can_manage_promotions(request.user)


def try_query_menu_item(order):
    return TryQueryMenuItem("Probeer een zoekvraag", reverse("zoeken_probeer"),
                            name="probeer-een-zoekvraag", icon_name="view", order=order)


def promotions_menu_item(order):
    return PromotionsMenuItem("Gepromote zoekresultaten", reverse("wagtailsearchpromotions:index"),
                              name="gepromote-zoekresultaten", icon_name="pick", order=order)
