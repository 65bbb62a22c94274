"""The import in the Wagtail admin: upload a file or zip, see the report.

Registered from ``voorbeelden/wagtail_hooks.py``; only editors who may add pages under
every type index (or superusers) see the menu item and may use the view.
"""

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.text import get_valid_filename

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from voorbeelden.importer.classify import KINDS
from voorbeelden.importer.runner import run_import
from voorbeelden.models.registry import INDEXES

MAX_UPLOAD = 100 * 1024 * 1024


def can_import(user):
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    indexes = [model.objects.first() for model, *_ in INDEXES]
    return all(index is not None and index.permissions_for_user(user).can_add_subpage()
               for index in indexes)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Bestand", help_text="HTML-pagina, tekstbestand, CSV- of JSON-export, of een .zip "
                                   "met zulke bestanden (maximaal 100 MB).")
    kind = forms.ChoiceField(label="Type", required=False,
                             choices=[("", "Automatisch herkennen"), *[(k, k) for k in KINDS]])
    dry_run = forms.BooleanField(label="Proefdraai: alleen laten zien wat er zou gebeuren",
                                 required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Het bestand is groter dan 100 MB.")
        return upload


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory(prefix="swn-import-") as folder:
            target = Path(folder) / (get_valid_filename(Path(upload.name).name) or "upload")
            with target.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            report = run_import([target], kind=form.cleaned_data["kind"] or None,
                                dry_run=form.cleaned_data["dry_run"], user=request.user)
    if report:
        report.label_entries()
    return render(request, "voorbeelden/admin/import.html", {
        "form": form, "report": report, "lines": report.lines() if report else [],
    })


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("import/swn/", import_view, name="voorbeelden_import_swn")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu():
    items = [ImportMenuItem("Sociaal Werk Nederland", reverse("voorbeelden_import_swn"),
                            name="import-swn", icon_name="upload")]
    return SubmenuMenuItem("Import", Menu(items=items), name="import", icon_name="download",
                           order=900)
