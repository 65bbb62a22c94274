"""The CPU cost of the worst search queries: long queries of many distinct short words
against long pages where every word matches, the case that was quadratic.

    .venv/bin/python bench/hostile_search.py [--words 1000 5000 20000] [--repeat 5]

No engine and no database needed: it times the Python work of one search result
(``zoeken.highlighting.snippet`` on a page of N words) and of "Bedoelde u"
(``zoeken.suggestions.did_you_mean`` against a vocabulary of 5,000 words), in CPU seconds
(``time.process_time``, median of ``--repeat``), for a normal query and for 200- and
2,000-character hostile queries as the search page receives them (after
``zoeken.search.parse_params``: cut to 200 characters and 16 search words). It also
prints the bytecode instructions per page word (``sys.settrace`` opcode events, counted
as tests/security/test_search_abuse.py does) so that the linearity can be read without
a stopwatch. A search page shows 10 results, so the
snippet part of one page is 10 times the figure per result.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NORMAL = "ervaringsdeskundige in de wijk"
HOSTILE = " ".join(f"w{i:02d}" for i in range(500))  # distinct 3-letter words


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portaal.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def cpu(fn, repeat):
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()

    from django.core.cache import cache

    from tests.security.test_search_abuse import bytecode_instructions
    from voorbeelden.models import InterventiePage
    from zoeken.highlighting import snippet
    from zoeken.search import clean_query
    from zoeken.suggestions import VOCABULARY_KEY, did_you_mean
    from zoeken.text import limit_terms

    # The query as zoeken.search.parse_params hands it on (facets need no database here).
    queries = {label: limit_terms(clean_query(raw[:2000]))[0]
               for label, raw in (("normal", NORMAL), ("hostile 200", HOSTILE[:200]),
                                  ("hostile 2000", (HOSTILE + " ") * 2))}

    print(f"{'query':<14}{'terms':>6}{'page words':>12}{'snippet CPU':>14}{'instr/word':>12}")
    for label, q in queries.items():
        for n in args.words:
            # Every page word matches one of the hostile terms (or the normal query's).
            page_words = q.split() or ["wijk"]
            intro = " ".join(f"{page_words[i % len(page_words)]}xyz" for i in range(n))
            # An unsaved page; a content type id given so that no database is asked.
            page = InterventiePage(title="Lange pagina", intro=intro, content_type_id=-1)
            seconds = cpu(lambda page=page, q=q: snippet(page, q), args.repeat)
            per_word = bytecode_instructions(lambda page=page, q=q: snippet(page, q)) / n
            print(f"{label:<14}{len(q.split()):>6}{n:>12}{seconds * 1000:>11.1f} ms"
                  f"{per_word:>12.0f}")

    vocabulary = sorted({f"{a}{b}{c}woord" for a in "abcdefghij" for b in "klmnopqrst"
                         for c in "uvwxyzabcd"})[:5000]
    cache.set(VOCABULARY_KEY, vocabulary, 600)
    for label, q in queries.items():
        misspelled = " ".join(f"{w}woordx" for w in q.split())
        seconds = cpu(lambda m=misspelled: did_you_mean(m), args.repeat)
        print(f"did_you_mean {label:<14} {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
