"""The moderation queue for submissions (members awaiting approval: portaal/accounts/)."""

from django.contrib.admin import (
    ChoicesFieldListFilter,
    DateFieldListFilter,
    RelatedFieldListFilter,
)
from django.contrib.admin.utils import lookup_field
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from portaal.organisaties import OrganisatieListFilter
from voorbeelden.importer import admin as importer_admin  # noqa: F401 (registers hooks)
from voorbeelden.inzendingen import admin_views as moderatie
from voorbeelden.inzendingen.panels import WAITING, WaitingSubmissionsPanel
from voorbeelden.models import Inzending
from voorbeelden.overzichten.export import safe_cell
from voorbeelden.review import ReviewOverdueView, ReviewPanel


class QueuePermissionHelper(PermissionHelper):
    """Members create submissions on the site; editors act through the inspect view."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class QueueIndexView(IndexView):
    """The queue's CSV export: member text opened in a spreadsheet must stay text. Its
    template (modeladmin/voorbeelden/inzending/index.html) folds the filters on a phone."""

    def active_filter_count(self):
        """How many filters the query string turns on, for the phone's "Filters (n actief)"."""
        return sum(any(param in self.request.GET for param in spec.expected_parameters())
                   for spec in self.filter_specs)

    def to_row_dict(self, item):
        # Empty stays empty: the list's "-" placeholder would reach the sheet as "'-".
        return {field: lookup_field(field, item, self.model_admin)[2]
                for field in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return safe_cell(value)
        return value


class StatusListFilter(ChoicesFieldListFilter):
    """The queue's status filter. Without a status the queue leaves the members' drafts out
    (InzendingAdmin.get_queryset): the choice highlighted then says so instead of "Alle".
    "Wacht op redactie" lists what the dashboard's panel counts as waiting, and is where
    its link leads."""

    waiting_kwarg = "status__in"
    waiting_value = ",".join(WAITING)

    def __init__(self, field, request, params, *args, **kwargs):
        # As the query string has it (the filter below takes it out of params).
        self.in_val = params.get(self.waiting_kwarg)
        super().__init__(field, request, params, *args, **kwargs)

    def expected_parameters(self):
        return [*super().expected_parameters(), self.waiting_kwarg]

    def choices(self, changelist):
        own = self.expected_parameters()

        def choice(display, selected, params):
            return {"display": display, "selected": selected,
                    "query_string": changelist.get_query_string(params, remove=own)}

        yield choice("Alle behalve concepten", self.lookup_val is None and self.in_val is None, {})
        yield choice("Wacht op redactie", self.in_val == [self.waiting_value],
                     {self.waiting_kwarg: self.waiting_value})
        for value, label in self.field.flatchoices:
            yield choice(label, self.in_val is None and value in (self.lookup_val or ()),
                         {self.lookup_kwarg: value})


class AllChoiceInWords:
    """A related filter whose first choice, Django's "Alle", says what it lists."""

    all_display = ""

    def choices(self, changelist):
        choices = super().choices(changelist)
        yield {**next(choices), "display": self.all_display}
        yield from choices


class ThemaListFilter(AllChoiceInWords, RelatedFieldListFilter):
    """The queue's thema filter: "Alle thema's", and no dash for "without a thema" (a
    submission cannot be sent without one; only drafts, left out of the queue, lack it)."""

    all_display = "Alle thema's"
    include_empty_choice = False


class QueueOrganisatieListFilter(AllChoiceInWords, OrganisatieListFilter):
    """The organisation filter in words: a deleted organisation leaves its submissions
    without one (SET_NULL), so that choice stays, named instead of Django's dash."""

    all_display = "Alle organisaties"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Zonder organisatie"


class SubmittedAtListFilter(DateFieldListFilter):
    """The day a submission was sent. Every submission the queue lists has one: only drafts
    lack it, and those are asked for by status, which lists them already. So Django's
    "Geen datum" (nothing in the queue) and "Heeft datum" (the same as "Elke datum") go; the
    heading reads as Dutch ("Op datum van indiening", not "Op ingediend op")."""

    def __init__(self, field, request, params, *args, **kwargs):
        super().__init__(field, request, params, *args, **kwargs)
        self.title = "datum van indiening"
        isnull = f"{self.field_path}__isnull"
        self.links = tuple((label, query) for label, query in self.links if isnull not in query)


class InzendingAdmin(ModelAdmin):
    model = Inzending
    index_view_class = QueueIndexView
    menu_label = "Inzendingen"
    menu_icon = "form"
    permission_helper_class = QueuePermissionHelper
    list_display = ("__str__", "indiener", "organisatie", "status", "submitted_at", "email")
    list_filter = (("status", StatusListFilter), ("themas", ThemaListFilter),
                   ("organisatie", QueueOrganisatieListFilter),
                   ("submitted_at", SubmittedAtListFilter))
    list_select_related = ("user", "organisatie")
    search_fields = ("title", "doel", "aanpak", "place", "user__email", "user__last_name",
                     "organisatie__name")
    inspect_view_enabled = True
    # Column widths without words broken in the middle (static/css/admin-inzendingen.css).
    index_view_extra_css = ["css/admin-inzendingen.css"]
    list_export = (
        "pk", "title", "status", "status_message", "user", "organisatie", "place", "regio",
        "doelgroep", "doel", "aanpak", "resultaten", "partners", "contact", "links",
        "created_at", "submitted_at", "page",
    )
    export_filename = "inzendingen"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("berichten")
        # Members' unsent drafts are theirs: the queue shows them only when asked for.
        if not any(key.startswith("status") for key in request.GET):
            queryset = queryset.exclude(status=Inzending.Status.CONCEPT)
        return queryset

    def indiener(self, obj):
        return obj.user.get_full_name() or obj.user.email

    indiener.short_description = "Indiener"
    indiener.admin_order_field = "user__last_name"

    def email(self, obj):
        unsent = obj.unsent_mail_count
        if unsent:
            return format_html('<span class="w-status w-status--label">{} niet verzonden</span>',
                               unsent)
        return "verzonden" if obj.berichten.all() else "—"

    email.short_description = "E-mail"

    def get_extra_class_names_for_field_col(self, obj, field_name):
        return ["title"] if field_name == "__str__" else []

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        return urls + (
            path(f"{self.url_prefix}/status/<int:pk>/", moderatie.change_status,
                 name="voorbeelden_inzending_status"),
            path(f"{self.url_prefix}/conceptpagina/<int:pk>/", moderatie.make_page,
                 name="voorbeelden_inzending_page"),
            path(f"{self.url_prefix}/mail/<int:pk>/", moderatie.resend_mail,
                 name="voorbeelden_inzending_mail"),
        )

    @property
    def url_prefix(self):
        return f"{self.opts.app_label}/{self.opts.model_name}"


@modeladmin_register
class InzendingenGroup(ModelAdminGroup):
    menu_label = "Inzendingen"
    menu_icon = "form"
    menu_order = 250
    items = (InzendingAdmin,)


# Freshness: which pages are overdue for review, in Reports and on the dashboard.
@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/te-herzien/", ReviewOverdueView.as_view(), name="portaal_review_report"),
        path("reports/te-herzien/results/", ReviewOverdueView.as_view(results_only=True),
             name="portaal_review_report_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return MenuItem("Te herzien", reverse("portaal_review_report"), name="te-herzien",
                    icon_name="time", order=50)


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.append(ReviewPanel(request))
    panels.append(WaitingSubmissionsPanel(request))
