"""Search in the Wagtail admin, one menu group "Zoekbeheer": editors' synonyms, Wagtail's search
promotions, what visitors searched for, and "Probeer een zoekvraag" (zoeken/search_admin.py).

Wagtail's own "Zoektermen" report (search promotions) lists popular queries; the
"Zoekvragen" list here adds how often a query found nothing.
"""

from django.contrib.admin import SimpleListFilter

from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from zoeken import search_admin
from zoeken.models import Synoniem, Zoekvraag

# The name Wagtail gives its promotions item in the settings menu (search_promotions hooks).
WAGTAIL_PROMOTIONS_ITEM = "promoted-search-results"


class SynoniemAdmin(ModelAdmin):
    model = Synoniem
    menu_label = "Synoniemen"
    menu_icon = "list-ul"
    list_display = ("terms", "note")
    search_fields = ("terms", "note")
    # modeladmin's pages with a note on when a change takes effect (zoeken/admin/werking.html).
    index_template_name = "zoeken/admin/synoniem_index.html"
    create_template_name = "zoeken/admin/synoniem_create.html"
    edit_template_name = "zoeken/admin/synoniem_edit.html"


class ZeroResultsFilter(SimpleListFilter):
    title = "resultaat"
    parameter_name = "resultaat"

    def lookups(self, request, model_admin):
        return [("geen", "Vond (soms) niets"), ("laatst-geen", "Vond de laatste keer niets")]

    def queryset(self, request, queryset):
        if self.value() == "geen":
            return queryset.filter(zero_results__gt=0).order_by("-zero_results")
        if self.value() == "laatst-geen":
            return queryset.filter(last_result_count=0)
        return queryset


class ZoekvraagAdmin(ModelAdmin):
    model = Zoekvraag
    menu_label = "Zoekvragen"
    menu_icon = "search"
    list_display = ("query_string", "searches", "zero_results", "last_result_count",
                    "last_searched_at")
    list_filter = (ZeroResultsFilter,)
    search_fields = ("query_string",)
    ordering = ("-searches",)
    # Counted by the search page, not edited by hand.
    inspect_view_enabled = True


class ZoekenGroup(ModelAdminGroup):
    menu_label = "Zoekbeheer"  # Wagtail's own search is "Zoeken" in the same sidebar
    menu_icon = "search"
    menu_order = 310
    items = (SynoniemAdmin, ZoekvraagAdmin)

    def get_submenu_items(self):
        synoniemen, zoekvragen = self.modeladmin_instances
        return [
            synoniemen.get_menu_item(order=1),
            search_admin.promotions_menu_item(order=2),
            zoekvragen.get_menu_item(order=3),
            search_admin.try_query_menu_item(order=4),
        ]


modeladmin_register(ZoekenGroup)


@hooks.register("register_admin_urls")
def register_try_query_urls():
    return search_admin.admin_urls()


@hooks.register("construct_settings_menu")
def hide_wagtails_promotions_item(request, menu_items):
    """Promotions are in the Zoeken group; Wagtail's own item under Instellingen goes."""
    menu_items[:] = [item for item in menu_items if item.name != WAGTAIL_PROMOTIONS_ITEM]
