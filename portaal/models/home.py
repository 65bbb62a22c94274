from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site root. Its sections (themes, the newest pages of each type) come from
    voorbeelden' ``home_tags``: the ground floor knows no content pages."""

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
