"""Organisations, places, people and themes named in a document.

Organisations are only *matched* to existing ``Organisatie`` entries; names that do
not match are returned as proposals for the report, never created silently, because a
misspelt duplicate organisation is worse than one an editor adds by hand.
"""

import re
import unicodedata
from dataclasses import dataclass

# Places that recur in sector material, beyond those known from Regio and Organisatie.
KNOWN_PLACES = [
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Arnhem", "Haarlem", "Enschede", "Amersfoort",
    "Zaanstad", "Den Bosch", "'s-Hertogenbosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht",
    "Zoetermeer", "Deventer", "Delft", "Alkmaar", "Heerlen", "Leeuwarden", "Venlo", "Hilversum",
    "Oss", "Schijndel", "Harderwijk", "Elburg", "Beverwijk", "Monster", "Emmen", "Assen",
    "Lelystad", "Helmond", "Gouda", "Purmerend", "Roosendaal", "Schiedam", "Spijkenisse",
    "Vlaardingen", "Ede", "Zeist", "Hoorn", "Middelburg", "Sittard", "Roermond", "Drenthe",
    "Flevoland", "Zuid-Limburg", "Friesland", "Limburg", "Brabant", "Gelderland", "Overijssel",
]
STOP_NAME_WORDS = {
    "het", "de", "een", "dat", "dit", "die", "deze", "wat", "ook", "maar", "sociaal", "werk",
    "nederland", "ggz", "zo", "daarom", "tijdens", "wij", "we", "ik", "zij", "hij", "en", "in",
    "op", "bij", "voor", "met", "lab", "verdiwel", "casus", "thema", "welzijn", "stichting",
    "gemeente", "wet", "actieplan", "landelijke", "regionale", "deelnemers", "meer",
}
# Particles one word at a time: "van der" is "van" then "der". Alternatives that overlap
# ("van" and "van der") under the * would give 2^n ways to split n particles, and a name
# that fails at its end ("Jan van der van der ... x") would try them all.
NAME = re.compile(
    r"\b([A-Z][a-zà-ÿ]+(?:\s[A-Z][a-zà-ÿ]+)?"
    r"(?:\s(?:van|der|den|de|ter|ten|te|in 't))*\s[A-Z][a-zà-ÿ'-]+)"
    r"(?=\s*(?:,|:|\(|\svan\s|\svertel|\sverzorg|\sbetoog|\sbenadruk|\sbelicht|\szegt|"
    r"\s(?:is|was)\s(?:directeur|manager|adviseur|sociaal werker|bestuurder)))"
)


def fold(text):
    """Lowercase without accents, for matching."""
    if not text:
        return ""
    if text.isascii():  # most text: nothing to strip, and much faster than per character
        return text.lower()
    normalized = unicodedata.normalize("NFKD", text)
    return "".join(c for c in normalized if not unicodedata.combining(c)).lower()


def _term_pattern(terms):
    escaped = sorted({re.escape(fold(t)) for t in terms if t and len(t.strip()) > 2},
                     key=len, reverse=True)
    if not escaped:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)")


@dataclass(frozen=True)
class Term:
    """A theme, organisation or region as the matching needs it: plain data, so a worker
    process can match without the database (``Vocabulary.resolve`` gives the instance)."""

    pk: int
    name: str
    slug: str
    sort_order: int = 0
    synonym_list: tuple = ()
    place: str = ""


class Vocabulary:
    """The portal's taxonomies, loaded once per import run.

    It matches on ``Term``s; the model instances stay in the process that loaded them
    (``resolve``): a copy sent to a worker process carries only the terms and patterns.
    """

    def __init__(self):
        # here, not at the top: the worker that reads documents imports this module without
        # Django's app registry
        from portaal.models import Organisatie, Regio, Thema

        themas = list(Thema.objects.all())
        organisaties = list(Organisatie.objects.all())
        # A place name in a document means the gemeente, else the provincie of that name,
        # not a versnellingsregio that shares it ("Nijmegen", "Groningen"): later ones win.
        preference = {Regio.Kind.GEMEENTE: 2, Regio.Kind.PROVINCIE: 1}
        regios = sorted(Regio.objects.all(), key=lambda r: preference.get(r.kind, 0))
        self.instances = {
            "themes": {t.pk: t for t in themas},
            "organisations": {o.pk: o for o in organisaties},
            "regios": {r.pk: r for r in regios},
        }
        self.themas = []
        for thema in themas:
            term = Term(thema.pk, thema.name, thema.slug, thema.sort_order,
                        tuple(thema.synonym_list))
            pattern = _term_pattern([term.name, *term.synonym_list])
            if pattern:
                self.themas.append((term, pattern))
        self.organisaties = [Term(o.pk, o.name, o.slug, place=o.place) for o in organisaties]
        self.org_by_key = {}
        for org in self.organisaties:
            for key in {fold(org.name), org.slug.replace("-", " ")}:
                self.org_by_key[key] = org
        self.org_pattern = _term_pattern([o.name for o in self.organisaties])
        self.regios = {fold(r.name): Term(r.pk, r.name, r.slug) for r in regios}
        places = set(KNOWN_PLACES) | {o.place for o in self.organisaties if o.place}
        places |= {r.name for r in self.regios.values()}
        self.places = sorted(places, key=len, reverse=True)
        self.place_pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(p) for p in self.places) + r")(?!\w)"
        ) if self.places else None

    def __getstate__(self):
        return {**self.__dict__, "instances": None}

    def resolve(self, record):
        """The record's themes, organisations and regions as the model instances."""
        for name, instances in self.instances.items():
            setattr(record, name, [instances[term.pk] for term in getattr(record, name)])
        return record

    # --- themes --------------------------------------------------------------------------

    def themes_for(self, title, text, limit=5):
        """Themes whose name or synonyms occur: in the title, or twice in the text (once is
        enough in a short text such as a submission)."""
        title_f, text_f = fold(title), fold(text)
        threshold = 1 if len(text_f.split()) < 400 else 2
        scored = []
        for thema, pattern in self.themas:
            score = 3 * len(pattern.findall(title_f)) + len(pattern.findall(text_f))
            if score >= threshold:
                scored.append((score, thema.sort_order, thema))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [thema for _, _, thema in scored[:limit]]

    def themes_named(self, names):
        """Themes an export names explicitly, by name, slug or synonym."""
        wanted = {fold(n) for n in names}
        found = []
        for thema, _ in self.themas:
            keys = {fold(thema.name), thema.slug, *(fold(s) for s in thema.synonym_list)}
            if keys & wanted:
                found.append(thema)
        return found

    # --- organisations -------------------------------------------------------------------

    def match_organisation(self, name):
        key = fold(name).strip(" .,'\"“”‘’")
        if not key:
            return None
        return self.org_by_key.get(key) or self.org_by_key.get(
            re.sub(r"^(?:stichting|vereniging)\s+", "", key)
        )

    def organisations_in(self, text):
        if not self.org_pattern:
            return []
        found = []
        for match in self.org_pattern.finditer(fold(text)):
            org = self.org_by_key.get(match.group(0))
            if org and org not in found:
                found.append(org)
        return found

    # --- places and people ---------------------------------------------------------------

    def places_in(self, text):
        if not self.place_pattern:
            return []
        return list(dict.fromkeys(m.group(1) for m in self.place_pattern.finditer(text or "")))

    def regios_for(self, places):
        return [self.regios[fold(p)] for p in places if fold(p) in self.regios]


def people_in(text, exclude=()):
    """Person names introduced the way reports do ("Greet Bouman van Stimenz", "Trix: ...")."""
    excluded = {fold(e) for e in exclude}
    people = []
    for match in NAME.finditer(text or ""):
        name = re.sub(r"\s+", " ", match.group(1))
        words = name.split()
        if fold(words[0]) in STOP_NAME_WORDS or fold(words[-1]) in STOP_NAME_WORDS:
            continue
        if fold(name) in excluded or name in people:
            continue
        people.append(name)
    return people
