"""The home page's content: the newest practice examples, what else is new, and each type
with how many pages it holds.

The HomePage model lives on the ground floor (portaal), which knows no content pages; its
template asks for its content here.
"""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from portaal.cache import generation_cached
from voorbeelden.models import live_content
from voorbeelden.models.registry import PAGE_TYPES

register = template.Library()

# The practice examples (interventions) are most of the portal and what visitors come for:
# they lead. The other types share one "also new" row.
FEATURED_KIND = "interventie"
ROW = 3  # cards in one row on a desktop
# A section with one card looks unfinished (four of five did when each type had its own
# row); such a section is left out: its page is one click away under "Alles per soort".
MIN_CARDS = 2


def home_content(home):
    """{"sections": [{"title", "index", "items"}], "types": [{"index", "count"}]}."""
    # Only the type indexes: the home page's other children (the information pages in the
    # footer) would each cost a query of their own in .specific().
    index_models = {index_model for _, index_model in PAGE_TYPES.values()}
    indexes = [index for index in home.get_children().live().type(*index_models).specific()
               if getattr(index, "listing_model", None) is not None]
    featured_model = PAGE_TYPES[FEATURED_KIND][0]
    featured_index = next((i for i in indexes if i.listing_model is featured_model), None)
    pages = live_content().descendant_of(home)

    sections = []
    if featured_index is not None:
        sections.append({
            "title": "Nieuwste praktijkvoorbeelden",
            "index": featured_index,
            "items": list(live_content(featured_model).child_of(featured_index)[:ROW]),
        })
    sections.append({
        "title": "Ook nieuw in het kennisportaal",
        "index": None,
        "items": list(pages.not_type(featured_model)[:ROW]),
    })

    # One query for all types: live public pages per content type.
    per_type = dict(
        pages.order_by().prefetch_related(None).values_list("content_type")
        .annotate(count=Count("pk"))
    )
    types = [{"index": index,
              "count": per_type.get(ContentType.objects.get_for_model(index.listing_model).pk, 0)}
             for index in indexes]
    return {
        "sections": [s for s in sections if len(s["items"]) >= MIN_CARDS],
        "types": [t for t in types if t["count"]],
    }


@register.simple_tag
def home_sections(home):
    # Per cache generation: a publish anywhere bumps it.
    return generation_cached("home-content", (home.pk,), lambda: home_content(home))
