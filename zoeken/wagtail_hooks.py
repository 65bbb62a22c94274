"""Search in the Wagtail admin: editors' synonyms and what visitors searched for.

Wagtail's own "Zoektermen" report (search promotions) lists popular queries; the
"Zoekvragen" list here adds how often a query found nothing.
"""

from django.contrib.admin import SimpleListFilter

from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from zoeken.models import Synoniem, Zoekvraag


class SynoniemAdmin(ModelAdmin):
    model = Synoniem
    menu_label = "Synoniemen"
    menu_icon = "list-ul"
    list_display = ("terms", "note")
    search_fields = ("terms", "note")


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
    menu_label = "Zoeken"
    menu_icon = "search"
    menu_order = 310
    items = (SynoniemAdmin, ZoekvraagAdmin)


modeladmin_register(ZoekenGroup)
