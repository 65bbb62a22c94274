"""The login step ("Controle") and the account page ("Tweestapsverificatie")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

import django_otp

from portaal.two_factor import devices
from portaal.two_factor.forms import CodeForm, EnrolForm


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
    else:
        device = devices.pending_device(user)
        form = EnrolForm(device, request.POST or None)
        if request.method == "POST" and form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(
                request,
                "Tweestapsverificatie staat aan. Na het inloggen vragen we voortaan ook om "
                "een code uit je app.",
            )
            return redirect(_next_url(request) if context["required"] else "two_factor_setup")
        context.update(qr_svg=devices.qr_svg(device), manual_key=devices.manual_key(device))

    context["form"] = form
    return TemplateResponse(request, "two_factor/setup.html", context)
