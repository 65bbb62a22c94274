from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from portaal import ratelimit
from portaal.models import Organisatie
from portaal.organisaties import OrganisatieChoiceField
from portaal.security import ThrottledLoginFormMixin

User = get_user_model()
INACTIVE_CHECKS = 20  # per IP per quarter of an hour


def link_help_texts(form):
    """Screen readers read a field's help text (rendered by includes/form_fields.html)."""
    for name, field in form.fields.items():
        if field.help_text:
            field.widget.attrs.setdefault("aria-describedby", f"id_{name}_helptext")


class RegistrationForm(forms.Form):
    first_name = forms.CharField(label="Voornaam", max_length=150)
    last_name = forms.CharField(label="Achternaam", max_length=150)
    email = forms.EmailField(label="E-mailadres", max_length=254)
    organisatie = OrganisatieChoiceField(
        label="Organisatie", queryset=Organisatie.objects.all(), required=False,
        empty_label="Kies uw organisatie",
    )
    nieuwe_organisatie = forms.CharField(
        label="Staat uw organisatie er niet bij? Vul hier de naam in", max_length=200,
        required=False,
        help_text="Een nieuwe organisatie wordt eerst door de redactie gecontroleerd.",
    )
    password1 = forms.CharField(
        label="Wachtwoord", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Minstens 8 tekens, niet alleen cijfers en niet te voor de hand liggend.",
    )
    password2 = forms.CharField(
        label="Wachtwoord nogmaals", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    website = forms.CharField(
        label="Laat dit veld leeg", required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        link_help_texts(self)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise ValidationError(format_html(
                "Er is al een account met dit e-mailadres. <a href=\"{}\">Log in</a> of "
                "<a href=\"{}\">vraag een nieuw wachtwoord aan</a>.",
                reverse("account_login"), reverse("password_reset"),
            ))
        return email

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise ValidationError("Uw aanmelding kon niet worden verwerkt.")
        organisatie = cleaned.get("organisatie")
        nieuw = (cleaned.get("nieuwe_organisatie") or "").strip()
        if nieuw and not organisatie:
            # A "new" organisation that is in the list after all: use that one.
            organisatie = Organisatie.objects.filter(name__iexact=nieuw).first()
            if organisatie:
                cleaned["organisatie"], nieuw = organisatie, ""
        cleaned["nieuwe_organisatie"] = nieuw
        if not organisatie and not nieuw and "organisatie" not in self.errors:
            self.add_error("organisatie", "Kies uw organisatie of vul de naam van een nieuwe in.")
        if organisatie and nieuw:
            self.add_error(
                "nieuwe_organisatie", "Kies een organisatie uit de lijst óf vul een nieuwe in."
            )
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "De twee wachtwoorden zijn niet gelijk.")
        elif p1:
            user = User(
                username=cleaned.get("email", ""), email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def save(self):
        data = self.cleaned_data
        user = User(
            username=data["email"][:150], email=data["email"], first_name=data["first_name"],
            last_name=data["last_name"], organisatie=data.get("organisatie"),
            organisatie_voorstel=data["nieuwe_organisatie"], is_active=False,
            email_confirmed=False,
        )
        user.set_password(data["password1"])
        user.save()
        return user


def inactive_message(user):
    if not user.email_confirmed:
        return format_html(
            "Uw account is nog niet geactiveerd. Klik op de link in de e-mail die we naar {} "
            "stuurden om uw e-mailadres te bevestigen. Geen e-mail gekregen? Kijk in uw "
            "spammap of <a href=\"{}\">vraag een nieuwe bevestigingslink aan</a>.",
            user.email, reverse("account_resend"),
        )
    return (
        "Uw account is nog niet geactiveerd. Uw e-mailadres is bevestigd; omdat u een nieuwe "
        "organisatie opgaf, keurt de redactie uw account eerst goed. U krijgt een e-mail zodra "
        "dat gebeurd is (meestal binnen twee werkdagen)."
    )


class MemberLoginForm(ThrottledLoginFormMixin, AuthenticationForm):
    """Log in with e-mail address (or username), and say why an inactive account cannot."""

    error_messages = {
        "invalid_login": "Dit e-mailadres en wachtwoord passen niet bij elkaar. Let op "
                         "hoofdletters in het wachtwoord.",
        "inactive": "Dit account is niet actief.",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mailadres"
        self.fields["password"].label = "Wachtwoord"

    def clean(self):
        login = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        if login and password:
            user = User.objects.filter(Q(email__iexact=login) | Q(username=login)).first()
            if user is not None:
                self.cleaned_data["username"] = user.username
                # Checking an inactive account's password bypasses authenticate() and its
                # throttling, so it gets a limit of its own.
                if (
                    not user.is_active
                    and ratelimit.allowed(self.request, "inactive-login", INACTIVE_CHECKS, 900)
                    and user.check_password(password)
                ):
                    raise ValidationError(inactive_message(user), code="inactive")
        return super().clean()


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label="E-mailadres")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
