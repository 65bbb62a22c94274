from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password-reset token, but spent once the address is confirmed."""

    key_salt = "portaal.accounts.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_confirmed}{user.password}{timestamp}"


confirmation_token = EmailConfirmationTokenGenerator()
