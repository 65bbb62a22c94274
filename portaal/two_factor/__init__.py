"""Optional two-factor authentication (TOTP) for editors, on django-otp.

Editors enrol an authenticator app on the admin page "Tweestapsverificatie", after opening
a link mailed to their own address (``enrolment``: a password alone links nothing); from then on
the Wagtail login is followed by a code check (``middleware.TwoFactorMiddleware``).
With ``WAGTAIL_2FA_REQUIRED`` every user with admin access must enrol first. Members
(no admin access) are never asked.
"""
