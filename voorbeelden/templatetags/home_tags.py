"""The home page's sections: the newest pages of each type.

The HomePage model lives on the ground floor (portaal), which knows no content pages; its
template asks for the sections here.
"""

from django import template

from portaal.cache import generation_cached
from voorbeelden.models import live_content

register = template.Library()

LATEST_PER_TYPE = 3


def latest_per_type(home):
    """For each type index under the home page: the index and its newest items."""
    sections = []
    for index in home.get_children().live().specific():
        model = getattr(index, "listing_model", None)
        if model is None:
            continue
        items = list(live_content(model).child_of(index)[:LATEST_PER_TYPE])
        sections.append({"index": index, "items": items})
    return sections


@register.simple_tag
def home_sections(home):
    # Per cache generation: a publish anywhere bumps it (five listings, 25 queries).
    return generation_cached("home-sections", (home.pk,), lambda: latest_per_type(home))

