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

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
