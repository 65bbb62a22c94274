"""Submission exports (CSV or JSON, one row per submission) with a configurable mapping.

The mapping names, per field, the column names to look for (first match wins). Editors
can pass their own as JSON: ``{"title": ["Naam project"], "body": ["Beschrijving"]}``.
"""

import csv
import io
import json

DEFAULT_MAPPING = {
    "id": ["id", "inzending_id", "inzendingnummer", "nummer", "entry_id"],
    "title": ["titel", "title", "naam project", "projectnaam", "naam_project", "onderwerp",
              "naam voorbeeld"],
    "body": ["tekst", "beschrijving", "omschrijving", "body", "inhoud", "toelichting",
             "text", "description"],
    "intro": ["samenvatting", "intro", "korte omschrijving", "summary"],
    "doel": ["doel", "doelstelling"],
    "doelgroep": ["doelgroep"],
    "aanpak": ["aanpak", "werkwijze"],
    "resultaten": ["resultaten", "resultaat", "opbrengst"],
    "date": ["datum", "date", "ingediend op", "ingediend", "submitted_at", "created"],
    "author": ["auteur", "naam", "naam inzender", "inzender", "author", "contactpersoon"],
    "organisation": ["organisatie", "organisation", "naam organisatie", "organisatienaam"],
    "place": ["plaats", "woonplaats", "gemeente", "vestigingsplaats", "place"],
    "type": ["type", "soort", "categorie", "kind"],
    "themes": ["thema", "themas", "thema's", "themes"],
    "url": ["url", "link", "website", "bron", "source_url"],
    "contact": ["contact", "e-mail", "email", "telefoon"],
}
REQUIRED = ("title", "body")
FIELD_LABELS = {"title": "titel", "body": "tekst"}


class SemicolonDialect(csv.excel):
    delimiter = ";"


class ExportError(Exception):
    """The whole export cannot be read (its message is the Dutch report line)."""


def _norm(name):
    return " ".join(str(name).strip().lower().replace("_", " ").split())


def resolve_columns(columns, mapping):
    """field -> actual column name, for the fields present."""
    by_norm = {_norm(c): c for c in columns if c is not None}
    resolved = {}
    for field_name, candidates in mapping.items():
        for candidate in candidates:
            if _norm(candidate) in by_norm:
                resolved[field_name] = by_norm[_norm(candidate)]
                break
    return resolved


def merge_mapping(custom):
    mapping = {k: list(v) for k, v in DEFAULT_MAPPING.items()}
    for field_name, columns in (custom or {}).items():
        columns = [columns] if isinstance(columns, str) else list(columns)
        mapping[field_name] = columns + [c for c in mapping.get(field_name, []) if c not in columns]
    return mapping


def read_rows(text, suffix):
    """The export's rows as dicts and its column names."""
    if suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ExportError(f"geen geldige JSON (regel {getattr(exc, 'lineno', '?')}): "
                              f"{getattr(exc, 'msg', exc)}") from exc
        if isinstance(data, dict):
            for key in ("inzendingen", "submissions", "items", "data", "results", "entries"):
                if isinstance(data.get(key), list):
                    data = data[key]
                    break
            else:
                data = [data]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ExportError("JSON-export moet een lijst van inzendingen (objecten) zijn")
        columns = list(dict.fromkeys(k for row in data for k in row))
        return data, columns
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = SemicolonDialect if sample.count(";") > sample.count(",") else csv.excel
    try:
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        rows = list(reader)
    except csv.Error as exc:
        raise ExportError(f"CSV kan niet worden gelezen: {exc}") from exc
    return rows, list(reader.fieldnames or [])


def export_rows(text, suffix, mapping=None):
    """(row number, field values, original row) for each row; raises ExportError when
    required columns are missing."""
    mapping = merge_mapping(mapping)
    rows, columns = read_rows(text, suffix)
    if not columns:
        raise ExportError("export heeft geen kolommen (leeg of geen kopregel)")
    resolved = resolve_columns(columns, mapping)
    missing = [f for f in REQUIRED if f not in resolved]
    if missing:
        wanted = "; ".join(
            f"{FIELD_LABELS[f]} (gezocht: {', '.join(mapping[f][:4])})" for f in missing
        )
        raise ExportError(
            f"verplichte kolom ontbreekt: {wanted}. Gevonden kolommen: "
            f"{', '.join(str(c) for c in columns)}. Geef een kolomindeling op met --mapping."
        )
    for number, row in enumerate(rows, start=1):
        values = {}
        for field_name, column in resolved.items():
            value = row.get(column)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            values[field_name] = "" if value is None else str(value).strip()
        yield number, values, row
