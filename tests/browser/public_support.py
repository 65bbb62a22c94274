"""Shared set-up for the public browser tests: the real content behind ``live_server``."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Collection, Locale, Page


def ensure_wagtail_root() -> None:
    """A transactional test's flush removes rows made by data migrations: put back what
    Wagtail needs (the default Locale, the root collection, the tree's root) before loading
    content."""
    from django.conf import settings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(
            title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
        ))


def load_real_content():
    from voorbeelden.content import load_content

    ensure_wagtail_root()
    return load_content()


def one_page_per_type():
    """{kind: url} for a live page of each type, the one with the most content."""
    from voorbeelden.models.registry import PAGE_TYPES

    urls = {}
    for kind, (model, _index) in PAGE_TYPES.items():
        page = model.objects.live().order_by("-first_published_at").first()
        if kind == "interventie":
            # One with an "In de praktijk" block (pages naming it besides its source,
            # organisations besides its own, or places), the most named of them; the pk
            # breaks ties, whatever order the database lists them in.
            def key(p):
                links = p.detail_links()
                shown = links["usages"] or links["practice_elsewhere"] or links["practice_places"]
                return (bool(shown), p.vermeldingen.count(), -p.pk)

            page = max(model.objects.live(), key=key)
        urls[kind] = page.url
    return urls


def open_submission_form(page, url, member) -> None:
    """Log ``member`` in (tests/roles.py's password) and open "Deel uw praktijkvoorbeeld"."""
    from tests.roles import PASSWORD

    page.goto(url + "/account/inloggen/?next=/inzenden/")
    page.get_by_label("E-mailadres").fill(member.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Deel uw praktijkvoorbeeld").wait_for()
