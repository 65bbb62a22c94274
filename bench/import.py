"""Import benchmark: import_swn on N generated saved pages (default 5,000) on SQLite.

    .venv/bin/python bench/import.py --docs 5000

A throwaway SQLite database (``.cache/bench-import/``) gets the real taxonomies; N HTML
pages in the chrome of a sector site (five kinds, themes, organisations, dates, links,
one in twenty a near-copy of an earlier one) are written to a folder and imported with
``run_import`` as the command does: one transaction per document, duplicate detection,
draft pages with a revision each. The second run, on the same folder, must change nothing.
"""

import argparse
import os
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = [
    ("Nieuwsbericht", "/nieuws/", "Nieuws"),
    ("Goed voorbeeld", "/goede-voorbeelden/", "Goede voorbeelden"),
    ("Werkbezoek", "/werkbezoeken/", "Werkbezoek aan"),
    ("Verdiwel Lab", "/labs/", "Verdiwel Lab over"),
    ("Handreiking", "/publicaties/", "Handreiking"),
]
WORDS = ("kwartiermaken herstel maatje ervaringsdeskundige eenzaamheid wijkteam buurthuis "
         "gemeente ggz sociaal werker vrijwilliger netwerk stigma preventie participatie "
         "inwoners samenwerking zorg ondersteuning bewoners activiteit gesprek").split()
ORGS = ["Stimenz", "Welzijn De Meierij", "Sociaal Werk Nederland", "RIWIS", "ONS Welzijn",
        "Sterker sociaal werk", "Stichting Wiel", "Vitis Welzijn"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


def setup_django():
    cache = ROOT / ".cache" / "bench-import"
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / "db.sqlite3"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portaal.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from voorbeelden.content import FIXTURES_DIR, ensure_site_tree, load_taxonomies

    ensure_site_tree()
    load_taxonomies(FIXTURES_DIR)
    return cache


def paragraph(rng, n=60):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def document(i, rng, texts):
    label, path, prefix = KINDS[i % len(KINDS)]
    if i % 20 == 19:  # a near-copy of an earlier page, saved from another address
        title, body = texts[rng.randrange(len(texts))]
        body = body.replace("</p>", " Bijgewerkt.</p>", 1)
    else:
        title = f"{prefix} {rng.choice(WORDS)} en {rng.choice(WORDS)} in de wijk {i}"
        org = rng.choice(ORGS)
        body = "".join(f"<h2>{rng.choice(WORDS).capitalize()}</h2><p>{paragraph(rng)} "
                       f"{org} werkt samen met <a href='https://example.org/{i}/{k}'>partners"
                       f"</a>.</p>" for k in range(4))
        texts.append((title, body))
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2024)
    return f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>{title} | Sociaal Werk Nederland</title>
<link rel="canonical" href="https://www.sociaalwerknederland.nl{path}{i}">
<script>trackPage();</script></head><body>
<div class="cookie-banner">Wij gebruiken cookies. <button>Accepteren</button></div>
<header class="site-header"><nav><a href="/">Home</a><a href="/lid-worden">Lid worden</a>
<a href="/contact">Contact</a></nav></header>
<div class="member-notice">Uw account is nog niet geactiveerd.</div>
<main><article><span class="label">{label}</span><h1>{title}</h1>
<p class="meta">{day} {month} {year} | 3 minuten lezen</p>{body}
<div class="share-buttons">Deel dit artikel <a href="https://twitter.com">Twitter</a></div>
</article></main>
<footer class="site-footer"><a href="/lid-worden">Lid worden</a> Oudlaan 4 Utrecht</footer>
</body></html>"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    cache = setup_django()
    folder = cache / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    rng, texts = random.Random(args.seed), []
    for i in range(args.docs):
        (folder / f"doc-{i:05d}.html").write_text(document(i, rng, texts), encoding="utf-8")

    from voorbeelden.importer.runner import run_import

    start = time.perf_counter()
    report = run_import([folder])
    first = time.perf_counter() - start
    counts = report.counts()
    start = time.perf_counter()
    again = run_import([folder])
    second = time.perf_counter() - start
    print(f"documenten: {args.docs}")
    print(f"eerste import: {first:.1f} s, {args.docs / first:.0f} documenten/s; {counts}")
    print(f"tweede import (ongewijzigd): {second:.1f} s, {args.docs / second:.0f} documenten/s; "
          f"{again.counts()}")
    for entry in report.failed[:5]:
        print("mislukt:", entry.name, entry.reason)


if __name__ == "__main__":
    main()
