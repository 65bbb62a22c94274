"""Plain-text documents (text taken from web pages and PDFs) to title and HTML.

PDF text arrives with words split at line ends ("pas-\\nsende"), sentences broken
over lines and blank lines, page numbers and running headers. This module repairs
those and recognises headings, bullet lists and site chrome lines.
"""

import re
from collections import Counter
from html import escape

from voorbeelden.importer.chrome import is_chrome_line, is_footer_start
from voorbeelden.importer.dates import DATE_LINE
from voorbeelden.importer.sections import field_for
from voorbeelden.importer.titles import SOURCE_LINE, label_kind, unfit_title

BULLET = re.compile(r"^\s*(?:[•·▪◦●■\-–*]|\d{1,2}[.)])\s+")
CHAPTER = re.compile(r"^\s*(\d{1,2})\s*\t\s*(\S.*)$")
FOOTNOTE = re.compile(r"^\s*\d{1,3}(?:\s{2,}|\s*\t)\s*\S.*(?:\b(?:19|20)\d\d(?!\d)|z\.d\.)")
TERMINAL = ".!?:;’”'\")…"
URL = re.compile(r"(?<![\w/])((?:https?://|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?])")
# Hyphens that belong to the word: "ggz-", "GGZ-", "e-", digits, and capitalised second
# parts ("Noord-\nBrabant") stay; lowercase splits ("pas-\nsende") are joined.
KEEP_HYPHEN_WORDS = {"ggz", "wmo", "awbz", "e", "ex", "oud", "niet", "zelf", "ervarings", "sociaal",
                     "oost", "west", "noord", "zuid"}
SPLIT_WORD = re.compile(r"(\w+)-[ \t]*\n(?:[ \t]*\n)?[ \t]*([a-zà-ÿ]\w*)")


def repair_hyphenation(text):
    def join(match):
        left, right = match.group(1), match.group(2)
        if left.lower() in KEEP_HYPHEN_WORDS or left.isupper() or left[-1].isdigit():
            return f"{left}-{right}"
        return f"{left}{right}"

    text = SPLIT_WORD.sub(join, text)
    # "GGZ- cliënten": a compound split by a stray space
    return re.sub(r"\b([A-Z]{2,})- (\w)", r"\1-\2", text)


def _running_lines(lines):
    """Short lines repeated three times or more: page headers, footers, page numbers."""
    counts = Counter(line.strip() for line in lines if 0 < len(line.strip()) < 40)
    return {line for line, n in counts.items() if n >= 3 and not BULLET.match(line)}


def _heads_a_part(line, lines, index):
    """"Contact" is a menu item on every site, and the last part of a practice example: it is
    text when a line follows that is no menu item itself."""
    if field_for(line) is None:
        return False
    following = next((rest.strip() for rest in lines[index + 1:index + 4] if rest.strip()), "")
    return bool(following) and not is_chrome_line(following) and not is_footer_start(following)


def _ends_sentence(text):
    return text.rstrip().endswith(tuple(TERMINAL))


class TextDocument:
    """The parts found in one plain-text document."""

    def __init__(self, text):
        self.labels = []
        self.label_words = []
        self.footnotes = []
        self.blocks = []  # (kind, text): "p", "h2", "li", "chapter"; "meta": a date line
        self.source_url = ""  # from a "SOURCE: <url>" line before the text
        self._leading_meta = 0  # date lines before the first real block
        self._parse(text)

    def _parse(self, text):
        text = repair_hyphenation(text.replace("\r\n", "\n").replace("\r", "\n"))
        lines = text.split("\n")
        running = _running_lines(lines)
        lengths = sorted(len(line.strip()) for line in lines if line.strip())
        pdf_like = bool(lengths) and lengths[len(lengths) // 2] < 90
        # Some extractions put a blank line after every line: then only a double blank
        # line separates paragraphs. Their lines are a page wide; a text with a paragraph
        # per line (most lines short headings, some very long) is not one of them.
        filled = [i for i, line in enumerate(lines) if line.strip()]
        spaced = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1].strip())
        double_spaced = bool(filled) and spaced / len(filled) > 0.6 \
            and lengths[len(lengths) * 9 // 10] <= 130
        current = None  # [kind, text, last_line_length]
        gap = False
        blanks = 0
        for index, raw in enumerate(lines):
            line = raw.strip()
            if not line:
                blanks += 1
                gap = blanks >= (2 if double_spaced else 1)
                continue
            blanks = 0
            if is_footer_start(line):
                break
            if (is_chrome_line(line) and not _heads_a_part(line, lines, index)) \
                    or line in running or line.isdigit():
                continue
            at_start = current is None and len(self.blocks) == self._leading_meta
            if at_start and self._opening_line(line):
                continue
            if FOOTNOTE.match(raw) and not CHAPTER.match(raw.replace("  ", "\t", 1)) \
                    and len(line) < 300 and pdf_like:
                self.footnotes.append(re.sub(r"^\d{1,3}\s*", "", line))
                continue
            chapter = CHAPTER.match(raw)
            if chapter and len(chapter.group(2)) < 120 and not _ends_sentence(chapter.group(2)):
                self._close(current)
                current = None
                self.blocks.append(("chapter", chapter.group(2).strip()))
                gap = False
                continue
            bullet = BULLET.match(line)
            if bullet:
                self._close(current)
                current = ["li", line[bullet.end():].strip(), len(line)]
                gap = False
                continue
            first = current is not None and len(self.blocks) == self._leading_meta
            if current and first and not line[0].islower():
                self._close(current)  # the first line is the title: it only wraps lowercase
                current = ["p", line, len(line)]
            elif current and self._continues(current, line, gap, pdf_like):
                current[1] = f"{current[1].rstrip()} {line}"
                current[2] = len(line)
            else:
                self._close(current)
                current = ["p", line, len(line)]
            gap = False
        self._close(current)

    def _opening_line(self, line):
        """Lines before the title that are no text: the exporter's SOURCE line, a section
        label ("Nieuwsbericht") and a date (kept as metadata). True when ``line`` was one."""
        source = SOURCE_LINE.match(line)
        if source:
            self.source_url = self.source_url or source.group(1)
            return True
        is_label, kind = label_kind(line)
        if is_label:
            if kind:
                self.labels.append(kind)
            self.label_words.append(line)
            return True
        if len(line) < 120 and DATE_LINE.match(line):
            self.blocks.append(("meta", line))
            self._leading_meta += 1
            return True
        return False

    @staticmethod
    def _continues(current, line, gap, pdf_like):
        kind, text, last_length = current[:3]
        starts_lower = line[0].islower() or line[0] in ",;)"
        if not _ends_sentence(text):
            if starts_lower:
                return True
            return pdf_like and not gap and last_length >= 35
        # A sentence ended: in PDF text a full-width line still continues the paragraph.
        return pdf_like and not gap and last_length >= 45 and kind == "p"

    def _close(self, current):
        if current is None:
            return
        kind, text, _ = current
        text = re.sub(r"\s+", " ", text).strip()
        if kind == "p" and len(text) < 100 and not _ends_sentence(text) and text[:1].isupper():
            kind = "h2"
        self.blocks.append((kind, text))

    # --- results ------------------------------------------------------------------------

    def title(self):
        """The opening line when it reads as a headline (a heading, or a short question or
        exclamation); else the first heading. A numbered "Introductie" chapter gives way to
        the next one."""
        content = [(k, t) for k, t in self.blocks if k != "meta"]
        chapters = [t for k, t in content if k == "chapter"
                    and t.lower() not in {"introductie", "inleiding", "voorwoord"}]
        if content and content[0][0] == "chapter" and chapters:
            return chapters[0]
        if content:
            kind, text = content[0]
            headline = kind == "h2" or (kind == "p" and len(text) <= 160
                                        and text.endswith(("?", "!")))
            if headline and not unfit_title(text):
                return text
        for kind, text in content:
            if kind == "h2" and not unfit_title(text):
                return text
        return chapters[0] if chapters else ""

    def plain_text(self):
        return "\n".join(text for _, text in self.blocks)

    def html(self, skip_title=None):
        out, items = [], []
        skipped = False
        for kind, text in self.blocks:
            if not skipped and skip_title and text == skip_title:
                skipped = True
                continue
            if kind == "li":
                items.append(f"<li>{linkify(text)}</li>")
                continue
            if items:
                out.append("<ul>" + "".join(items) + "</ul>")
                items = []
            if kind in ("h2", "chapter"):
                out.append(f"<h2>{escape(text)}</h2>")
            else:
                out.append(f"<p>{linkify(text)}</p>")
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
        return "\n".join(out)


def linkify(text):
    """Escape text and turn bare URLs into links (local ``file:`` paths are dropped)."""
    text = re.sub(r"file:///\S+", "", text)
    parts, last = [], 0
    for match in URL.finditer(text):
        parts.append(escape(text[last:match.start()]))
        url = match.group(1)
        href = url if url.startswith("http") else f"https://{url}"
        parts.append(f'<a href="{escape(href)}">{escape(url)}</a>')
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)
