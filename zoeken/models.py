"""What editors maintain for search (synonyms) and what visitors searched for."""

from django.db import models


class Synoniem(models.Model):
    """One group of words that mean the same to a visitor, e.g. "ggz, geestelijke gezondheidszorg".

    Theme synonyms (``Thema.synonyms``) are added to these; both reach the engine's
    search analyzer on save (zoeken/signals.py), without a rebuild.
    """

    terms = models.CharField(
        "woorden", max_length=500,
        help_text="Woorden of woordgroepen met dezelfde betekenis, gescheiden door komma's. "
                  "Bijvoorbeeld: maatje, buddy, vrijwilliger",
    )
    note = models.CharField("toelichting", max_length=200, blank=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = "synoniem"
        verbose_name_plural = "synoniemen"

    def __str__(self):
        return self.terms

    def term_list(self):
        return [t.strip() for t in self.terms.replace("\n", ",").split(",") if t.strip()]


class Zoekvraag(models.Model):
    """How often a query was asked and how often it found nothing.

    Wagtail's search promotions count hits per query too (its "Zoektermen" report);
    this adds the zero-result count editors need to spot gaps in the content.
    """

    query_string = models.CharField("zoekvraag", max_length=255, unique=True)
    searches = models.PositiveIntegerField("aantal keer gezocht", default=0)
    zero_results = models.PositiveIntegerField("aantal keer zonder resultaat", default=0)
    last_result_count = models.PositiveIntegerField("resultaten bij laatste zoekactie", default=0)
    last_searched_at = models.DateTimeField("laatst gezocht", auto_now=True)

    class Meta:
        ordering = ["-searches"]
        verbose_name = "zoekvraag"
        verbose_name_plural = "zoekvragen"

    def __str__(self):
        return self.query_string


class Zoektekst(models.Model):
    """A page's searchable text as Dutch search terms, for the database backend.

    Written by zoeken.database's index whenever Wagtail indexes a page (publish, save,
    ``update_index``); the terms come from zoeken.terms (folded, without stop words,
    compounds split, stemmed). Per database a full-text index is kept over it by the
    migration: an FTS5 table on SQLite, a weighted ``tsvector`` column on PostgreSQL.
    """

    page = models.OneToOneField("wagtailcore.Page", primary_key=True, on_delete=models.CASCADE,
                                related_name="+")
    title = models.TextField(default="")
    summary = models.TextField(default="")  # the boosted fields: intro, summary
    body = models.TextField(default="")

    class Meta:
        verbose_name = "zoektekst"
        verbose_name_plural = "zoekteksten"

    def __str__(self):
        return self.title
