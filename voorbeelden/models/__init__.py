from voorbeelden.models.artikelen import ArtikelIndexPage, ArtikelPage
from voorbeelden.models.base import (
    ContentPage,
    Deelnemer,
    InterventieVermelding,
    live_content,
    public_pages,
)
from voorbeelden.models.handreikingen import HandreikingIndexPage, HandreikingPage
from voorbeelden.models.interventies import Erkenningsniveau, InterventieIndexPage, InterventiePage
from voorbeelden.models.inzendingen import Bericht, Bijlage, Inzending
from voorbeelden.models.labs import LabIndexPage, LabPage
from voorbeelden.models.werkbezoeken import WerkbezoekIndexPage, WerkbezoekPage

__all__ = [
    "ArtikelIndexPage",
    "ArtikelPage",
    "Bericht",
    "Bijlage",
    "ContentPage",
    "Deelnemer",
    "Erkenningsniveau",
    "HandreikingIndexPage",
    "HandreikingPage",
    "InterventieIndexPage",
    "InterventiePage",
    "InterventieVermelding",
    "Inzending",
    "LabIndexPage",
    "LabPage",
    "WerkbezoekIndexPage",
    "WerkbezoekPage",
    "live_content",
    "public_pages",
]
