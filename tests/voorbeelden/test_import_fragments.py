"""The importer reads a cleaned text's blocks on lxml's parser (``parse_fragment``); for
``clean_html``'s output that is the tree Python's own parser gives."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.voorbeelden.import_helpers import INPUTS
from voorbeelden.importer.htmldoc import HtmlDocument
from voorbeelden.importer.sections import parse_fragment
from voorbeelden.richtext import clean_html

CORPUS = Path(__file__).parent / "import_corpus"
PAGES = sorted([*INPUTS.glob("*.html"), *CORPUS.glob("*.html")])
LOOSE = ["losse tekst <p>een alinea</p> en nog wat", "<h2>Doel</h2>tekst<ul><li>een</li></ul>",
         "<p>a &amp; b &lt; c</p>\n\n<p>regel<br>twee</p>", "", "   ",
         "<blockquote><p>citaat</p></blockquote><ol><li><strong>vet</strong></li></ol>"]


def blocks(tree):
    return [str(node) for node in tree.children]


@pytest.mark.parametrize("html", LOOSE)
def test_loose_text_and_blocks_read_alike(html):
    html = clean_html(html)
    assert blocks(parse_fragment(html)) == blocks(BeautifulSoup(html, "html.parser"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_saved_pages_read_alike(path):
    html = clean_html(HtmlDocument(path.read_text(encoding="utf-8")).body_html)
    assert blocks(parse_fragment(html)) == blocks(BeautifulSoup(html, "html.parser"))
