"""Freshness: the admin report of content pages whose review date has passed.

Editors set ``review_date`` ("herzien vóór") on a page; this report lists the pages that
are overdue, oldest first, with a count on the dashboard. Registered in wagtail_hooks.py.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import PageReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from voorbeelden.models import ContentPage


def overdue_pages(user=None, today=None):
    today = today or timezone.localdate()
    pages = ContentPage.objects.filter(review_date__lt=today)
    if user is not None:
        allowed = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
        pages = pages.filter(pk__in=allowed.values("pk"))
    return pages.select_related("content_type").order_by("review_date", "title")


class ReviewOverdueView(PageReportView):
    page_title = "Te herzien"
    header_icon = "time"
    results_template_name = "portaal/admin/review_results.html"
    index_url_name = "portaal_review_report"
    index_results_url_name = "portaal_review_report_results"
    list_export = PageReportView.list_export + ["review_date", "last_published_at"]
    export_headings = {
        **PageReportView.export_headings,
        "review_date": "Herzien vóór",
        "last_published_at": "Laatst gepubliceerd",
    }
    any_permission_required = ["add", "change", "publish"]

    def get_filename(self):
        return f"te-herzien-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = overdue_pages(self.request.user)
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class ReviewPanel(Component):
    """Dashboard panel: how many pages are overdue, and the first few."""

    name = "review_overdue"
    order = 90
    template_name = "portaal/admin/review_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        pages = overdue_pages(self.request.user)
        return {
            "count": pages.count(),
            "pages": list(pages[:5]),
            "report_url": reverse("portaal_review_report"),
        }
