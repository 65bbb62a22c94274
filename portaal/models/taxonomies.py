"""Site-wide taxonomies: every content page is tagged with them."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portaal.cache import generation_cached

# Articles a Dutch list skips at the start of a name: "de Nederlandse GGZ" under N, "Het
# Rode Kruis" under R (the Taalunie's advice for names of organisations and titles).
LEADING_ARTICLES = {"de", "het", "'t", "\u2019t"}


def dutch_sort_key(name):
    """How a Dutch list orders ``name``: without a leading article, case or accents
    ("Ééntwee" before "Eigen Kracht"). The database cannot say this the same way on SQLite
    and PostgreSQL (collations differ), so lists to choose from sort in Python."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()
    words = plain.split()
    if len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    return (" ".join(words), plain, name)


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
    """A provincie, a gemeente, a versnellingsregio, ... A region inside one provincie names
    it as ``parent``, one level deep: choosing the provincie in a filter also finds the
    pages of the regions inside it (voorbeelden.overzichten.facets.RegioFacet)."""

    class Kind(models.TextChoices):
        PROVINCIE = "provincie", "Provincie"
        VERSNELLINGSREGIO = "versnellingsregio", "Versnellingsregio"
        GEMEENTE = "gemeente", "Gemeente"
        REGIO = "regio", "Regio"
        LANDELIJK = "landelijk", "Landelijk"

    kind = models.CharField("soort", max_length=30, choices=Kind.choices, default=Kind.REGIO)
    parent = models.ForeignKey(
        "self", verbose_name="provincie", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children", limit_choices_to={"kind": Kind.PROVINCIE},
        help_text="De provincie waarin deze gemeente of regio ligt. Wie op de provincie "
        "filtert, vindt ook de pagina's van deze regio.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = "regio"
        verbose_name_plural = "regio's"

    def __str__(self):
        return self.label_of(self.name, self.kind)

    def provincie_name(self):
        """The name of the provincie this region lies in ("" for none): indexed with the
        pages' regions, so searching "gelderland" finds the pages of Harderwijk."""
        return self.parent.name if self.parent_id else ""

    @classmethod
    def label_of(cls, name, kind):
        """The name with its kind, "Groningen (provincie)" beside "Groningen
        (versnellingsregio)": how filters and choice lists tell same-named regions apart."""
        kind_label = cls.Kind(kind).label.lower() if kind in cls.Kind.values else ""
        if not kind_label or kind_label == name.lower():
            return name
        return f"{name} ({kind_label})"

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.kind == self.Kind.PROVINCIE:
            raise ValidationError({"parent": "Een provincie ligt niet in een andere provincie."})
        if self.parent.kind != self.Kind.PROVINCIE:
            raise ValidationError({"parent": "Kies een provincie."})


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

    @property
    def own_place(self):
        """The place to name after the organisation: none when its name says it already
        ('Gemeente Nijmegen (Nijmegen)' repeated it)."""
        if not self.place or self.place.casefold() in self.name.casefold():
            return ""
        return self.place

    @staticmethod
    def in_dutch_order(organisaties):
        """``organisaties`` as a list in Dutch order (``dutch_sort_key``): how every list
        to choose an organisation from is ordered."""
        return sorted(organisaties, key=lambda o: dutch_sort_key(o.name))
