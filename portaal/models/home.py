from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portaal.models.taxonomies import Thema


class HomePage(Page):
    """The site root. Its newest pages of each type come from voorbeelden'
    ``home_tags``: the ground floor knows no content pages."""

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themas"] = Thema.with_page_counts()
        return context
