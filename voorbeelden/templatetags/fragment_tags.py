"""``{% cards items %}`` and ``{% filter_form %}``: cached overview fragments
(voorbeelden/overzichten/fragments.py)."""

from django import template

from voorbeelden.overzichten.fragments import render_cards, render_filter_form

register = template.Library()


@register.simple_tag(takes_context=True)
def cards(context, items):
    return render_cards(context, items)


@register.simple_tag(takes_context=True)
def filter_form(context):
    return render_filter_form(context)
