from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portaal.models.taxonomies import Thema

TOP_THEMAS = 5


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
        "portaal.InformatiePagina",
    ]
    max_count = 1

    class Meta:
        verbose_name = "startpagina"
        verbose_name_plural = "startpagina's"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A theme without live pages leads nowhere: it is left out here (/thema/ lists
        # every theme). The fullest ones are offered under the search box.
        themas = [thema for thema in Thema.with_page_counts() if thema.page_count]
        context["themas"] = themas
        context["top_themas"] = sorted(themas, key=lambda t: -t.page_count)[:TOP_THEMAS]
        return context
