"""A practice example's parts (doel, doelgroep, resultaten, contact ...) out of its text.

Sites write them as headings ("Doel", "Voor wie?", "Wat levert het op?", "Contactgegevens"),
as a bold lead-in ("<strong>Doel:</strong> ...") or, in text exports, as "Doel: ..." lines.
Each part found goes to the InterventiePage field of that name; the rest is the aanpak.
"""

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from voorbeelden.markers import MARKER_RE

# field -> what its heading or lead-in says (matched whole, lowercase, without ":" or "?")
HEADINGS = {
    "doelgroep": r"(?:de |eind)?doelgroep(?:en)?|voor wie(?: is (?:het|dit|de \w+))?|"
                 r"wie (?:kan|kunnen|doen|doet) (?:er )?mee(?: ?doen)?",
    "doel": r"(?:het |wat is het )?doel(?:en|stelling(?:en)?)?(?: van (?:de|het) \w+)?",
    "werkzame_elementen": r"werkzame elementen",
    "onderbouwing": r"(?:theoretische )?onderbouwing",
    "resultaten": r"(?:onderzoek en )?resulta(?:at|ten)(?: en onderzoek)?|"
                  r"(?:bewezen )?effect(?:en|iviteit)|opbrengst(?:en)?|wat levert het op|"
                  r"uitkomsten(?: van (?:het )?onderzoek)?|onderzoek naar (?:de )?effect\w*",
    "kosten": r"kosten",
    "contact": r"contact(?:gegevens|persoon|personen|informatie)?|"
               r"(?:meer )?informatie en contact|contact en (?:meer )?informatie",
}
_HEADINGS = [(name, re.compile(rf"(?:{pattern})", re.IGNORECASE))
             for name, pattern in HEADINGS.items()]
_LEAD_LABEL = re.compile(r"^\s*([^\W\d][\w ]{1,40}?)\s*:\s*", re.UNICODE)
# A closing pointer ("Meer informatie: ...", "Meer weten?") ends a part: it is about the
# whole example, not about its results or contact.
CLOSING = re.compile(r"^\s*(?:meer (?:informatie|weten|lezen)|lees meer|kijk op)\b", re.I)
HEADING_TAGS = ("h2", "h3", "h4")
QUESTION = re.compile(r"[^.!?]{3,60}\?")


def field_for(label):
    """The field a heading or lead-in label names, else None."""
    label = " ".join(label.lower().strip(" :?.").split())
    if not label or len(label) > 60:
        return None
    return next((name for name, pattern in _HEADINGS if pattern.fullmatch(label)), None)


def _lead_in(paragraph, taken):
    """(field, the paragraph without its label, or None when the label is all it holds) for
    a paragraph opening with the label of a part not in ``taken``: "<strong>Doel:</strong>
    ..." or "Doel: ..."; else None, and the paragraph is left as it was."""
    children = [c for c in paragraph.children
                if not (isinstance(c, NavigableString) and not c.strip())]
    if not children:
        return None
    first = children[0]
    if isinstance(first, Tag) and first.name in ("strong", "b"):
        label = first.get_text(" ", strip=True)
        field = field_for(label)
        rest = children[1:]
        follows = rest[0] if rest else None
        marked = label.endswith(":") or follows is None or (
            isinstance(follows, Tag) and follows.name == "br") or (
            isinstance(follows, NavigableString) and follows.lstrip().startswith(":"))
        if field is None or field in taken or not marked:
            return None
        first.extract()
        _trim_start(paragraph)
        return field, (paragraph if paragraph.get_text(strip=True) else None)
    if isinstance(first, NavigableString):
        match = _LEAD_LABEL.match(str(first))
        field = field_for(match.group(1)) if match else None
        if field is None or field in taken:
            return None
        first.replace_with(str(first)[match.end():])
        _trim_start(paragraph)
        return field, (paragraph if paragraph.get_text(strip=True) else None)
    return None


def _trim_start(paragraph):
    """Drop what stood between a removed label and the text: a colon, spaces, a <br>."""
    while paragraph.contents:
        node = paragraph.contents[0]
        if isinstance(node, Tag) and node.name == "br":
            node.extract()
        elif isinstance(node, NavigableString) and not node.strip(" \n\t:"):
            node.extract()
        elif isinstance(node, NavigableString):
            node.replace_with(str(node).lstrip(" \n\t:"))
            return
        else:
            return


def _heading_text(node):
    """The text of a heading, or of a paragraph that stands as one in a text export: a part's
    label alone ("Doel", "Wat is het doel?") or a short question ("Hoe werkt het?")."""
    text = node.get_text(" ", strip=True)
    if node.name in HEADING_TAGS:
        return text
    if node.name == "p" and (field_for(text) or QUESTION.fullmatch(text)):
        return text
    return None


def parse_fragment(html):
    """Cleaned HTML (``clean_html``'s output) as a tree whose children are its top-level
    blocks: on lxml's parser, about three times faster than Python's here and with the same
    tree for markup that is well formed; Python's parser where lxml gives up."""
    try:
        soup = BeautifulSoup(html or "", "lxml")
    except Exception:  # noqa: BLE001 - any lxml failure: the slower, more lenient parser
        return BeautifulSoup(html or "", "html.parser")
    return soup.body if soup.body is not None else soup


def split_sections(html, skip=()):
    """(the rest of ``html``, {field: html}) for a practice example's cleaned text. A part
    runs from its heading to the next heading; a lead-in paragraph is a part on its own.
    Fields in ``skip`` (already filled, e.g. from an export column) are left in the text, as
    is a second part of the same name."""
    parts, rest = {}, []
    current = None
    for node in list(parse_fragment(html).children):
        if isinstance(node, NavigableString):
            if node.strip():
                (parts[current] if current else rest).append(str(node))
            continue
        text = node.get_text(" ", strip=True)
        if MARKER_RE.fullmatch(text):  # an image: only the aanpak can hold one
            rest.append(str(node))
            continue
        heading = _heading_text(node)
        if heading is not None:
            field = field_for(heading)
            label = _LEAD_LABEL.match(heading)
            if field is None and current and not parts[current]:
                # a part's first line taken for a heading (a text line without a full
                # stop: "Noor van Dijk, sociaal werker, 013 583 92 00")
                node.name = "p"
            elif field is None and label and field_for(label.group(1)):
                node.name = "p"  # "Contact: Steunpunt Mantelzorg, 075 303 35 35"
            else:
                current = field if field and field not in parts and field not in skip \
                    else None
                if current:
                    parts[current] = []
                else:
                    rest.append(str(node))
                continue
        if node.name == "p":
            if current and CLOSING.match(text):
                current = None
            lead = _lead_in(node, {*parts, *skip})
            if lead:
                field, paragraph = lead
                parts[field] = [str(paragraph)] if paragraph is not None else []
                current = None if paragraph is not None else field
                continue
        (parts[current] if current else rest).append(str(node))
    found = {name: "".join(chunks).strip() for name, chunks in parts.items()}
    return "".join(rest), {name: value for name, value in found.items() if value}
