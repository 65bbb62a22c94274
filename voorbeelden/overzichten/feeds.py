"""RSS and Atom feeds: the whole site, one thema, one type, or any filtered overview.

The feed reads the same query parameters as the overviews (``voorbeelden.overzichten.facets``), so
``/feed/?type=interventie&thema=herstel`` lists exactly what that filtered overview lists.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator

from portaal.models import Thema
from voorbeelden.models import live_content
from voorbeelden.models.base import start_of_day
from voorbeelden.overzichten.facets import ALL_FACETS, ListingFilters

FEED_LENGTH = 30
SITE_TITLE = "Kennisportaal sociaal werk & ggz"


# Chromium shows application/rss+xml and application/atom+xml as plain text and applies no
# stylesheet; as application/xml it renders the stylesheet. Feed readers read either (the
# pages' <link rel="alternate"> keep announcing the feeds by their own types).
FEED_CONTENT_TYPE = "application/xml; charset=utf-8"


class StyledRssFeed(Rss201rev2Feed):
    content_type = FEED_CONTENT_TYPE


class ContentFeed(Feed):
    feed_type = StyledRssFeed
    description = "Nieuwe en bijgewerkte kennis over sociaal werk en ggz in de wijk."

    def stylesheets(self):
        # A browser shows the feed as a Dutch page that explains feeds (static/feeds/feed.xsl)
        # instead of raw XML; feed readers ignore it.
        return [Stylesheet(static("feeds/feed.xsl"), mimetype="text/xsl")]

    def get_object(self, request, slug=None):
        self.request = request
        thema = get_object_or_404(Thema, slug=slug) if slug else None
        base = live_content()
        if thema is not None:
            base = base.filter(themas=thema)
        filters = ListingFilters(request.GET, base, ALL_FACETS)
        return {"thema": thema, "filters": filters}

    def title(self, obj):
        parts = [SITE_TITLE]
        if obj["thema"] is not None:
            parts.append(obj["thema"].name)
        parts += [label for _facet, label, _rest in obj["filters"].active]
        return " – ".join(parts)

    def link(self, obj):
        if obj["thema"] is not None:
            return obj["thema"].get_absolute_url()
        return "/"

    def items(self, obj):
        return obj["filters"].queryset[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.type_label.lower()})"

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    # The source document's date, not the day the page was loaded or imported; Atom's updated
    # is the redactie's last edit when there is one. An undated page carries neither.
    def item_pubdate(self, item):
        return start_of_day(item.date)

    def item_updateddate(self, item):
        # In Dutch time, as the page shows it: an edit at 23:30 UTC belongs to the next day.
        changed = item.last_change()
        return None if changed is None else timezone.localtime(changed)

    def item_categories(self, item):
        return [t.name for t in item.themas.all()]


class StyledAtom1Feed(Atom1Feed):
    """Django's Atom feed writes the stylesheets it is given only for RSS: this one writes them
    too, before the root element as XML requires."""

    content_type = FEED_CONTENT_TYPE

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class AtomContentFeed(ContentFeed):
    feed_type = StyledAtom1Feed

    def subtitle(self, obj):
        return self.description
