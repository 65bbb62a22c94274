import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)
from django.views.decorators.http import require_POST

from portaal import ratelimit
from portaal.accounts.aanmeldingen import PERMISSION as APPROVE_PERMISSION
from portaal.accounts.aanmeldingen import waiting_members
from portaal.accounts.forms import MemberLoginForm, RegistrationForm, ResendConfirmationForm
from portaal.accounts.password_reset import ThrottledPasswordResetMixin
from portaal.accounts.tokens import confirmation_token
from portaal.mail import subject_line
from portaal.models import Organisatie

logger = logging.getLogger(__name__)
User = get_user_model()

REGISTRATIONS_PER_IP = 5
RESENDS_PER_IP = 5


def _send(to, subject, template, context):
    """Send one account e-mail; False (logged) when the mail server fails."""
    body = render_to_string(template, {**context, "site_name": settings.WAGTAIL_SITE_NAME})
    try:
        send_mail(subject_line(subject), body, settings.DEFAULT_FROM_EMAIL, to)
    except Exception as exc:
        logger.warning("Account-e-mail aan %s niet verzonden: %s", to, exc)
        return False
    return True


def send_confirmation(request, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = confirmation_token.make_token(user)
    url = request.build_absolute_uri(
        reverse("account_confirm", kwargs={"uidb64": uid, "token": token})
    )
    return _send([user.email], "Bevestig uw e-mailadres", "portaal/accounts/email/confirm.txt",
                 {"user": user, "url": url})


def _approvers():
    perm = Permission.objects.filter(content_type__app_label="portaal",
                                     codename="approve_member")
    return sorted(set(
        User.objects.filter(
            Q(is_superuser=True) | Q(groups__permissions__in=perm) | Q(user_permissions__in=perm),
            is_active=True,
        ).exclude(email=None).values_list("email", flat=True)
    ))


def register(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    # Bound on every POST, an empty one too: a refused post still gets its errors shown.
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not ratelimit.allowed(request, "register", REGISTRATIONS_PER_IP):
            form.is_valid()  # add_error needs the cleaned data; the answer is refused anyway
            form.add_error(None, "Er zijn vanaf uw adres in korte tijd veel aanmeldingen gedaan. "
                                 "Probeer het over een uur opnieuw.")
            return render(request, "portaal/accounts/register.html", {"form": form}, status=429)
        if form.is_valid():
            user = form.save()
            mail_sent = send_confirmation(request, user)
            return render(request, "portaal/accounts/registered.html",
                          {"new_user": user, "mail_sent": mail_sent})
    return render(request, "portaal/accounts/register.html", {"form": form})


def confirm(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is not None and user.email_confirmed:
        messages.info(request, "Uw e-mailadres was al bevestigd.")
        return redirect("account_login")
    if user is None or not confirmation_token.check_token(user, token):
        return render(request, "portaal/accounts/confirm_invalid.html", status=400)
    user.email_confirmed = True
    needs_approval = bool(user.organisatie_voorstel) or user.organisatie_id is None
    user.is_active = not needs_approval
    user.save(update_fields=["email_confirmed", "is_active"])
    if needs_approval:
        _send(_approvers(), f"Nieuw lid wacht op goedkeuring: {user.get_full_name()}",
              "portaal/accounts/email/approval_needed.txt",
              {"member": user, "url": request.build_absolute_uri(
                  reverse("portaal_aanmeldingen"))})
    return render(request, "portaal/accounts/confirmed.html", {"needs_approval": needs_approval})


def resend_confirmation(request):
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.allowed(request, "resend", RESENDS_PER_IP):
            user = User.objects.filter(
                email__iexact=form.cleaned_data["email"], email_confirmed=False
            ).first()
            if user is not None:
                send_confirmation(request, user)
        # The same answer whether or not the address is known: it reveals no accounts.
        messages.success(request, "Als er een onbevestigd account met dit adres is, hebben we "
                                  "een nieuwe bevestigingslink gestuurd.")
        return redirect("account_login")
    return render(request, "portaal/accounts/resend.html", {"form": form})


@require_POST
@permission_required(APPROVE_PERMISSION, raise_exception=True)
def approve(request, pk):
    """An editor approves a member who named a new organisation (from the Wagtail admin).

    Only a waiting member can be found here: any other account is a 404, so this cannot
    (re)activate a blocked user or touch a staff account.
    """
    member = get_object_or_404(waiting_members(), pk=pk)
    if member.organisatie_voorstel and member.organisatie_id is None:
        organisatie = Organisatie.objects.filter(name__iexact=member.organisatie_voorstel).first()
        member.organisatie = organisatie or Organisatie.objects.create(
            name=member.organisatie_voorstel
        )
    member.organisatie_voorstel = ""
    member.is_active = True
    member.save(update_fields=["organisatie", "organisatie_voorstel", "is_active"])
    _send([member.email], "Uw account is geactiveerd", "portaal/accounts/email/approved.txt",
          {"member": member, "url": request.build_absolute_uri(reverse("account_login"))})
    messages.success(request, f"{member.get_full_name() or member.email} is goedgekeurd.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("portaal_aanmeldingen")
    return redirect(next_url)


class LoginView(auth_views.LoginView):
    form_class = MemberLoginForm
    template_name = "portaal/accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(ThrottledPasswordResetMixin, auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
