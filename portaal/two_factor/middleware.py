"""django-otp's OTPMiddleware plus the redirect to the code check.

Place after AuthenticationMiddleware. Only users with admin access are checked: members
are never asked for a code. A user with a confirmed device whose session has not passed
the code check is sent to it from every page (not only the admin), so a stolen password
alone opens nothing an editor can see. With WAGTAIL_2FA_REQUIRED such users without a
device are sent to the enrolment page instead.
"""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from django_otp.middleware import OTPMiddleware

from portaal.two_factor import devices

# Pages a half-logged-in editor must still reach: logging in and out, the check itself,
# and what the admin's login page loads.
ALWAYS_ALLOWED = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset",
    "two_factor_verify",
    "account_logout",
}
ENROLMENT = {"two_factor_setup", "two_factor_enrol_link"}


class TwoFactorMiddleware(OTPMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not devices.has_admin_access(user):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALWAYS_ALLOWED or user.is_verified():
            return None
        if devices.has_confirmed_device(user):
            target = "two_factor_verify"
        elif devices.is_required() and name not in ENROLMENT:
            target = "two_factor_setup"
        else:
            return None
        return redirect_to_login(request.get_full_path(), reverse(target), "next")
