"""What the open-data API (``/api/v2/``) exposes of each page type.

Kept out of the model modules so they stay readable; the models import these lists.
Taxonomies are given as ``{"slug", "name"}`` objects so data users can join on the slug.
"""

from wagtail.api import APIField

from rest_framework import serializers


class TaxonomySerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class OrganisatieSerializer(TaxonomySerializer):
    place = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)


class TaxonomyListField(serializers.Field):
    """A (parental) many-to-many as a list of objects; read-only."""

    def __init__(self, item_serializer=TaxonomySerializer, **kwargs):
        self.item_serializer = item_serializer
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        items = getattr(value, self.field_name).all()
        return self.item_serializer(items, many=True).data


class OrganisatieField(serializers.Field):
    """A foreign key to an Organisatie as ``{"slug", "name", ...}`` or null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        org = getattr(value, self.field_name)
        return OrganisatieSerializer(org).data if org is not None else None


CONTENT_API_FIELDS = [
    APIField("intro"),
    APIField("date"),
    APIField("themas", serializer=TaxonomyListField()),
    APIField("organisaties", serializer=TaxonomyListField(OrganisatieSerializer)),
    APIField("regios", serializer=TaxonomyListField()),
    APIField("source"),
    APIField("source_url"),
    # date: the source document's; edited_at: the redactie's last change, or null (Wagtail's
    # last_published_at is also every loader run on deploy)
    APIField("edited_at"),
]

INTERVENTIE_API_FIELDS = CONTENT_API_FIELDS + [
    APIField(name) for name in (
        "doel", "doelgroep", "doelgroep_intermediair", "aanpak", "werkzame_elementen", "place",
        "onderbouwing", "resultaten", "erkenningsniveau", "databank_url", "kosten",
        "materialen", "contact", "links",
    )
]
LAB_API_FIELDS = CONTENT_API_FIELDS + [
    APIField("vorm"), APIField("locatie"), APIField("organisator", serializer=OrganisatieField()),
    APIField("body"), APIField("pitches"), APIField("ervaringen"), APIField("inzichten"),
    APIField("casus"), APIField("casus_inbrenger"), APIField("casus_reacties"),
]
HANDREIKING_API_FIELDS = CONTENT_API_FIELDS + [
    APIField("publisher", serializer=OrganisatieField()), APIField("year"),
    APIField("authors"), APIField("summary"), APIField("chapters"), APIField("references"),
]
WERKBEZOEK_API_FIELDS = CONTENT_API_FIELDS + [
    APIField("gastorganisatie", serializer=OrganisatieField()), APIField("place"),
    APIField("author"), APIField("programma"), APIField("casus"), APIField("body"),
]
ARTIKEL_API_FIELDS = CONTENT_API_FIELDS + [
    APIField("soort"), APIField("author"), APIField("publication"), APIField("body"),
]
