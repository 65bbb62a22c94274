from portaal.models.home import HomePage
from portaal.models.taxonomies import Organisatie, Regio, Thema
from portaal.models.throttle import ThrottleCounter
from portaal.models.users import User

__all__ = ["HomePage", "Organisatie", "Regio", "Thema", "ThrottleCounter", "User"]
