"""The cost of the worst inputs at sizes n, 2n, 4n: it must grow at most linearly.

    .venv/bin/python bench/hostile.py [--n 1000] [--repeat 3]

No database and no engine: each case calls the code that handles the input as the portal
does, and reports CPU seconds (``time.process_time``, median of ``--repeat``) and the
ratio to the size-n figure (linear: about 1, 2, 4; quadratic: 1, 4, 16).

- search: the query the search page gets (``clean_query`` + ``limit_terms``, as
  ``parse_params`` does) and the snippet work for a result page of n words that all match
  it (hits, best window, marking; the page's text is given, not read from the database).
  The query is cut to 200 characters and 16 words, so it is bounded by construction; the
  page length is what grows.
- archive: ``detect_kind`` (the upload check) on a .docx whose zip has n members, and on
  one whose ``word/document.xml`` declares n MB (a bomb). Refused from the directory.
- names: the importer's person-name matching (``people_in``) on "Jan van der van der ... x"
  with n particles, the input that backtracked exponentially.
- html: the importer's reading of a saved page (``HtmlDocument``) nested n divs deep (each
  holding a paragraph and the next div; refused beyond 100 levels), and of 5n paragraphs
  side by side (refused beyond 30,000 elements).
"""

import argparse
import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portaal.settings.test")


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def search_case(n):
    from zoeken.highlighting import SNIPPET_WORDS, Prefixes, best_window, mark_words, stems
    from zoeken.search import clean_query
    from zoeken.text import limit_terms

    words = [f"zorg{i % 97}wijk" for i in range(n)]
    raw = " ".join(f"zorg{i}" for i in range(2000))  # far longer than the 200 kept

    def run():
        # zoeken.highlighting.snippet after it has read the page's text (which needs the
        # database): find the hits, pick the window, mark it.
        q, _ = limit_terms(clean_query(raw))
        prefixes = Prefixes(stems(q))
        hits = [i for i, w in enumerate(words) if prefixes.matches(w)]
        start = max(0, best_window(hits, SNIPPET_WORDS) - 5) if hits else 0
        mark_words(" ".join(words[start:start + SNIPPET_WORDS]), prefixes)

    return run


def _docx(members, compression):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, data in members:
            archive.writestr(name, data)
    data = buffer.getvalue()

    def run():
        from voorbeelden.inzendingen.uploads import ArchiveRefused, detect_kind

        try:
            detect_kind(io.BytesIO(data))
        except ArchiveRefused:
            pass

    return run


def zip_members_case(n):
    members = [("word/document.xml", "<w:document/>")]
    members += [(f"word/media/m{i}.xml", b"") for i in range(n)]
    return _docx(members, zipfile.ZIP_STORED)


def zip_bomb_case(n):
    return _docx([("word/document.xml", b"\0" * (n * 1024 * 1024))], zipfile.ZIP_DEFLATED)


def names_case(n):
    from voorbeelden.importer.entities import people_in

    text = "Jan " + "van der " * n + "x"

    def run():
        people_in(text)

    return run


def _html_case(text):
    def run():
        from voorbeelden.importer.htmldoc import HtmlDocument, HtmlRefused

        try:
            HtmlDocument(text)
        except HtmlRefused:
            pass

    return run


def nested_html_case(n):
    paragraph = "<p>Sociaal werkers en de ggz werken samen in de wijk.</p>"
    return _html_case("<html><body><h1>Diep</h1>" + f"<div>{paragraph}" * n + "</div>" * n
                      + "</body></html>")


def sibling_html_case(n):
    paragraph = "<p>Sociaal werkers en de ggz werken samen in de wijk.</p>"
    return _html_case("<html><body><h1>Breed</h1>" + paragraph * 5 * n + "</body></html>")


CASES = [
    ("search: 2000-word query, page of n words", search_case, 1),
    ("archive: docx with n members", zip_members_case, 1),
    ("archive: docx declaring n/100 MB", zip_bomb_case, 100),
    ("names: 'Jan van der' x n/10, then x", names_case, 10),
    ("html: divs nested n deep", nested_html_case, 1),
    ("html: 5n paragraphs side by side", sibling_html_case, 1),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    sizes = (args.n, 2 * args.n, 4 * args.n)
    print(f"| case | {' | '.join(f'n={s}' for s in sizes)} | ratio |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for label, build, divisor in CASES:
        seconds = [timed(build(max(1, s // divisor)), args.repeat) for s in sizes]
        ratio = " : ".join(f"{t / max(seconds[0], 1e-6):.1f}" for t in seconds)
        cells = " | ".join(f"{t * 1000:.2f} ms" for t in seconds)
        print(f"| {label} | {cells} | {ratio} |")


if __name__ == "__main__":
    main()
