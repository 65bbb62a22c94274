"""CSV download of an overview: the same (filtered) pages, one row each, for spreadsheets."""

import csv

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone

from portaal.models import Organisatie, Regio
from voorbeelden.models import InterventiePage

# A cell starting with one of these is a formula in Excel/LibreOffice: neutralise it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

BASE_COLUMNS = [
    ("titel", lambda p, r: p.title),
    ("soort", lambda p, r: p.type_label),
    ("url", lambda p, r: p.get_full_url(r)),
    ("datum", lambda p, r: p.date.isoformat() if p.date else ""),
    ("samenvatting", lambda p, r: p.intro),
    ("themas", lambda p, r: "; ".join(t.name for t in p.themas.all())),
    ("organisaties", lambda p, r: "; ".join(o.name for o in p.organisaties.all())),
    ("regios", lambda p, r: "; ".join(g.name for g in p.regios.all())),
    # as the page says it: a change the redactie published, not a loader or import run
    ("laatst_bijgewerkt",
     lambda p, r: timezone.localtime(p.edited_at).date().isoformat() if p.edited_at else ""),
]
INTERVENTIE_COLUMNS = [
    ("plaats", lambda p, r: p.place),
    ("doelgroep", lambda p, r: p.doelgroep),
    ("erkenningsniveau", lambda p, r: p.get_erkenningsniveau_display()),
]


def safe_cell(value):
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_response(request, queryset, filename):
    columns = BASE_COLUMNS + (INTERVENTIE_COLUMNS if queryset.model is InterventiePage else [])
    queryset = queryset.prefetch_related(
        Prefetch("organisaties", queryset=Organisatie.objects.order_by("name")),
        Prefetch("regios", queryset=Regio.objects.order_by("sort_order", "name")),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # BOM: Excel then reads the file as UTF-8
    # Excel in a Dutch locale splits on ";" (the comma is the decimal separator there).
    writer = csv.writer(response, delimiter=";")
    writer.writerow([name for name, _ in columns])
    for page in queryset.iterator(chunk_size=500):
        writer.writerow([safe_cell(get(page, request)) for _, get in columns])
    return response
