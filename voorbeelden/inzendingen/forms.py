"""The member's submission form ("Deel uw praktijkvoorbeeld").

Every field is optional for a concept; the fields in REQUIRED_TO_SUBMIT are checked only when
the member submits. Missing fields and refused files are "soft" errors: the view still saves
the concept with everything that was acceptable, so nothing typed or uploaded is lost.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from portaal.accounts.forms import link_help_texts
from portaal.organisaties import OrganisatieSearchField
from voorbeelden.inzendingen.uploads import (
    ACCEPT_ATTRIBUTE,
    ALLOWED_DESCRIPTION,
    MAX_FILE_SIZE,
    MAX_FILES,
    validate_upload,
)
from voorbeelden.models import Inzending
from voorbeelden.richtext import plain_line, plain_text

REQUIRED_TO_SUBMIT = {
    "title": "Geef uw voorbeeld een titel.",
    "organisatie": "Kies de organisatie die het voorbeeld uitvoert.",
    "themas": "Kies minstens één thema.",
    "doel": "Beschrijf het doel.",
    "aanpak": "Beschrijf de aanpak.",
    "contact": "Geef een contactpersoon.",
}
# A submission is plain text: markup a member pastes (or a bot posts) is not kept, so nothing
# downstream (the queue, "Maak conceptpagina", mail) ever holds it.
PLAIN_LINE_FIELDS = ("title", "place")
PLAIN_TEXT_FIELDS = ("doelgroep", "doel", "aanpak", "resultaten", "partners", "contact")
# The honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
HONEYPOT_FIELD = "website"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class InzendingForm(forms.ModelForm):
    # The fields whose label says "(verplicht)" (templates/includes/form_fields.html).
    marked_required = tuple(REQUIRED_TO_SUBMIT)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    bijlagen = MultipleFileField(
        label="Bijlagen", required=False,
        help_text=f"{ALLOWED_DESCRIPTION}; hoogstens {MAX_FILES} bestanden van elk 10 MB.",
        widget=MultipleFileInput(
            attrs={"accept": ACCEPT_ATTRIBUTE, "data-max-bytes": MAX_FILE_SIZE}
        ),
    )
    website = forms.CharField(
        label="Laat dit veld leeg", required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # The parts a member fills in one after another, each a fieldset with its legend
    # (templates/voorbeelden/inzendingen/form.html).
    groups = (
        ("Over het voorbeeld", ("title", "organisatie", "place", "regio", "themas")),
        ("Wat u doet", ("doelgroep", "doel", "aanpak", "resultaten")),
        ("Samenwerking en contact", ("partners", "contact", "links")),
        ("Bijlagen", ("bijlagen",)),
    )

    def grouped_fields(self):
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def ungrouped_fields(self):
        """The visible fields in no group: the spam trap, hidden from people by CSS."""
        grouped = {name for _title, names in self.groups for name in names}
        return [field for field in self.visible_fields() if field.name not in grouped]

    class Meta:
        model = Inzending
        fields = [
            "title", "organisatie", "place", "regio", "themas", "doelgroep", "doel", "aanpak",
            "resultaten", "partners", "contact", "links",
        ]
        labels = {"title": "Titel van het voorbeeld", "contact": "Contactpersoon"}
        # About fifty organisations: searched by typing part of the name, not scrolled.
        field_classes = {"organisatie": OrganisatieSearchField}
        help_texts = {
            "organisatie": "Typ een deel van de naam en kies uit de lijst.",
            "doelgroep": "Voor wie is het bedoeld?",
            "doel": "Wat wil het voorbeeld bereiken?",
            "aanpak": "Wat doet u, met wie, hoe vaak?",
            "resultaten": "Wat levert het op? Cijfers, ervaringen, onderzoek.",
            "partners": "Met welke organisaties werkt u samen?",
            "contact": "Naam, functie en e-mailadres of telefoonnummer.",
            "links": "Eén webadres per regel, beginnend met https://",
        }
        widgets = {
            "themas": forms.CheckboxSelectMultiple,
            "doelgroep": forms.Textarea(attrs={"rows": 3}),
            "doel": forms.Textarea(attrs={"rows": 4}),
            "aanpak": forms.Textarea(attrs={"rows": 8}),
            "resultaten": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "contact": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, submitting=False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.accepted_files = []
        self.soft_error_fields = {"bijlagen"}
        self.fields["regio"].empty_label = "Geen of onbekend"
        for name in REQUIRED_TO_SUBMIT:
            attrs = self.fields[name].widget.attrs
            attrs["data-required-to-submit"] = "true"
            # Said to assistive technology too; the form is novalidate, so the browser does
            # not stop "Opslaan als concept" (a concept may be incomplete), the server checks
            # on "Indienen". A checkbox group has no required state: its legend says it.
            if name != "themas":
                attrs.update({"required": True, "aria-required": "true"})
        link_help_texts(self)

    @property
    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_links(self):
        validate = URLValidator(schemes=["http", "https"])
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        bad = []
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                bad.append(line)
        if bad:
            raise ValidationError(
                "Dit is geen volledig webadres: %(bad)s. Begin met https:// en zet één adres "
                "per regel.", params={"bad": ", ".join(bad)},
            )
        return "\n".join(lines)

    def clean_bijlagen(self):
        files = self.cleaned_data.get("bijlagen") or []
        existing = self.instance.bijlagen.count() if self.instance.pk else 0
        errors = []
        for upload in files:
            if existing + len(self.accepted_files) >= MAX_FILES:
                errors.append(
                    f"U kunt hoogstens {MAX_FILES} bijlagen toevoegen; ‘{upload.name}’ is niet "
                    "toegevoegd."
                )
                continue
            try:
                kind, name = validate_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                self.accepted_files.append((upload, kind, name))
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        for name in PLAIN_LINE_FIELDS + PLAIN_TEXT_FIELDS:
            if isinstance(cleaned.get(name), str):
                clean = plain_line if name in PLAIN_LINE_FIELDS else plain_text
                cleaned[name] = clean(cleaned[name])
        if self.submitting:
            for name, message in REQUIRED_TO_SUBMIT.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
                    self.soft_error_fields.add(name)
        return cleaned

    @property
    def only_soft_errors(self):
        """True when the concept can be saved despite the errors shown."""
        return set(self.errors) <= self.soft_error_fields
