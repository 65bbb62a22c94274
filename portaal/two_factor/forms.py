from django import forms

import django_otp

from portaal.two_factor.devices import confirmed_devices

WRONG_CODE = (
    "Deze code klopt niet. Controleer de code in uw authenticator-app en probeer het opnieuw."
)
NOT_A_CODE = "Vul de code van zes cijfers uit uw authenticator-app in."
TOO_MANY = "Te veel foute codes achter elkaar. Wacht even en probeer het dan opnieuw."


def _clean_token(value: str) -> str:
    token = "".join(value.split())
    if not (token.isdigit() and 6 <= len(token) <= 8):
        raise forms.ValidationError(NOT_A_CODE, code="format")
    return token


def _code_field():
    return forms.CharField(
        label="Code uit uw authenticator-app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class CodeForm(forms.Form):
    """A code from one of the user's confirmed devices (login step, switching off)."""

    code = _code_field()

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        token = _clean_token(self.cleaned_data["code"])
        devices = list(confirmed_devices(self.user))
        # django-otp throttles each device after a wrong code (1 s, 2 s, 4 s, ...).
        if devices and not any(device.verify_is_allowed()[0] for device in devices):
            raise forms.ValidationError(TOO_MANY, code="throttled")
        for device in devices:
            verified = django_otp.verify_token(self.user, device.persistent_id, token)
            if verified is not None:
                self.device = verified
                return token
        raise forms.ValidationError(WRONG_CODE, code="invalid")


class EnrolForm(forms.Form):
    """The first code from a new (unconfirmed) device proves the app was set up."""

    code = _code_field()

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        token = _clean_token(self.cleaned_data["code"])
        allowed, _info = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(TOO_MANY, code="throttled")
        if not self.device.verify_token(token):
            raise forms.ValidationError(WRONG_CODE, code="invalid")
        return token
