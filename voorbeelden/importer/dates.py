"""Dutch dates as they appear in sector documents: "6 mei 2021", "woensdag 3 juli 2019",
"23 september", "03-07-2019", "2019-07-03"."""

import re
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

WRITTEN_DATE = re.compile(
    rf"(?:\b{WEEKDAYS}\s+)?\b(\d{{1,2}})\s+({_MONTH_NAMES})\.?(?:\s+('?\d{{4}}))?\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
# A line that only dates a page (with a "Gepubliceerd:" lead or "| 4 minuten lezen" after it):
# metadata under a title, or a date standing where the title should be.
DATE_LINE = re.compile(
    r"^\s*(?:(?:gepubliceerd|geplaatst|datum)\s*(?:op\s*)?:?\s*)?(?:\w+dag\s+)?"
    r"(?:\d{1,2}\s+\w+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2})"
    r"\s*(?:(?:[|•·-]|\bdoor\b).*)?$", re.IGNORECASE)


def _make(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def find_dates(text):
    """Every date in ``text`` as (position, day, month, year or None), in order."""
    found = []
    for m in WRITTEN_DATE.finditer(text or ""):
        year = m.group(3).lstrip("'") if m.group(3) else None
        found.append((m.start(), int(m.group(1)), MONTHS[m.group(2).lower()],
                      int(year) if year else None))
    for m in NUMERIC_DATE.finditer(text or ""):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in ISO_DATE.finditer(text or ""):
        found.append((m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    return sorted(found)


def parse_dutch_date(text, default_year=None):
    """The first valid date in ``text``; a date without a year takes ``default_year``
    (or, failing that, the first year written elsewhere in the text). None if there is none."""
    candidates = find_dates(text)
    if default_year is None:
        full = [c for c in candidates if c[3]]
        default_year = full[0][3] if full else None
        if default_year is None:
            year = YEAR.search(text or "")
            default_year = int(year.group(1)) if year else None
    for _, day, month, year in candidates:
        value = _make(year or default_year, month, day)
        if value is not None:
            return value
    return None


def parse_date_value(value):
    """A date from a single field (CSV column, ``<time datetime>``, meta tag)."""
    value = (value or "").strip()
    if not value:
        return None
    iso = ISO_DATE.match(value)
    if iso:
        return _make(iso.group(1), iso.group(2), iso.group(3))
    return parse_dutch_date(value)
