from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class InformatiePagina(Page):
    """A page about the portal itself (Over dit portaal, Contact, Privacyverklaring,
    Toegankelijkheidsverklaring). Editors keep the text; the footer links every live one
    under the home page, in the tree's order (portaal/context_processors.py)."""

    intro = models.TextField("inleiding", blank=True, help_text="Eén of twee zinnen.")
    body = RichTextField(
        "tekst", blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["portaal.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "informatiepagina"
        verbose_name_plural = "informatiepagina's"
