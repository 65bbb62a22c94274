"""schema.org JSON-LD for pages: Article, Event, Organization.

Rendered as ``<script type="application/ld+json">`` data blocks (not executed, so a strict
Content-Security-Policy allows them); the JSON is escaped like Django's ``json_script``.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
ARTICLE_TYPES = {"interventiepage", "artikelpage", "handreikingpage"}
EVENT_TYPES = {"labpage", "werkbezoekpage"}


def json_ld(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def site_organization(request):
    root = request.build_absolute_uri("/") if request else "/"
    return {
        "@type": "Organization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": root,
        "parentOrganization": {"@type": "Organization", "name": "Sociaal Werk Nederland",
                               "url": "https://www.sociaalwerknederland.nl/"},
    }


def organization(org):
    data = {"@type": "Organization", "name": org.name}
    if org.website:
        data["url"] = org.website
    if org.place:
        data["address"] = {"@type": "PostalAddress", "addressLocality": org.place,
                           "addressCountry": "NL"}
    return data


def _dates(page):
    data = {}
    # The source document's date and the redactie's last edit, as the page shows them; the
    # day the page was loaded or imported is neither.
    if page.date:
        data["datePublished"] = page.date.isoformat()
    elif getattr(page, "year", None):  # a handreiking may know only its year
        data["datePublished"] = f"{page.year:04d}"
    if page.edited_at:
        data["dateModified"] = page.edited_at.isoformat()
    return data


def listed(page, links, name):
    """The page's ``name`` relation (themas, organisaties) as its detail page lists it
    (``ContentPage.detail_links``: from the cache, or a preview's form), else as stored."""
    value = (links or {}).get(f"page_{name}")
    return getattr(page, name).all() if value is None else value


def article(page, request, links=None):
    orgs = [organization(o) for o in listed(page, links, "organisaties")]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title[:110],
        "name": page.title,
        "description": page.search_description or page.intro,
        "url": page.get_full_url(request),
        "inLanguage": "nl",
        "about": [{"@type": "Thing", "name": t.name} for t in listed(page, links, "themas")],
        "publisher": site_organization(request),
        **_dates(page),
    }
    author = getattr(page, "author", "") or getattr(page, "authors", "")
    if author:
        data["author"] = {"@type": "Person", "name": author}
    elif orgs:
        data["author"] = orgs
    return data


def event(page, request):
    specific = page.specific
    online = getattr(specific, "vorm", "") == "online"
    place = getattr(specific, "locatie", "") or getattr(specific, "place", "")
    if online:
        location = {"@type": "VirtualLocation", "name": place or "Online"}
    else:
        location = {"@type": "Place", "name": place or "Nederland",
                    "address": {"@type": "PostalAddress", "addressLocality": place,
                                "addressCountry": "NL"}}
    host = getattr(specific, "organisator", None) or getattr(specific, "gastorganisatie", None)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.search_description or page.intro,
        "url": page.get_full_url(request),
        "inLanguage": "nl",
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "eventStatus": "https://schema.org/EventScheduled",
        "location": location,
        "organizer": organization(host) if host else site_organization(request),
    }
    if page.date:
        data["startDate"] = page.date.isoformat()
    return data


def page_json_ld(page, request, links=None):
    """The JSON-LD object for a page, or None for pages without a schema.org type.
    ``links``: the detail page's template variables, where it has them."""
    if page is None:
        return None
    kind = page.specific_class._meta.model_name
    if kind in ARTICLE_TYPES:
        return article(page, request, links)
    if kind in EVENT_TYPES:
        return event(page, request)
    if kind == "homepage":
        return {"@context": "https://schema.org", **site_organization(request),
                "description": "Goede praktijk van sociaal werk en ggz in de wijk."}
    return None
