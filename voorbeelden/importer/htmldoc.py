"""Saved HTML pages: metadata, the real content, and nothing of the site around it."""

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from voorbeelden.importer.chrome import (
    CHROME_CLASS,
    CHROME_PHRASES,
    CHROME_ROLES,
    CHROME_TAGS,
    is_chrome_line,
)
from voorbeelden.importer.dates import DATE_LINE, parse_date_value, parse_dutch_date
from voorbeelden.importer.sections import field_for
from voorbeelden.importer.titles import label_kind, site_names, unfit_title, without_site_name
from voorbeelden.markers import MARKER

MAIN_SELECTORS = ["article", "main", "[role=main]", "#content", "#main", ".content",
                  ".entry-content", ".post", ".page-content"]
BROKEN_HREF = re.compile(r"[<>\"]|javascript:", re.IGNORECASE)
# Generic containers an image marker may stand in (the marker is a paragraph of its own).
CONTAINERS = {"div", "section", "article", "main", "body", "td", "th", "header", "aside"}
RAW_TEXT_TAGS = ["title", "textarea"]
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "div",
              "section", "article", "main", "table", "figure", "header", "pre", "dl"}
NESTED_BLOCKS = ["p", "div", "ul", "ol", "section", "table", "h2", "h3", "blockquote"]
AUTHOR_LINE = re.compile(r"^\s*(?:door|auteur|tekst)\s*:?\s+([A-Z][\w.'-]+(?:\s+[\w.'-]+){0,4})"
                         r"\s*$", re.IGNORECASE)


# How deep elements may nest. Real sector pages stay under 60 (the test pages: 7); the
# passes below read each element's text, so their cost grows with size times depth, and
# libxml2 stops reading beyond 255 levels. Deeper documents are refused, not trimmed.
MAX_DEPTH = 100
# How many start tags a page may hold. Every pass below is linear, but there are a score of
# them (~0.2 ms per element): 100,000 elements held a worker for 17 s. A long saved sector
# page, menus and all, has a few thousand.
MAX_ELEMENTS = 30_000
START_TAG = re.compile(r"<[a-zA-Z]")


class HtmlRefused(ValueError):
    """A document the importer will not read; the message is the Dutch report line."""


def depth_beyond(root, limit=MAX_DEPTH):
    """The first nesting depth over ``limit`` below ``root``, else 0: one pass over the tree,
    stopping early."""
    depth = {id(root): 0}
    for el in root.descendants:
        if isinstance(el, Tag):
            level = depth[id(el.parent)] + 1
            if level > limit:
                return level
            depth[id(el)] = level
    return 0


def gone(tag):
    """Whether ``tag`` was decomposed: decompose() empties its name. Not bs4's ``decomposed``:
    on a live tag that property looks for a child named "_decomposed" through the whole
    subtree, which made the passes below quadratic in nesting depth."""
    return not tag.name


def parse(text):
    """The page as a tree: lxml's parser (several times faster), Python's own where lxml
    gives up (it raises on some broken input that html.parser reads)."""
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception:  # noqa: BLE001 - any lxml failure: the slower, more lenient parser
        return BeautifulSoup(text, "html.parser")
    # libxml2 reads everything after a broken <title> or <textarea> as its text, so the
    # page (markup and all) would become one text node; html.parser recovers there.
    for tag in soup.find_all(RAW_TEXT_TAGS, limit=3):
        if "<" in tag.get_text():
            return BeautifulSoup(text, "html.parser")
    return soup


def _classes(value):
    return value.split() if isinstance(value, str) else (value or [])


HINT_CLASS = re.compile(r"breadcrumb|kruimel|label|categor|rubriek|kicker|(?:^|[_-])type\b")


def _is_hint_class(value):
    """Breadcrumbs, labels, categories and types: [class*=breadcrumb], [class*=label],
    .category, .post-type, .article-type ..."""
    if not value:
        return False
    return any(HINT_CLASS.search(name) for name in _classes(value))


def _is_date_class(value):
    """[class*=date], [class*=datum], [class*=meta]"""
    if not value:
        return False
    joined = value if isinstance(value, str) else " ".join(value)
    return "date" in joined or "datum" in joined or "meta" in joined


class HtmlDocument:
    """Parses one page; attributes hold what was found."""

    def __init__(self, text, base_url=""):
        tags = len(START_TAG.findall(text))  # before parsing: counting is C-speed
        if tags > MAX_ELEMENTS:
            raise HtmlRefused(f"HTML bevat te veel elementen ({tags}; maximaal {MAX_ELEMENTS}); "
                              "niet geïmporteerd")
        self.soup = parse(text)
        too_deep = depth_beyond(self.soup)
        if too_deep:
            raise HtmlRefused(f"HTML is dieper genest dan {MAX_DEPTH} niveaus (minstens "
                              f"{too_deep}); zo zijn echte pagina's niet opgebouwd, "
                              "niet geïmporteerd")
        self._metas = None
        self.base_url = base_url
        self.url = self._canonical() or base_url
        self.labels = []  # the page types that label elements and headings name
        self.kind_hints = self._kind_hints()
        self.skipped_titles = []  # (reason, text) of headings that were no title
        self.title = self._title()
        # a skipped label still tells the type ("Goed voorbeeld"), a skipped date the date
        self.labels += [kind for reason, text in self.skipped_titles if reason == "label"
                        for kind in [label_kind(text)[1]] if kind]
        self.date = self._date() or next(
            (parse_dutch_date(text) for reason, text in self.skipped_titles
             if reason == "datum"), None)
        self.author = self._meta("author") or ""
        self.organisations = [m for m in [self._meta("organisation"), self._meta("organisatie")]
                              if m]
        self.images = []
        self.links = []
        main = self._main()
        self._strip_chrome(main)
        self._meta_lines(main)
        self.body_html = self._body_html(main)
        self.text = main.get_text(" ", strip=True) if main else ""

    # --- metadata ------------------------------------------------------------------------

    def _meta(self, name):
        """A <meta name=...> (first), else <meta property=...>, matched without case."""
        if self._metas is None:  # one pass over the tags instead of two per name
            self._metas = ({}, {})
            for tag in self.soup.find_all("meta"):
                for attr, found in zip(("name", "property"), self._metas, strict=True):
                    value = tag.get(attr)
                    if isinstance(value, str):
                        found.setdefault(value.lower(), tag)
        by_name, by_property = self._metas
        tag = by_name.get(name.lower()) or by_property.get(name.lower())
        return (tag.get("content") or "").strip() if tag else ""

    def _canonical(self):
        link = self.soup.find("link", rel=lambda v: v and "canonical" in v)
        href = (link.get("href") if link else "") or self._meta("og:url")
        return href.strip() if href and href.strip().startswith("http") else ""

    def _kind_hints(self):
        hints = [self._meta("og:type"), self.url]
        body = self.soup.body
        if body is not None:
            hints.append(" ".join(body.get("class") or []))
        for crumb in self.soup.find_all(class_=_is_hint_class):
            text = crumb.get_text(" ", strip=True)
            hints.append(text)
            kind = label_kind(text)[1]
            if kind:  # a label element ("Nieuwsbericht", "Praktijkvoorbeeld") says the type
                self.labels.append(kind)
        return " ".join(h for h in hints if h)

    def _title(self):
        """The first heading unless it is a label, a date, a notice or the site's name; then
        og:title or <title> less the site's name, then the next headings of the content."""
        sites = site_names(self.url, self._meta("og:site_name"), self._meta("application-name"))
        tag = self.soup.find("title")
        candidates = [self._first_h1(), without_site_name(self._meta("og:title"), sites),
                      without_site_name(tag.get_text(" ", strip=True) if tag else "", sites),
                      *self._later_headings()]
        first = ""
        for candidate in candidates:
            candidate = re.sub(r"\s+", " ", candidate or "").strip()
            if not candidate:
                continue
            reason = unfit_title(candidate, sites)
            if not reason:
                return candidate
            first = first or candidate
            self.skipped_titles.append((reason, candidate))
        return first  # nothing fits: the first heading, as it was

    def _first_h1(self):
        scope = self.soup.find(["article", "main"]) or self.soup
        h1 = scope.find("h1") or self.soup.find("h1")
        if h1 is None:
            return ""
        if h1.find(NESTED_BLOCKS):  # an unclosed <h1> swallowed the page: its own text only
            return " ".join(s.strip() for s in h1.find_all(string=True, recursive=False))
        return h1.get_text(" ", strip=True)

    def _later_headings(self, limit=3):
        """The content's further <h1>s and first <h2>s: a title standing under a label."""
        scope = self.soup.find(["article", "main"]) or self.soup
        found = scope.find_all("h1")[1:] + scope.find_all("h2", limit=limit)
        return [h.get_text(" ", strip=True) for h in found
                if not h.find(NESTED_BLOCKS) and h.find_parent(["nav", "footer", "aside"]) is None]

    def _date(self):
        for time in self.soup.find_all("time"):
            value = parse_date_value(time.get("datetime")) or parse_date_value(time.get_text())
            if value:
                return value
        for name in ("article:published_time", "date", "dcterms.date", "datePublished"):
            value = parse_date_value(self._meta(name))
            if value:
                return value
        for tag in self.soup.find_all(class_=_is_date_class):
            value = parse_dutch_date(tag.get_text(" ", strip=True))
            if value:
                return value
        return None

    # --- content -------------------------------------------------------------------------

    def _main(self):
        for selector in MAIN_SELECTORS:
            # a bare tag name through find_all: soupsieve costs ~1 ms per select
            matches = self.soup.find_all(selector) if selector.isalpha() \
                else self.soup.select(selector)
            found = [el for el in matches
                     if not CHROME_CLASS.search(" ".join(el.get("class") or []))]
            if found:
                return max(found, key=lambda el: len(el.get_text(" ", strip=True)))
        body = self.soup.body or self.soup
        return self._densest(body)

    @staticmethod
    def _densest(body):
        """Without landmarks: the element holding the most paragraph text."""
        best, best_score = body, 0
        for el in body.find_all(["div", "section", "td"]):
            score = sum(len(p.get_text(strip=True)) for p in el.find_all("p", recursive=False))
            if score > best_score:
                best, best_score = el, score
        return best

    def _strip_chrome(self, main):
        if main is None:
            return
        for comment in main.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        for tag in main.find_all(CHROME_TAGS):
            tag.decompose()
        for tag in main.find_all(True):
            if gone(tag):
                continue
            role = (tag.get("role") or "").lower()
            marks = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
            if role in CHROME_ROLES or tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
                tag.decompose()
            elif marks.strip() and CHROME_CLASS.search(marks) and tag.name not in ("p", "li") \
                    and len(tag.get_text(" ", strip=True)) < 600:
                tag.decompose()
        for tag in main.find_all(["p", "div", "a", "li", "span", "section", "strong", "h2", "h3"]):
            if gone(tag):
                continue
            text = tag.get_text(" ", strip=True)
            if len(text) < 200 and (is_chrome_line(text) or CHROME_PHRASES.search(text)) \
                    and not _heads_a_part(tag, text):
                tag.decompose()
            elif label_kind(text)[0] and (tag.name in ("p", "div", "li")
                                          or _is_hint_class(tag.get("class"))):
                # a label standing on its own ("Nieuwsbericht"): the page type says it; a
                # word in a sentence ("bij <a>Nieuws</a>") stays
                tag.decompose()
        for header in main.find_all("header"):
            # An article's own header holds its title and date; a site header is chrome.
            if header.find_parent("article") or header.find("h1"):
                header.unwrap()
            else:
                header.decompose()
        for h1 in main.find_all("h1"):
            if gone(h1):
                continue
            if h1.find(NESTED_BLOCKS):
                for text in h1.find_all(string=True, recursive=False):
                    text.extract()
                h1.unwrap()
            else:
                h1.decompose()
        # a title that stood under a label, as a heading of the content, is not body text
        for heading in main.find_all(["h2", "h3"], limit=5):
            if not gone(heading) and " ".join(heading.get_text(" ", strip=True).split()) \
                    == self.title:
                heading.decompose()
                break

    def _meta_lines(self, main):
        """Date and author lines under the title are metadata, not body text."""
        if main is None:
            return
        for tag in main.find_all(["p", "div", "span"], limit=40):
            if gone(tag):
                continue
            text = tag.get_text(" ", strip=True)
            author = AUTHOR_LINE.match(text)
            if author and not self.author:
                self.author = author.group(1).strip()
                tag.decompose()
            elif author:
                tag.decompose()
            elif text and len(text) < 120 and DATE_LINE.match(text):
                if self.date is None:
                    self.date = parse_dutch_date(text)
                by = re.search(r"\b(?:door|auteur:?)\s+([A-Z][\w.'-]+(?:\s+[\w.'-]+){0,4})\s*$",
                               text, re.IGNORECASE)
                if by and not self.author:
                    self.author = by.group(1).strip()
                tag.decompose()

    def _body_html(self, main):
        if main is None:
            return ""
        # A definition list's terms and a folded section's summary are headings of what
        # follows ("Doel", "Voor wie"): rich text has neither, and their text would run on.
        for tag in main.find_all(["dt", "summary"]):
            tag.name = "h3"
        for tag in main.find_all(["dl", "dd", "details"]):
            tag.name = "div"
        after = {}  # top-level block -> the last marker placed after it
        for img in main.find_all("img"):
            src = (img.get("src") or "").strip()
            if not src or src.startswith("data:"):
                continue
            alt = img.get("alt")
            self.images.append({"src": src, "url": urljoin(self.base_url or self.url, src),
                                "alt": re.sub(r"\s+", " ", alt).strip() if alt else "",
                                "has_alt": alt is not None})
            # The image becomes a block of its own: a marker paragraph where it stood (after
            # the paragraph that held it), which the page's body stream turns into an image.
            marker = self.soup.new_tag("p")
            marker.string = MARKER.format(len(self.images) - 1)
            top = img  # the outermost paragraph, list, table ... that holds the image
            while top.parent is not None and top.parent is not main \
                    and top.parent.name not in CONTAINERS:
                top = top.parent
            if top is img or top.parent is None:
                img.replace_with(marker)
                continue
            after.get(id(top), top).insert_after(marker)
            after[id(top)] = marker
            img.decompose()
            if not top.get_text(strip=True) and top.find("img") is None:
                top.decompose()  # a paragraph that only held the image
        for a in main.find_all("a", href=True):
            href = urljoin(self.url, a["href"].strip()) if self.url else a["href"].strip()
            if BROKEN_HREF.search(href):  # markup or a script inside an address: text only
                del a["href"]
                continue
            a["href"] = href
            if href.startswith(("http://", "https://", "mailto:")):
                self.links.append({"title": a.get_text(" ", strip=True) or href, "url": href})
        for tag in main.find_all(["h5", "h6"]):
            tag.name = "h4"
        for tag in main.find_all("h1"):
            tag.name = "h2"
        _wrap_loose_text(main, self.soup)
        return "".join(str(child) for child in main.children)


def _heads_a_part(tag, text):
    """A "Contact" heading with text after it is a practice example's part, not the menu."""
    if tag.name not in ("h2", "h3", "h4") or field_for(text) is None:
        return False
    following = tag.find_next_sibling()
    return following is not None and bool(following.get_text(strip=True))


def _wrap_loose_text(element, soup):
    """Text directly inside a div/section becomes a paragraph, so it is not glued to its
    neighbours when the div itself is stripped."""
    for tag in [element, *element.find_all(["div", "section", "article", "td", "figure"])]:
        if gone(tag):
            continue
        run = []
        for child in list(tag.children):
            is_inline = isinstance(child, NavigableString) or (
                isinstance(child, Tag) and child.name not in BLOCK_TAGS)
            if is_inline:
                run.append(child)
                continue
            _flush(run, soup)
            run = []
        _flush(run, soup)


def _flush(run, soup):
    if not run or not "".join(str(getattr(n, "text", n)) for n in run).strip():
        return
    wrapper = run[0].wrap(soup.new_tag("p"))
    for node in run[1:]:
        wrapper.append(node.extract())
