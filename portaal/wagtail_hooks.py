"""The taxonomies and the members waiting for approval in the Wagtail admin."""

from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Count

from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.contrib.search_promotions.forms import SearchPromotionsFormSet
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView

from portaal import organisaties
from portaal.accounts import aanmeldingen
from portaal.models import Organisatie, Regio, Thema


class TaxonomyCreateView(CreateView):
    """modeladmin heads its form "Nieuw" + the model's name ("Nieuw Regio"): one Dutch heading
    with the article the word takes ("Nieuwe regio", "Nieuw thema")."""

    def get_page_title(self):
        return self.model_admin.new_label

    def get_page_subtitle(self):
        return ""

    def get_meta_title(self):
        return self.model_admin.new_label


class ThemaAdmin(ModelAdmin):
    model = Thema
    create_view_class = TaxonomyCreateView
    new_label = "Nieuw thema"
    menu_label = "Thema's"
    menu_icon = "tag"
    list_display = ("name", "slug", "page_count")
    search_fields = ("name", "description", "synonyms")
    inspect_view_enabled = True
    inspect_view_fields = ("name", "slug", "description", "synonyms", "sort_order")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_page_count=Count("pages", distinct=True))

    def page_count(self, obj):
        return obj._page_count

    page_count.short_description = "Pagina's"
    page_count.admin_order_field = "_page_count"


class OrganisatieAdmin(ModelAdmin):
    model = Organisatie
    create_view_class = TaxonomyCreateView
    new_label = "Nieuwe organisatie"
    menu_label = "Organisaties"
    menu_icon = "group"
    list_display = ("name", "kind", "place", "regio", "website")
    list_filter = ("kind", "regio")
    list_select_related = ("regio",)
    search_fields = ("name", "place", "description")
    inspect_view_enabled = True
    inspect_view_fields = ("name", "slug", "kind", "place", "regio", "website", "description")


class RegioAdmin(ModelAdmin):
    model = Regio
    create_view_class = TaxonomyCreateView
    new_label = "Nieuwe regio"
    menu_label = "Regio's"
    menu_icon = "site"
    list_display = ("name", "kind", "parent", "slug")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "description")
    inspect_view_enabled = True
    inspect_view_fields = ("name", "slug", "kind", "parent", "description")


@modeladmin_register
class TaxonomieGroup(ModelAdminGroup):
    menu_label = "Taxonomie"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ThemaAdmin, OrganisatieAdmin, RegioAdmin)


# Members waiting for approval: a list and an inspect view, approving by POST, no edit form.
@hooks.register("register_admin_urls")
def register_aanmeldingen_urls():
    return aanmeldingen.admin_urls()


@hooks.register("register_admin_menu_item")
def register_aanmeldingen_menu_item():
    return aanmeldingen.menu_item()


@hooks.register("register_permissions")
def register_approve_member_permission():
    return Permission.objects.filter(content_type__app_label="portaal",
                                     codename="approve_member")


# Wagtail gives the search promotion's link text no verbose_name, so its label is the English
# field name ("External link text") and no translation reaches it.
SearchPromotionsFormSet.form.base_fields["external_link_text"].label = "Linktekst"


# Editors choose organisations (a page's, a lab participant's, a werkbezoek's host) from lists
# in the Dutch order of every list to choose one from (portaal/organisaties.py).
register_form_field_override(
    models.ForeignKey, to=Organisatie,
    override={"form_class": organisaties.OrganisatieChoiceField},
)
register_form_field_override(models.ManyToManyField, override=organisaties.admin_form_field)
