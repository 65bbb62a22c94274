from voorbeelden.models.artikelen import ArtikelIndexPage, ArtikelPage
from voorbeelden.models.base import ContentPage, Deelnemer, InterventieVermelding
from voorbeelden.models.handreikingen import HandreikingIndexPage, HandreikingPage
from voorbeelden.models.interventies import Erkenningsniveau, InterventieIndexPage, InterventiePage
from voorbeelden.models.labs import LabIndexPage, LabPage
from voorbeelden.models.werkbezoeken import WerkbezoekIndexPage, WerkbezoekPage

__all__ = [
    "ArtikelIndexPage",
    "ArtikelPage",
    "ContentPage",
    "Deelnemer",
    "Erkenningsniveau",
    "HandreikingIndexPage",
    "HandreikingPage",
    "InterventieIndexPage",
    "InterventiePage",
    "InterventieVermelding",
    "LabIndexPage",
    "LabPage",
    "WerkbezoekIndexPage",
    "WerkbezoekPage",
]
