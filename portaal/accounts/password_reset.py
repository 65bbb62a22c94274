"""Rate limits on "wachtwoord vergeten", for members (/account/) and editors (Wagtail admin).

Each request counts per client address and per e-mail address typed, whether or not an
account has it: the refusal is the same for both, so it reveals no accounts, and nobody can
flood one person's mailbox with reset links.
"""

from wagtail.admin.views import account as wagtail_account

from portaal import ratelimit

RESETS_PER_IP = 5
RESETS_PER_ACCOUNT = 3
RESET_WINDOW = 3600
RESET_THROTTLED_MESSAGE = (
    "Er is in korte tijd te vaak een nieuw wachtwoord aangevraagd, vanaf uw adres of voor dit "
    "e-mailadres. Probeer het over een uur opnieuw. Kreeg u al een e-mail met een link? Die "
    "kunt u gewoon gebruiken."
)


class ThrottledPasswordResetMixin:
    """For Django's PasswordResetView and its subclasses: count, and refuse over the limit."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not ratelimit.allowed(
            self.request, "password-reset", RESETS_PER_IP, RESET_WINDOW,
            per_user_limit=RESETS_PER_ACCOUNT, account=email,
        ):
            form.add_error(None, RESET_THROTTLED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class AdminPasswordResetView(ThrottledPasswordResetMixin, wagtail_account.PasswordResetView):
    """Wagtail's own reset view (and WAGTAIL_PASSWORD_RESET_ENABLED), with the limit."""
