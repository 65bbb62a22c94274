from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Members (leden) and editors share this model; members carry an organisation."""

    email = models.EmailField("e-mailadres", unique=True, null=True, blank=True)
    organisatie = models.ForeignKey(
        "portaal.Organisatie",
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leden",
    )
    email_confirmed = models.BooleanField("e-mailadres bevestigd", default=False)
    # An organisation a member typed at registration that is not in the list yet; an editor
    # approves the account and turns this into an Organisatie (portaal/accounts/).
    organisatie_voorstel = models.CharField(
        "nieuwe organisatie (opgegeven bij registratie)", max_length=200, blank=True
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        # Approving members is its own right: ``change_user`` opens Wagtail's user editor
        # (anyone's password, groups and admin flag), far more than a coordinator needs.
        permissions = [("approve_member", "Mag nieuwe leden goedkeuren")]
