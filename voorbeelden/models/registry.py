"""The page types in one place: each short type name with its page model and the index it
lives under, and each index with its slug, title and intro as the site tree gets them.

The short name ("interventie", "lab", ...) is what URLs, facets, the API, the search index
and the importer call a type; ``kind_of`` derives it from a model or page.
"""

from voorbeelden.models.artikelen import ArtikelIndexPage, ArtikelPage
from voorbeelden.models.base import kind_of  # noqa: F401 (the short name, with the registry)
from voorbeelden.models.handreikingen import HandreikingIndexPage, HandreikingPage
from voorbeelden.models.interventies import InterventieIndexPage, InterventiePage
from voorbeelden.models.labs import LabIndexPage, LabPage
from voorbeelden.models.werkbezoeken import WerkbezoekIndexPage, WerkbezoekPage

INDEXES = [
    # (model, slug, title, intro)
    (InterventieIndexPage, "interventies", "Interventies en praktijkvoorbeelden",
     "Werkwijzen en projecten waarin sociaal werk en ggz samen optrekken in de wijk."),
    (LabIndexPage, "labs", "Verdiwel Labs",
     "Verslagen van Verdiwel Labs: bestuurders en professionals wisselen ervaringen uit."),
    (WerkbezoekIndexPage, "werkbezoeken", "Werkbezoeken",
     "Verslagen van werkbezoeken bij sociaalwerkorganisaties."),
    (ArtikelIndexPage, "artikelen", "Artikelen en nieuws",
     "Achtergrondartikelen en nieuws over sociaal werk en ggz."),
    (HandreikingIndexPage, "handreikingen", "Handreikingen",
     "Praktische handreikingen voor professionals, vrijwilligers en gemeenten."),
]

PAGE_TYPES = {
    "interventie": (InterventiePage, InterventieIndexPage),
    "lab": (LabPage, LabIndexPage),
    "werkbezoek": (WerkbezoekPage, WerkbezoekIndexPage),
    "artikel": (ArtikelPage, ArtikelIndexPage),
    "handreiking": (HandreikingPage, HandreikingIndexPage),
}

