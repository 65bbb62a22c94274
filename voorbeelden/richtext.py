"""The one HTML cleaner for everything that comes from outside: imports, member text,
"Maak conceptpagina".

``clean_html`` keeps what Wagtail's rich text editor itself produces (paragraphs, h2-h4,
lists, links, quotes, bold and italic) and nothing else: no event handlers, no style, no
javascript:/data: links. ``plain_text`` is for summaries and plain fields: no markup at all,
entities decoded, so the text is escaped exactly once, where it is shown.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i", "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Where a block ends, plain text keeps a line break (else "<p>a</p><p>b</p>" becomes "ab").
BLOCK_END = re.compile(r"(</(?:p|div|li|h[1-6]|blockquote|tr|summary|details)\s*>|<br\s*/?>)",
                       re.IGNORECASE)
TAG_START = re.compile(r"<[A-Za-z/!?]")
# Entities hidden in entities ("&amp;lt;script&amp;gt;") are undone this many times at most.
MAX_DECODE_ROUNDS = 4


def clean_html(html_text):
    """Keep headings, lists, links, quotes and emphasis; drop scripts, styles and the rest."""
    return nh3.clean(
        html_text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain_text(value):
    """Text without any markup: tags (and the content of script/style) removed, entities
    decoded; line breaks where blocks ended, runs of spaces made one."""
    text = BLOCK_END.sub(r"\1\n", value or "")
    for _ in range(MAX_DECODE_ROUNDS):
        stripped = html.unescape(nh3.clean(text, tags=set(), strip_comments=True))
        if stripped == text:
            break
        text = stripped
    else:
        # still markup after decoding several layers deep: no text is worth that
        text = text.replace("<", "").replace(">", "")
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_line(value):
    """``plain_text`` on one line (titles, intros, names)."""
    return " ".join(plain_text(value).split())
