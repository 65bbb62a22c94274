from django.core.management import BaseCommand, CommandError, call_command

from voorbeelden.content import FIXTURES_DIR, ContentError, load_content


class Command(BaseCommand):
    help = (
        "Laadt de echte inhoud uit fixtures/ (thema's, organisaties, regio's en pagina's) "
        "en bouwt de zoek- en referentie-index opnieuw op. Twee keer draaien geeft dezelfde "
        "pagina's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(FIXTURES_DIR),
                            help="Map met de fixtures (standaard: fixtures/).")
        parser.add_argument("--skip-index", action="store_true",
                            help="Zoekindex niet opnieuw opbouwen.")

    def handle(self, *args, fixtures, skip_index, **options):
        try:
            report = load_content(fixtures)
        except ContentError as exc:
            raise CommandError(f"Inhoud niet geladen, database ongewijzigd: {exc}") from exc
        self.stdout.write(
            f"Pagina's: {len(report.created)} nieuw, {len(report.updated)} bijgewerkt, "
            f"{len(report.unchanged)} ongewijzigd."
        )
        call_command("rebuild_references_index", stdout=self.stdout, verbosity=0)
        if not skip_index:
            call_command("update_index", stdout=self.stdout, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Inhoud geladen."))
