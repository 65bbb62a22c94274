"""A Verdiwel Lab report split into the parts LabPage has fields for.

A report (saved page or extracted text) reads: an opening, one section per pitch (a
heading, "... verzorgde de eerste pitch ..."; or one "Pitches" section naming each
speaker), the participants' practice experiences (a list), their insights ("Welke
inzichten ...?" / "Opbrengsten": "Naam: ‘citaat’"), a casus with the participants'
reactions, and the participant list. Each part goes to its field (pitches, ervaringen,
inzichten, casus, casus_inbrenger, casus_reacties; participants are the ``deelnemers``
inline); whatever is not recognised stays in the body, so nothing is lost. The lead-in
lines that only announce a part ("De deelnemers deelden ... met elkaar:") are dropped, as
the field's own heading says it.
"""

import html
import re
from dataclasses import dataclass, field

from bs4 import NavigableString, Tag

from voorbeelden.importer.sections import parse_fragment
from voorbeelden.markers import MARKER, MARKER_BLOCK_RE, strip_marker_blocks

PITCHES = re.compile(r"^pitch(?:es)?\b", re.I)
EXPERIENCES = re.compile(r"praktijk(?:voorbeelden|ervaringen)|gedeelde ervaringen|"
                         r"goede voorbeelden|ervaringen van deelnemers", re.I)
INSIGHTS = re.compile(r"inzichten|opbrengsten|wat (?:nemen|namen) (?:de )?deelnemers mee", re.I)
CASUS = re.compile(r"^(?:de )?casus\b", re.I)
REACTIONS = re.compile(r"reacties\b.*\bcasus", re.I)
PARTICIPANTS = re.compile(r"^deelnemers$", re.I)
MENTIONS_PITCH = re.compile(r"\bpitch", re.I)
CASUS_BY = re.compile(r"^\s*([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)\s+bracht\s+(?:de\s+)?"
                      r"(?:volgende\s+)?casus\s+in\s*:?\s*")
NAME = r"[A-Z][\w'-]+(?:\s+(?:van|de|der|den|ter|ten|het|'t))*(?:\s+[A-Z][\w'-]+){1,3}"
SAYS = re.compile(rf"^\s*({NAME})\s*:\s*(.+)$", re.S)
SPEAKER_OF = re.compile(rf"({NAME}) van ({NAME}|[A-Z][\w'-]+)(?=\s+(?:vertelde|sprak|verzorgde|"
                        r"gaf|hield|liet|nam|presenteerde)\b|[,.;:])")
QUOTES = "‘’'\"“”„ "


@dataclass
class LabParts:
    body_html: str
    pitches: list = field(default_factory=list)  # PitchBlock values
    ervaringen: list = field(default_factory=list)
    inzichten: list = field(default_factory=list)
    casus: str = ""
    casus_inbrenger: str = ""
    casus_reacties: list = field(default_factory=list)
    images: list = field(default_factory=list)  # numbers of images in structured parts

    @property
    def found(self):
        return bool(self.pitches or self.ervaringen or self.inzichten or self.casus
                    or self.casus_reacties)


def split_lab(html, participants=()):
    """LabParts of a cleaned report body; ``participants`` are (name, organisation, place)."""
    people = People(participants)
    parts = LabParts(body_html="")
    body = []
    for heading, nodes in _sections(html):
        title = heading.get_text(" ", strip=True) if heading is not None else ""
        kind = _kind(title, nodes)
        handled = kind is not None and _fill(kind, title, nodes, parts, people)
        if not handled:
            body.extend([heading, *nodes] if heading is not None else nodes)
        elif kind == "deelnemers":
            continue
        else:
            for node in [heading, *nodes]:
                if node is not None:
                    parts.images += [a or b for a, b in MARKER_BLOCK_RE.findall(str(node))]
    # images that stood in a structured part stay on the page, after the body text
    parts.body_html = "".join(str(node) for node in body) + "".join(
        f"<p>{MARKER.format(number)}</p>" for number in parts.images)
    return parts


def _sections(html):
    """(heading or None, [nodes]) in order; a lead-in paragraph announcing a list of insights
    or reactions ("Welke inzichten ...?", "Reacties ... op deze casus:") opens a section too."""
    sections = [(None, [])]
    for node in list(parse_fragment(html).children):
        if isinstance(node, NavigableString) and not node.strip():
            continue
        text = node.get_text(" ", strip=True) if isinstance(node, Tag) else str(node)
        is_heading = isinstance(node, Tag) and node.name in ("h2", "h3")
        announces = isinstance(node, Tag) and node.name == "p" and len(text) < 160 and \
            text.endswith(("?", ":")) and (INSIGHTS.search(text) or REACTIONS.search(text))
        if is_heading or announces:
            sections.append((node, []))
        else:
            sections[-1][1].append(node)
    return [(h, nodes) for h, nodes in sections if h is not None or nodes]


def _kind(title, nodes):
    if not title:
        return None
    if PARTICIPANTS.match(title):
        return "deelnemers"
    if PITCHES.match(title):
        return "pitches"
    if REACTIONS.search(title):
        return "reacties"
    if CASUS.match(title):
        return "casus"
    if INSIGHTS.search(title):
        return "inzichten"
    if EXPERIENCES.search(title):
        return "ervaringen"
    if any(MENTIONS_PITCH.search(n.get_text(" ", strip=True)) for n in nodes[:1]
           if isinstance(n, Tag)):
        return "pitch"
    return None


def _fill(kind, title, nodes, parts, people):
    """Move a section into its field; False (it stays in the body) when it does not fit."""
    items = [li for n in nodes if isinstance(n, Tag) and n.name in ("ul", "ol")
             for li in n.find_all("li", recursive=False)]
    rest = [n for n in nodes if not (isinstance(n, Tag) and n.name in ("ul", "ol"))]
    if kind == "deelnemers":
        # the inline holds them; the list leaves the body only when every line was read
        return bool(items) and not rest and len(items) == len(people.rows) and all(
            li.get_text(" ", strip=True).startswith(row[0])
            for li, row in zip(items, people.rows, strict=True))
    if kind == "pitch":
        text = " ".join(n.get_text(" ", strip=True) for n in nodes if isinstance(n, Tag))
        speaker, organisation = people.speaker(text)
        if not speaker:
            return False
        parts.pitches.append({"speaker": speaker[:255], "organisation": organisation[:255],
                              "title": title[:255], "summary": _html(nodes)})
        return True
    if kind == "pitches":
        found = []
        for node in rest + items:
            for sentence in _sentences(node.get_text(" ", strip=True)):
                speaker, organisation = people.speaker(sentence, leading=True)
                if speaker:
                    found.append((speaker, organisation, [sentence]))
                elif found:
                    found[-1][2].append(sentence)
                else:
                    return False
        for speaker, organisation, sentences in found:
            parts.pitches.append({"speaker": speaker[:255], "organisation": organisation[:255],
                                  "title": "", "summary": f"<p>{_escape(' '.join(sentences))}"
                                                          "</p>"})
        return bool(found)
    if kind == "ervaringen":
        if not items or any(not _lead_in(n) for n in rest):
            return False
        for li in items:
            parts.ervaringen.append({"participant": people.named_in(li.get_text(" ", strip=True))
                                     [:255], "text": f"<p>{_inner(li)}</p>"})
        return True
    if kind == "inzichten":
        if not items or any(not _lead_in(n) for n in rest):
            return False
        insights = []
        for li in items:
            text = li.get_text(" ", strip=True)
            says = SAYS.match(text)
            if says and len(says.group(1).split()) <= 5:
                who, quote = people.full(says.group(1)), says.group(2)
            else:
                who, quote = people.named_in(text), text
            if not who:
                return False  # an insight needs its participant; keep the list in the body
            insights.append({"participant": who[:255], "quote": quote.strip(QUOTES)})
        parts.inzichten += insights
        return True
    if kind == "casus":
        if not rest:
            return False
        casus_nodes = rest
        first = casus_nodes[0].get_text(" ", strip=True) if casus_nodes else ""
        by = CASUS_BY.match(first)
        if by:
            parts.casus_inbrenger = people.full(by.group(1))[:200]
            lead = casus_nodes[0]
            if isinstance(lead, NavigableString):  # loose text right under the heading
                casus_nodes = [NavigableString(CASUS_BY.sub("", str(lead), count=1)),
                               *casus_nodes[1:]]
            else:
                for string in lead.find_all(string=True):
                    string.replace_with(CASUS_BY.sub("", str(string), count=1))
                    break
        parts.casus = _html(casus_nodes)
        if items:  # reactions listed right under the casus
            parts.casus_reacties += [li.get_text(" ", strip=True) for li in items]
        return bool(parts.casus)
    if kind == "reacties":
        if not items or any(not _lead_in(n) for n in rest):
            return False
        parts.casus_reacties += [li.get_text(" ", strip=True) for li in items]
        return True
    return False


class People:
    """The participants named in the report, to turn a first name into the full name."""

    def __init__(self, rows):
        self.rows = list(rows)
        self.names = [row[0] for row in self.rows]
        self.organisation = {row[0]: row[1] for row in self.rows}

    def full(self, name):
        name = re.sub(r"\s+", " ", name).strip()
        if name in self.names:
            return name
        first = name.split()[0] if name else ""
        matches = [n for n in self.names if len(first) >= 4 and (
            n.split()[0].startswith(first) or first.startswith(n.split()[0]))]
        return matches[0] if len(matches) == 1 else name

    def named_in(self, text):
        """The participant a line is about: a full name first, else a first name among the
        opening words ("Annemiek belichtte ...")."""
        positions = [(text.find(n), n) for n in self.names if n in text]
        if positions:
            return min(positions)[1]
        for word in re.findall(r"\b[A-Z][\w'-]{3,}", " ".join(text.split()[:6])):
            full = self.full(word)
            if full in self.names:
                return full
        return ""

    def speaker(self, text, leading=False):
        """(speaker, organisation) of a pitch: a listed participant, else "Naam van Org"."""
        named = self.named_in(text)
        if named and (not leading or text.find(named.split()[0]) < 20):
            return named, self.organisation.get(named, "") if self._is_org(named) else ""
        match = SPEAKER_OF.search(text)
        if match and (not leading or match.start() < 20):
            return match.group(1), match.group(2)
        return "", ""

    def _is_org(self, name):
        org = self.organisation.get(name, "")
        return bool(org) and not org[:1].islower()  # "beleidssecretaris Verdiwel" is a role


def _lead_in(node):
    """A line that only announces the list after it."""
    text = node.get_text(" ", strip=True) if isinstance(node, Tag) else str(node).strip()
    return not text or (len(text) < 160 and text.endswith((":", "?")))


def _sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z‘'“])", text) if s.strip()]


def _markup(node):
    # str() of a tag is markup, of a string its bare text: "<" in text must stay text.
    return str(node) if isinstance(node, Tag) else html.escape(str(node), quote=False)


def _html(nodes):
    return strip_marker_blocks("".join(_markup(n) for n in nodes)).strip()


def _inner(tag):
    return strip_marker_blocks("".join(_markup(c) for c in tag.children)).strip()


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
