"""The admin's note on when search settings take effect, for the Zoeken group's pages."""

from django import template

from zoeken.search_admin import how_settings_apply

register = template.Library()


@register.inclusion_tag("zoeken/admin/werking.html")
def search_settings_note():
    return {"werking": how_settings_apply()}
