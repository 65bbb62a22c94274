"""The editors' actions on a submission, linked from its inspect view in the Wagtail admin."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from voorbeelden.inzendingen import mail, moderation
from voorbeelden.models import Inzending

S = Inzending.Status


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Nieuwe status",
        choices=[(s.value, s.label) for s in (
            S.INGEDIEND, S.IN_BEHANDELING, S.AANVULLEN_GEVRAAGD, S.AFGEWEZEN
        )],
    )
    message = forms.CharField(
        label="Bericht aan de indiener", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Verplicht bij ‘aanvullen gevraagd’ en ‘afgewezen’: de indiener ziet dit.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in (S.AANVULLEN_GEVRAAGD, S.AFGEWEZEN) and not (
            cleaned.get("message") or ""
        ).strip():
            self.add_error("message", "Schrijf de indiener wat er moet gebeuren of waarom.")
        return cleaned


def inspect_url(inzending):
    return reverse("voorbeelden_inzending_modeladmin_inspect", args=[inzending.pk])


@require_POST
@permission_required(mail.QUEUE_PERMISSION, raise_exception=True)
def change_status(request, pk):
    inzending = get_object_or_404(Inzending, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        moderation.change_status(
            inzending, form.cleaned_data["status"], form.cleaned_data["message"].strip(), request
        )
        messages.success(request, f"Status gewijzigd in ‘{inzending.get_status_display()}’; "
                                  "de indiener heeft bericht gekregen.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(inspect_url(inzending))


@require_POST
@permission_required(mail.QUEUE_PERMISSION, raise_exception=True)
def make_page(request, pk):
    inzending = get_object_or_404(Inzending, pk=pk)
    try:
        page = moderation.make_concept_page(inzending, request.user, request)
    except PermissionDenied as exc:
        return render(request, "modeladmin/voorbeelden/inzending/geweigerd.html",
                      {"message": str(exc), "back_url": inspect_url(inzending)}, status=403)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(inspect_url(inzending))
    messages.success(request, f"Conceptpagina ‘{page.title}’ gemaakt. Controleer en publiceer.")
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
@permission_required(mail.QUEUE_PERMISSION, raise_exception=True)
def resend_mail(request, pk):
    inzending = get_object_or_404(Inzending, pk=pk)
    pending = list(inzending.berichten.filter(sent_at=None))
    sent = mail.send(pending)
    if sent == len(pending):
        messages.success(request, f"{sent} e-mail(s) verzonden.")
    else:
        messages.error(request, f"{len(pending) - sent} e-mail(s) konden weer niet worden "
                                "verzonden; zie de foutmelding hieronder.")
    return redirect(inspect_url(inzending))
