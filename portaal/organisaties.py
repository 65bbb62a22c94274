"""Choosing an organisation: every list to choose one from is in Dutch order
(``Organisatie.in_dutch_order``), and the long list of the member forms can be searched.

- ``OrganisatieChoiceField`` / ``OrganisatieMultipleChoiceField``: a select in Dutch order
  (the registration form; the Wagtail admin's forms through ``portaal/wagtail_hooks.py``).
- ``OrganisatieSearchField``: a text field with the names as suggestions (``<datalist>``),
  so it can be searched without script; ``static/js/keuzelijst.js`` turns it into a
  combobox that finds a name by any part of it. The member sends the name; the field finds
  the organisation.
- ``OrganisatieListFilter``: an admin listing's filter on an organisation.
"""

from collections import Counter

from django import forms
from django.contrib.admin import RelatedFieldListFilter
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from portaal.models import Organisatie
from portaal.models.taxonomies import dutch_sort_key


class DutchOrderIterator(ModelChoiceIterator):
    """The choices in Dutch order: the database's order differs between SQLite and
    PostgreSQL, and neither skips a leading "de"."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for organisatie in Organisatie.in_dutch_order(self.queryset):
            yield self.choice(organisatie)


class OrganisatieChoiceField(forms.ModelChoiceField):
    iterator = DutchOrderIterator


class OrganisatieMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = DutchOrderIterator


def admin_form_field(db_field):
    """Wagtail's form-field override for a many-to-many field: Dutch order when it holds
    organisations, Wagtail's own field otherwise."""
    if db_field.related_model is Organisatie:
        return {"form_class": OrganisatieMultipleChoiceField}
    return {}


class OrganisatieInput(forms.TextInput):
    """A text field with the organisations' names as its suggestions (``<datalist>``)."""

    def __init__(self, attrs=None):
        # The browser's own memory of typed values would hide the list's suggestions.
        super().__init__({"autocomplete": "off", "data-keuzelijst": "", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}_lijst"
        attrs["list"] = list_id
        options = format_html_join(
            "", '<option value="{}"></option>',
            ((label,) for choice, label in self.choices if choice != ""),
        )
        return format_html('{}<datalist id="{}">{}</datalist>',
                           super().render(name, value, attrs, renderer), list_id, options)


class OrganisatieSearchField(OrganisatieChoiceField):
    """An organisation chosen by its name, as the member types or picks it."""

    widget = OrganisatieInput
    default_error_messages = {
        "invalid_choice": "‘%(value)s’ staat niet in de lijst met organisaties. Typ een deel "
                          "van de naam en kies uit de lijst.",
    }

    @cached_property
    def shared_names(self):
        counts = Counter(name.casefold() for name in self.queryset.values_list("name", flat=True))
        return {name for name, n in counts.items() if n > 1}

    def label_from_instance(self, obj):
        # A name two organisations share says which one (a name is all the member sends).
        if obj.name.casefold() in self.shared_names:
            return f"{obj.name} ({obj.place or obj.slug})"
        return obj.name

    def prepare_value(self, value):
        if isinstance(value, Organisatie):
            return self.label_from_instance(value)
        if isinstance(value, int):  # the initial value: a primary key
            organisatie = self.queryset.filter(pk=value).first()
            return self.label_from_instance(organisatie) if organisatie else ""
        return value  # what the member typed

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Organisatie):
            return value
        wanted = " ".join(str(value).split()).casefold()
        for organisatie in self.queryset:
            if self.label_from_instance(organisatie).casefold() == wanted:
                return organisatie
        # A page loaded while this was a select (before a deploy) posts the primary key; "²"
        # is a digit to isdigit() but no number to int(), and the database has no 30-digit key.
        if wanted.isdecimal() and len(wanted) <= 9:
            organisatie = self.queryset.filter(pk=int(wanted)).first()
            if organisatie is not None:
                return organisatie
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                              params={"value": value})


class OrganisatieListFilter(RelatedFieldListFilter):
    """An admin listing's filter on an organisation, in the order of every choice list."""

    def field_choices(self, field, request, model_admin):
        choices = super().field_choices(field, request, model_admin)
        return sorted(choices, key=lambda choice: dutch_sort_key(str(choice[1])))
