import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = (
        "Zorgt voor een beheerdersaccount voor lokaal gebruik en drukt de inloggegevens af. "
        "Zonder --password krijgt het account bij elke aanroep een nieuw willekeurig wachtwoord."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@kennisportaal.local")
        parser.add_argument("--password", default="", help="Vast wachtwoord (anders willekeurig).")

    def handle(self, *args, username, email, password, **options):
        password = password or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.email_confirmed = True
        user.set_password(password)
        user.save()
        verb = "aangemaakt" if created else "bijgewerkt"
        self.stdout.write(f"Beheerdersaccount {verb}: gebruikersnaam {username!r}, "
                          f"wachtwoord {password!r}")
