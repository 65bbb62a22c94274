"""Generate N published content pages fast, for load measurements (bench/load.sh).

    .venv/bin/python bench/generate_pages.py --count 10000 [--settings ...]

Why not add_child() per page: that costs ~10 queries, a revision and a search-index call
per page (minutes for 10,000). Instead the tree is written in bulk, the way treebeard's
materialised path stores it:

1. ``Page`` rows with ``bulk_create``: path = parent path + the next 4-character base-36
   step (``Page._get_path``), depth, url_path, content type of the concrete class, live.
2. The multi-table children (``ContentPage``, then the concrete type) with the queryset's
   ``_batched_insert`` over each model's *local* fields only (``bulk_create`` refuses
   multi-table models); blank text/stream fields get plain values.
3. Thema/Organisatie/Regio links in bulk through the ParentalManyToMany through tables,
   and the parents' ``numchild`` updated once.

Pages are spread over the five types (60% interventies) and over the existing themas,
organisaties and regios, with titles and text drawn from the real fixtures' sentences.
Run ``update_index`` after it to put them in the search engine. Idempotent by slug
prefix: ``--count`` is the total of generated pages wanted; existing generated pages are
counted, not duplicated.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import os
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SLUG_PREFIX = "gen-"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHARES = {"interventie": 6, "lab": 1, "werkbezoek": 1, "artikel": 1, "handreiking": 1}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@functools.cache
def corpus():
    """Sentences and words of the portal's real content (fixtures/): generated pages are
    written from them, so words are as frequent and as combined as in the sector's own
    texts (a query matches a realistic share of the pages, not nearly all of them)."""
    sentences = []
    for path in sorted(FIXTURES.rglob("*.json")):
        for text in _strings(json.loads(path.read_text(encoding="utf-8"))):
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
            for part in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
                if len(part.split()) >= 6 and not part.startswith(("http", "/")):
                    sentences.append(part)
    words = [w for s in sentences for w in re.findall(r"[^\W\d_]{3,}", s)]
    return sentences, words


def sentence(rng, n=12):
    """A real sentence of about ``n`` words or more; for short ``n`` (titles, places)
    ``n`` words drawn with their frequency in the real texts."""
    sentences, words = corpus()
    if n < 8:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."
    picked = []
    while sum(len(x.split()) for x in picked) < n:
        picked.append(rng.choice(sentences))
    return " ".join(picked)


def filler(field, rng):
    """A value for a blank-able field the generator does not set explicitly."""
    from django.db import models

    from wagtail.fields import RichTextField, StreamField

    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, StreamField):
        return []
    if isinstance(field, RichTextField):
        return f"<p>{sentence(rng, 30)}</p>"
    if isinstance(field, models.URLField):
        return ""
    if isinstance(field, models.CharField):
        return sentence(rng, 3)[: field.max_length or 50] if field.name == "place" else ""
    if isinstance(field, models.TextField):
        return sentence(rng, 20)
    raise ValueError(f"no filler for {field.model.__name__}.{field.name}")


def insert_local(model, objs, batch_size=500):
    """Insert only the model's own table row (multi-table inheritance level by level)."""
    fields = [f for f in model._meta.local_concrete_fields]
    model._base_manager.all()._batched_insert(objs, fields, batch_size=batch_size)


def generate(count: int, seed: int = 5) -> int:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from wagtail.models import Page

    from portaal.models import Organisatie, Regio, Thema
    from voorbeelden.content import ensure_site_tree
    from voorbeelden.models import ContentPage
    from voorbeelden.models.registry import PAGE_TYPES

    rng = random.Random(seed)
    home, indexes = ensure_site_tree()
    themas = list(Thema.objects.all()) or [
        Thema.objects.create(name=f"Thema {i}", slug=f"thema-{i}") for i in range(1, 11)
    ]
    organisaties = list(Organisatie.objects.all())
    regios = list(Regio.objects.all())
    existing = Page.objects.filter(slug__startswith=SLUG_PREFIX).count()
    wanted = count - existing
    if wanted <= 0:
        return 0
    total_share = sum(SHARES.values())
    now = timezone.now()
    made = 0
    for kind, share in SHARES.items():
        model, index_model = PAGE_TYPES[kind]
        n = wanted * share // total_share if kind != "interventie" else 0
        if kind == "interventie":
            n = wanted - sum(wanted * s // total_share for k, s in SHARES.items() if k != kind)
        if n <= 0:
            continue
        parent = Page.objects.get(pk=indexes[index_model].pk)  # fresh numchild/path
        ctype = ContentType.objects.get_for_model(model)
        with transaction.atomic():
            pages = []
            start = parent.numchild
            for i in range(n):
                step = start + i + 1
                title = f"{sentence(rng, 4)[:-1]} {existing + made + i + 1}"
                slug = f"{SLUG_PREFIX}{kind}-{existing + made + i + 1}"
                pages.append(
                    Page(
                        title=title, draft_title=title, slug=slug,
                        path=Page._get_path(parent.path, parent.depth + 1, step),
                        depth=parent.depth + 1, numchild=0,
                        url_path=f"{parent.url_path}{slug}/", content_type=ctype,
                        live=True, has_unpublished_changes=False,
                        first_published_at=now, last_published_at=now,
                        live_revision=None, show_in_menus=False, locale_id=parent.locale_id,
                    )
                )
            created = Page.objects.bulk_create(pages, batch_size=500)
            if created[0].pk is None:  # SQLite before returning ids: read them back
                by_slug = dict(Page.objects.filter(slug__in=[p.slug for p in pages])
                               .values_list("slug", "pk"))
                for p in created:
                    p.pk = p.id = by_slug[p.slug]
            base_rows, rows = [], []
            content_fields = {f.name for f in ContentPage._meta.local_concrete_fields}
            for p in created:
                values = {
                    f.attname: filler(f, rng)
                    for f in ContentPage._meta.local_concrete_fields
                    if f.name != "page_ptr"
                }
                values["intro"] = sentence(rng, 25)
                values["date"] = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
                base_rows.append(ContentPage(page_ptr_id=p.pk, **values))
                own = {
                    f.attname: filler(f, rng)
                    for f in model._meta.local_concrete_fields
                    if not f.name.endswith("_ptr") and f.name not in content_fields
                }
                row = model(contentpage_ptr_id=p.pk, **own)
                rows.append(row)
            insert_local(ContentPage, base_rows)
            insert_local(model, rows)
            links = []
            for field, pool in (("themas", themas), ("organisaties", organisaties),
                                ("regios", regios)):
                if not pool:
                    continue
                through = ContentPage._meta.get_field(field).remote_field.through
                src = f"{ContentPage._meta.model_name}_id"
                dst = f"{pool[0]._meta.model_name}_id"
                links = [
                    through(**{src: p.pk, dst: target.pk})
                    for p in created
                    for target in rng.sample(pool, k=min(len(pool), 2 if field == "themas"
                                                         else 1))
                ]
                through.objects.bulk_create(links, batch_size=1000)
            Page.objects.filter(pk=parent.pk).update(numchild=start + n)
        made += n
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--settings", default=os.environ.get("DJANGO_SETTINGS_MODULE",
                                                             "portaal.settings.dev"))
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    import django

    django.setup()
    started = time.monotonic()
    made = generate(args.count)
    from portaal.cache import bump_generation

    bump_generation("bench/generate_pages.py")
    print(f"generated {made} pages in {time.monotonic() - started:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
