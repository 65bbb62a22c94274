"""'Nieuwe leden' in the Wagtail admin: members waiting for approval, to look at and approve.

There is deliberately no create, edit or delete view: a form on the user model would show
(and accept) is_superuser, groups, permissions and the password. Every object is looked up
through ``waiting_members()``, so any other account id, the approver's own or a superuser's,
is a 404. Approving is one POST to ``portaal.accounts.views.approve``.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail.admin.menu import MenuItem

PERMISSION = "portaal.approve_member"


def waiting_members():
    """Confirmed addresses, not active yet, never logged in, no staff rights, and waiting
    for an editor: a new organisation was named or none was chosen (as ``confirm`` decides).
    """
    return (
        get_user_model().objects.filter(
            email_confirmed=True, is_active=False, is_staff=False, is_superuser=False,
            last_login__isnull=True,
        )
        .filter(Q(organisatie_voorstel__gt="") | Q(organisatie__isnull=True))
        .select_related("organisatie")
        .order_by("date_joined", "pk")
    )


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def index(request):
    _check(request)
    return TemplateResponse(request, "portaal/accounts/admin/aanmeldingen.html",
                            {"members": waiting_members()})


def inspect(request, pk):
    _check(request)
    member = get_object_or_404(waiting_members(), pk=pk)
    return TemplateResponse(request, "portaal/accounts/admin/aanmelding.html",
                            {"member": member, "next": reverse("portaal_aanmeldingen")})


def admin_urls():
    return [
        path("nieuwe-leden/", index, name="portaal_aanmeldingen"),
        path("nieuwe-leden/<int:pk>/", inspect, name="portaal_aanmelding"),
    ]


class AanmeldingenMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def menu_item():
    return AanmeldingenMenuItem("Nieuwe leden", reverse("portaal_aanmeldingen"),
                                name="nieuwe-leden", icon_name="user", order=260)
