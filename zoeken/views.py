"""The search page and the autocomplete endpoint. Results are noindex and never cached."""

from dataclasses import replace
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from zoeken import querylog
from zoeken.autocomplete import suggestions
from zoeken.search import SORTS, clean_query, parse_params, search


def _query_string(params, **overrides):
    """The URL parameters of the current search (without the page), with overrides."""
    items = [("q", params.q)] if params.q else []
    for key, values in params.selection.items():
        items += [(key, v) for v in values]
    sort = overrides.get("sortering", params.sort)
    if sort != "relevantie":
        items.append(("sortering", sort))
    if params.literal:
        items.append(("letterlijk", "1"))
    return urlencode(items)


def _toggle_url(params, key, value):
    selection = {k: list(v) for k, v in params.selection.items()}
    values = selection.setdefault(key, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    items = [("q", params.q)] if params.q else []
    for k, vs in selection.items():
        items += [(k, v) for v in vs]
    if params.sort != "relevantie":
        items.append(("sortering", params.sort))
    return "?" + urlencode(items)


@never_cache
def search_view(request):
    params = parse_params(request.GET)
    outcome = search(params)
    suggestion = outcome.suggestion
    if params.q and outcome.page is not None and params.page == 1 and not params.selection:
        querylog.record(params.q, outcome.total)
    context = {
        "search_query": params.q,
        "params": params,
        "outcome": outcome,
        "items": outcome.page,
        "facets": outcome.facets,
        # The overviews' filter form (includes/filters.html), keeping the words and sort.
        "filters": outcome,
        "search_url": reverse("zoeken:search"),
        "filters_keep": ([("q", params.q)] if params.q else [])
        + ([("sortering", params.sort)] if params.sort != "relevantie" else []),
        "promotions": querylog.promotions(params.q) if params.q else [],
        "suggestion": suggestion,
        "suggestion_url": "?" + urlencode({"q": suggestion}) if suggestion else "",
        # A misspelt query was answered for its correction; this searches the words as typed.
        "literal_url": "?" + _query_string(replace(params, literal=True)),
        "query_string": _query_string(params),
        "sorts": [(key, label, "?" + _query_string(params, sortering=key))
                  for key, label in SORTS.items()],
        "selected": [(key, value, params.label(key, value),
                      _toggle_url(params, key, value))
                     for key, values in params.selection.items() for value in values],
    }
    response = render(request, "zoeken/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def suggestions_view(request):
    q = clean_query(request.GET.get("q", ""), max_length=100)
    return JsonResponse({"q": q, "suggestions": suggestions(q)})
