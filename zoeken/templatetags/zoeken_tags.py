"""``{% search_results items.object_list %}``: the search page's results, each page's part
kept per cache generation (zoeken/results.py)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def search_results(context, results):
    return results.html(context)
