"""The import on a corpus of sector documents (tests/voorbeelden/import_corpus/): title, page
type and a practice example's sections, measured over all documents as an editor would judge
the drafts. The rules must hold on most pages, not on each one, so the test asserts shares;
on failure it prints a table per document (and writes it next to pytest's temp files)."""

from pathlib import Path

import pytest
import yaml

from tests.voorbeelden.import_helpers import setup_portal
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ContentPage
from voorbeelden.models.registry import kind_of
from voorbeelden.richtext import plain_line

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "import_corpus"
TITLE_SHARE = 0.90
TYPE_SHARE = 0.85


def _folded(value):
    return " ".join(plain_line(value or "").lower().split())


def _check_sections(page, expected):
    """(field, problem or "") per expected section: its opening words must stand in the
    field, and neither in the summary (intro) nor still in the body (aanpak)."""
    results = []
    for name, words in (expected or {}).items():
        words = _folded(words)
        if page is None:
            results.append((name, "geen pagina"))
            continue
        problems = []
        if words not in _folded(getattr(page, name, "")):
            problems.append("niet in veld")
        if words in _folded(page.intro):
            problems.append("in samenvatting")
        if words in _folded(getattr(page, "aanpak", "")):
            problems.append("in aanpak")
        results.append((name, ", ".join(problems)))
    return results


def _row(doc, entry):
    page = None
    if entry is not None and entry.page_id:
        page = ContentPage.objects.get(pk=entry.page_id).specific
    title = page.title if page else (entry.reason if entry else "niet in het verslag")
    kind = kind_of(page) if page else "-"
    return {
        "file": doc["file"],
        "title": title,
        "title_ok": page is not None and title == doc["title"],
        "kind": kind,
        "kind_ok": kind == doc["type"],
        "url_ok": "url" not in doc or (page is not None and page.source_url == doc["url"]),
        "sections": _check_sections(page, doc.get("sections")),
        "expected": doc,
    }


def _mark(ok):
    return "ok " if ok else "XX "


def _table(rows):
    lines = []
    for row in rows:
        doc = row["expected"]
        lines.append(f"{row['file']}")
        lines.append(f"  {_mark(row['title_ok'])}titel: {row['title']!r}"
                     + ("" if row["title_ok"] else f"  (verwacht {doc['title']!r})"))
        lines.append(f"  {_mark(row['kind_ok'])}type: {row['kind']}"
                     + ("" if row["kind_ok"] else f"  (verwacht {doc['type']})"))
        if "url" in doc:
            lines.append(f"  {_mark(row['url_ok'])}bron-URL {doc['url']}")
        for name, problem in row["sections"]:
            lines.append(f"  {_mark(not problem)}sectie {name}" + (f": {problem}" if problem
                                                                   else ""))
    return "\n".join(lines)


def test_corpus_titles_types_and_sections(tmp_path):
    setup_portal()
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    docs = manifest["documents"]
    assert len(docs) >= 20
    # the import command's and the admin form's entry point, on every document at once
    report = run_import([CORPUS / doc["file"] for doc in docs])
    entries = {entry.name: entry for entry in report.entries}
    rows = [_row(doc, entries.get(doc["file"])) for doc in docs]

    sections = [problem for row in rows for _, problem in row["sections"]]
    figures = {
        "titel": sum(r["title_ok"] for r in rows) / len(rows),
        "type": sum(r["kind_ok"] for r in rows) / len(rows),
        "secties": sum(not p for p in sections) / len(sections),
        "bron-URL": sum(r["url_ok"] for r in rows) / len(rows),
    }
    summary = ", ".join(f"{name} {share:.0%}" for name, share in figures.items())
    table = f"{_table(rows)}\n\n{summary} over {len(rows)} documenten, {len(sections)} secties"
    print(table)
    (tmp_path / "import_corpus_tabel.txt").write_text(table, encoding="utf-8")

    assert figures["titel"] >= TITLE_SHARE, table
    assert figures["type"] >= TYPE_SHARE, table
    assert figures["secties"] == 1, table
    assert figures["bron-URL"] == 1, table
