"""Member pages: the submission form, "Mijn inzendingen", a submission's status, attachments."""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portaal import ratelimit
from voorbeelden.inzendingen import mail
from voorbeelden.inzendingen.forms import InzendingForm
from voorbeelden.inzendingen.uploads import KINDS
from voorbeelden.models import Bijlage, Inzending

STASH_KEY = "inzending_stash"
# New submissions (and submitting) per hour: per account and per IP address.
LIMIT_PER_USER = 10
LIMIT_PER_IP = 30


def _own_inzending(request, pk):
    """A submission of the logged-in member; someone else's is a 404, not a hint it exists."""
    return get_object_or_404(Inzending, pk=pk, user=request.user)


def _stash_and_login(request):
    """The session ran out while the member typed: keep the text, ask them to log in again."""
    data = {k: v for k, v in request.POST.lists() if k not in ("csrfmiddlewaretoken", "website")}
    request.session[STASH_KEY] = {"path": request.path, "data": data}
    messages.warning(
        request,
        "Uw sessie was verlopen. Log opnieuw in; wat u had getypt zetten we daarna terug in "
        "het formulier. Bijlagen moet u opnieuw kiezen.",
    )
    return redirect_to_login(request.path)


def _restore_stash(request, form):
    stash = request.session.pop(STASH_KEY, None)
    if not stash or stash.get("path") != request.path:
        return
    for name, values in stash["data"].items():
        if name in form.fields and name not in ("bijlagen", "form_token"):
            multiple = name == "themas"
            form.initial[name] = values if multiple else (values[-1] if values else "")
    messages.info(request, "We hebben teruggezet wat u had ingevuld. Controleer het en sla op.")


def _save_concept(form, inzending):
    """Store what was acceptable, even when the form still shows (soft) errors."""
    cleaned = form.cleaned_data
    with transaction.atomic():
        inzending.save()
        if "themas" in cleaned:
            inzending.themas.set(cleaned["themas"])
        for upload, kind, name in form.accepted_files:
            bijlage = Bijlage(inzending=inzending, name=name, kind=kind, size=upload.size)
            bijlage.file.save(name, upload, save=False)
            bijlage.save()
    return inzending


def inzending_form(request, pk=None):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _stash_and_login(request)
        return redirect_to_login(request.get_full_path())

    inzending = _own_inzending(request, pk) if pk else None
    if request.method != "POST":
        if inzending is not None and not inzending.is_editable:
            messages.info(request, "Deze inzending is ingediend en kan nu niet worden gewijzigd.")
            return redirect(inzending)
        initial = {"form_token": uuid.uuid4()}
        if inzending is None and request.user.organisatie_id:
            initial["organisatie"] = request.user.organisatie_id
        form = InzendingForm(instance=inzending, initial=initial)
        _restore_stash(request, form)
        return _render_form(request, form, inzending)

    submitting = "indienen" in request.POST
    if inzending is None:
        # The same form posted twice (double click, reload): continue with the first one.
        try:
            token = uuid.UUID(request.POST.get("form_token", ""))
        except ValueError:
            token = None
        if token:
            inzending = Inzending.objects.filter(user=request.user, form_token=token).first()
    if inzending is not None and not inzending.is_editable:
        messages.info(request, "Deze inzending hadden we al ontvangen; er is niets dubbel "
                               "ingediend.")
        return redirect(inzending)

    form = InzendingForm(
        request.POST, request.FILES, instance=inzending or Inzending(user=request.user),
        submitting=submitting,
    )
    if form.honeypot_filled:
        form.add_error(None, "Uw inzending kon niet worden verwerkt. Laat het veld ‘Laat dit "
                             "veld leeg’ leeg en probeer het opnieuw.")
        return _render_form(request, form, inzending, status=400)
    if (inzending is None or submitting) and not ratelimit.allowed(
        request, "inzending", LIMIT_PER_IP, per_user_limit=LIMIT_PER_USER
    ):
        form.add_error(None, "U heeft in korte tijd erg veel inzendingen gedaan. Wacht een uur "
                             "en probeer het dan opnieuw; uw tekst staat hieronder nog.")
        return _render_form(request, form, inzending, status=429)

    valid = form.is_valid()
    if not (valid or form.only_soft_errors):
        return _render_form(request, form, inzending)

    new = form.instance
    if inzending is None and form.cleaned_data.get("form_token"):
        new.form_token = form.cleaned_data["form_token"]
    if valid and submitting:
        new.status = Inzending.Status.INGEDIEND
        new.submitted_at = timezone.now()
    _save_concept(form, new)

    if not valid:
        messages.warning(request, "Uw concept is opgeslagen, maar nog niet ingediend: vul aan wat "
                                  "hieronder gevraagd wordt.")
        # The same bound form: its messages and the typed text stay on the page.
        return _render_form(request, form, new)
    if submitting:
        mail.notify_submitted(new, request)
        messages.success(request, "Dank u wel! Uw praktijkvoorbeeld is ingediend. U krijgt "
                                  "bericht zodra de redactie ernaar heeft gekeken.")
    else:
        messages.success(request, "Uw concept is opgeslagen. U kunt later verder gaan.")
    return redirect(new)


def _render_form(request, form, inzending, status=200):
    return render(
        request, "voorbeelden/inzendingen/form.html",
        {"form": form, "inzending": inzending}, status=status,
    )


def mijn_inzendingen(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    inzendingen = (
        Inzending.objects.filter(user=request.user)
        .select_related("page", "organisatie")
        .order_by("-updated_at")
    )
    return render(request, "voorbeelden/inzendingen/list.html", {"inzendingen": inzendingen})


def inzending_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    inzending = _own_inzending(request, pk)
    return render(request, "voorbeelden/inzendingen/detail.html", {"inzending": inzending})


def bijlage_download(request, pk):
    """Attachments are private: the member who sent them and queue editors may read them."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    bijlage = get_object_or_404(Bijlage.objects.select_related("inzending"), pk=pk)
    if bijlage.inzending.user_id != request.user.pk and not request.user.has_perm(
        mail.QUEUE_PERMISSION
    ):
        raise Http404
    try:
        handle = bijlage.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=bijlage.name,
        content_type=KINDS.get(bijlage.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def bijlage_delete(request, pk):
    if not request.user.is_authenticated:
        raise PermissionDenied
    bijlage = get_object_or_404(Bijlage, pk=pk, inzending__user=request.user)
    inzending = bijlage.inzending
    if not inzending.is_editable:
        messages.error(request, "Bijlagen van een ingediende inzending kunt u niet verwijderen.")
        return redirect(inzending)
    bijlage.delete()  # the file goes with it (voorbeelden/inzendingen/moderation.py)
    messages.success(request, f"De bijlage ‘{bijlage.name}’ is verwijderd.")
    return redirect("inzending_edit", pk=inzending.pk)
