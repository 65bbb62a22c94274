
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portaal.models.taxonomies import Thema

LATEST_PER_TYPE = 3


class HomePage(Page):
    intro = RichTextField("inleiding", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "voorbeelden.InterventieIndexPage",
        "voorbeelden.LabIndexPage",
        "voorbeelden.WerkbezoekIndexPage",
        "voorbeelden.ArtikelIndexPage",
        "voorbeelden.HandreikingIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "startpagina"
        verbose_name_plural = "startpagina's"

    def latest_per_type(self):
        """For each type index under the home page: the index and its newest items."""
        from voorbeelden.overzichten.listing import live_content

        sections = []
        for index in self.get_children().live().specific():
            model = getattr(index, "listing_model", None)
            if model is None:
                continue
            items = list(live_content(model).child_of(index)[:LATEST_PER_TYPE])
            sections.append({"index": index, "items": items})
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from portaal.cache import generation_cached

        # Per cache generation: a publish anywhere bumps it (five listings, 25 queries).
        context["sections"] = generation_cached("home-sections", (self.pk,), self.latest_per_type)
        context["themas"] = Thema.with_page_counts()
        return context
