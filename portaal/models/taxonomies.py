"""Site-wide taxonomies: every content page is tagged with them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portaal.cache import generation_cached


class Taxonomy(index.Indexed, models.Model):
    name = models.CharField("naam", max_length=200)
    slug = models.SlugField(
        "slug", max_length=200, unique=True, allow_unicode=False, blank=True,
        help_text="Deel van het webadres. Leeg laten: gemaakt uit de naam.",
    )
    description = models.TextField("omschrijving", blank=True)
    sort_order = models.IntegerField("volgorde", default=0)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def clean(self):
        # Before the form's uniqueness check, so a name already taken gets a message on the
        # slug field instead of an error page.
        if not self.slug:
            self.slug = slugify(self.name)[:200]
            if not self.slug:
                raise ValidationError({"slug": "Uit deze naam valt geen slug te maken: vul er "
                                               "zelf een in (letters, cijfers en streepjes)."})


class Thema(Taxonomy):
    synonyms = models.TextField(
        "synoniemen",
        blank=True,
        help_text="Eén per regel: woorden die bezoekers voor dit thema gebruiken. "
        "Ze helpen bij het zoeken en bij het automatisch toekennen van thema's bij import.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("sort_order"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = "thema"
        verbose_name_plural = "thema's"

    def get_absolute_url(self):
        return reverse("thema_detail", kwargs={"slug": self.slug})

    @classmethod
    def with_page_counts(cls):
        """All themes with ``page_count`` (live pages), for the home page and /thema/.

        Kept per cache generation: the count query scans every page link, and the counts
        change only when a page or theme does (which bumps the generation).
        """
        def compute():
            return list(cls.objects.annotate(
                page_count=models.Count("pages", filter=models.Q(pages__live=True), distinct=True)
            ))

        return generation_cached("thema-page-counts", (), compute)

    @property
    def synonym_list(self):
        return [s.strip() for s in self.synonyms.splitlines() if s.strip()]


class Regio(Taxonomy):
    class Kind(models.TextChoices):
        PROVINCIE = "provincie", "Provincie"
        VERSNELLINGSREGIO = "versnellingsregio", "Versnellingsregio"
        GEMEENTE = "gemeente", "Gemeente"
        REGIO = "regio", "Regio"

    kind = models.CharField("soort", max_length=30, choices=Kind.choices, default=Kind.REGIO)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = "regio"
        verbose_name_plural = "regio's"


class Organisatie(Taxonomy):
    class Kind(models.TextChoices):
        SOCIAAL_WERK = "sociaal-werk", "Sociaal werk / welzijn"
        GGZ = "ggz", "Ggz-instelling"
        KENNISINSTITUUT = "kennisinstituut", "Kennisinstituut"
        GEMEENTE = "gemeente", "Gemeente"
        VRIJWILLIGERS = "vrijwilligers", "Vrijwilligersorganisatie"
        CLIENTENORGANISATIE = "clientenorganisatie", "Cliënten- of familieorganisatie"
        BRANCHE = "branche", "Brancheorganisatie"
        OVERHEID = "overheid", "Overheid"
        OVERIG = "overig", "Overig"

    place = models.CharField("plaats", max_length=200, blank=True)
    website = models.URLField("website", blank=True)
    kind = models.CharField("soort", max_length=30, choices=Kind.choices, default=Kind.OVERIG)
    regio = models.ForeignKey(
        Regio, verbose_name="regio", null=True, blank=True, on_delete=models.SET_NULL
    )

    search_fields = Taxonomy.search_fields + [index.SearchField("place")]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("place"),
        FieldPanel("regio"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]
