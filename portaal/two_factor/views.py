"""The login step ("Controle") and the account page ("Tweestapsverificatie")."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portaal import ratelimit
from portaal.two_factor import devices, enrolment
from portaal.two_factor.forms import CodeForm, EnrolForm

# Per account: enough for a mistyped address or a lost mail, too few to flood a mailbox.
# Per address higher: a whole editor team may enrol from one office network.
LINKS_PER_HOUR = 5
LINKS_PER_ADDRESS_PER_HOUR = 30


def _next_query(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    return f"?{urlencode({'next': _next_url(request)})}" if nxt else ""


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


@sensitive_post_parameters("code")
@never_cache
def verify(request):
    """After the password: the code from the editor's app, before anything else."""
    user = request.user
    if user.is_verified() or not devices.has_confirmed_device(user):
        return redirect(_next_url(request))
    form = CodeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        return redirect(_next_url(request))
    return TemplateResponse(
        request, "two_factor/verify.html", {"form": form, "next": _next_url(request)}
    )


@sensitive_post_parameters("code")
@never_cache
def setup(request):
    """Switch two-factor authentication on (QR code + first code) or off (current code)."""
    user = request.user
    enabled = devices.has_confirmed_device(user)
    context = {"enabled": enabled, "required": devices.is_required(), "next": _next_url(request)}

    if enabled:
        form = CodeForm(user, request.POST or None)
        # Switching off is only for the optional mode; required mode would ask again at once.
        if request.method == "POST" and not context["required"] and form.is_valid():
            devices.confirmed_devices(user).delete()
            messages.success(request, "Tweestapsverificatie staat uit.")
            return redirect("two_factor_setup")
    elif not enrolment.is_granted(request):
        # A password alone may not link a phone: first the link from the mailbox.
        if request.method == "POST" and "send_link" in request.POST:
            if not ratelimit.allowed(request, "two_factor_link", LINKS_PER_ADDRESS_PER_HOUR,
                                     per_user_limit=LINKS_PER_HOUR):
                messages.error(request, "Er zijn in korte tijd al veel links gestuurd. "
                                        "Probeer het over een uur opnieuw.")
            elif enrolment.send_link(request, user):
                messages.success(request, "We hebben een link gestuurd naar "
                                          f"{enrolment.masked_email(user.email)}.")
            else:
                messages.error(request, "De link kon niet worden verstuurd. Probeer het later "
                                        "opnieuw of vraag een beheerder om hulp.")
            return redirect(reverse("two_factor_setup") + _next_query(request))
        context.update(needs_link=True, masked_email=enrolment.masked_email(user.email))
        return TemplateResponse(request, "two_factor/setup.html", context)
    else:
        device = devices.pending_device(user)
        form = EnrolForm(device, request.POST or None)
        if request.method == "POST" and form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            enrolment.revoke(request)
            django_otp.login(request, device)
            messages.success(
                request,
                "Tweestapsverificatie staat aan. Na het inloggen vragen we voortaan ook om "
                "een code uit uw app.",
            )
            return redirect(_next_url(request) if context["required"] else "two_factor_setup")
        context.update(qr_svg=devices.qr_svg(device), manual_key=devices.manual_key(device))

    context["form"] = form
    return TemplateResponse(request, "two_factor/setup.html", context)


@never_cache
def enrol_link(request, token):
    """The link from the enrolment mail: unlocks linking an app for this session only."""
    if devices.has_confirmed_device(request.user):
        return redirect("two_factor_setup")
    if not enrolment.check_token(request.user, token):
        messages.error(request, "Deze link is verlopen, al gebruikt of niet voor dit account. "
                                "Vraag hieronder een nieuwe aan.")
        return redirect("two_factor_setup")
    enrolment.grant(request)
    # A key shown before this point (to whoever was logged in) must not become the device.
    TOTPDevice.objects.devices_for_user(request.user, confirmed=False).delete()
    return redirect("two_factor_setup")


@never_cache
def reset(request, pk):
    """A superuser removes the devices of someone who lost their phone (GET asks first).

    The editor then links a new app through the link in their own mailbox, so this gives
    nobody else a way in.
    """
    if not request.user.is_superuser:
        raise PermissionDenied
    account = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        TOTPDevice.objects.filter(user=account).delete()
        messages.success(request, f"Tweestapsverificatie van {account} is verwijderd. "
                                  "Bij de volgende keer inloggen koppelt die een nieuwe app.")
        return redirect("wagtailusers_users:index")
    return TemplateResponse(request, "two_factor/reset.html", {
        "account": account, "has_device": devices.has_confirmed_device(account),
    })
