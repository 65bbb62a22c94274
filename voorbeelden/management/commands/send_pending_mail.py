from django.core.management.base import BaseCommand

from voorbeelden.inzendingen import mail
from voorbeelden.models import Bericht


class Command(BaseCommand):
    help = "Verstuur opgeslagen e-mail over inzendingen die nog niet verzonden is."

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=10,
                            help="Sla berichten over die al zo vaak mislukten.")

    def handle(self, *args, max_attempts, **options):
        sent = mail.send_pending(max_attempts=max_attempts)
        left = Bericht.objects.filter(sent_at=None).count()
        self.stdout.write(f"{sent} verzonden, {left} nog niet verzonden.")
        if left:
            self.stderr.write("Niet alles is verzonden; zie de fout per bericht in de beheer.")
