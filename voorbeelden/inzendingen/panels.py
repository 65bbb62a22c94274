"""Dashboard panel: the members' submissions that wait for an editor, oldest first."""

from django.urls import reverse

from wagtail.admin.ui.components import Component

from voorbeelden.models import Inzending

WAITING = (Inzending.Status.INGEDIEND, Inzending.Status.IN_BEHANDELING)


class WaitingSubmissionsPanel(Component):
    name = "waiting_submissions"
    order = 80
    template_name = "voorbeelden/admin/waiting_submissions_panel.html"

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        # Only for those who handle the queue (editors and moderators).
        if not self.request.user.has_perm("voorbeelden.change_inzending"):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        waiting = (Inzending.objects.filter(status__in=WAITING)
                   .select_related("organisatie").order_by("submitted_at", "pk"))
        queue = reverse("voorbeelden_inzending_modeladmin_index")
        return {
            "count": waiting.count(),
            "submissions": list(waiting[:5]),
            # The queue's "Wacht op redactie" (voorbeelden/wagtail_hooks.py): what is counted here.
            "queue_url": f"{queue}?status__in={','.join(WAITING)}",
            "inspect_url": f"{queue}inspect/",
        }
