from portaal.models.home import HomePage
from portaal.models.informatie import InformatiePagina
from portaal.models.taxonomies import Organisatie, Regio, Thema
from portaal.models.throttle import ThrottleCounter
from portaal.models.users import User

__all__ = [
    "HomePage", "InformatiePagina", "Organisatie", "Regio", "Thema", "ThrottleCounter", "User",
]
