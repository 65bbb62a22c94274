import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from voorbeelden.importer.classify import KINDS
from voorbeelden.importer.runner import run_import
from voorbeelden.importer.sources import MAX_BYTES


class Command(BaseCommand):
    help = (
        "Importeert materiaal van Sociaal Werk Nederland (opgeslagen HTML-pagina's, mappen, "
        ".zip, CSV/JSON-exports van inzendingen, tekstbestanden) als conceptpagina's. "
        "Twee keer draaien verandert niets; gewijzigde invoer geeft een nieuwe revisie. "
        "Stopcode 1 als er iets mislukte."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PAD",
                            help="Bestanden, mappen of .zip-bestanden.")
        parser.add_argument("--type", dest="kind", choices=KINDS,
                            help="Paginatype voor alle documenten (anders herkend uit de tekst).")
        parser.add_argument("--publish", action="store_true",
                            help="Publiceer de pagina's meteen (standaard: concept).")
        parser.add_argument("--as-submissions", action="store_true",
                            help="Zet documenten als inzending in de moderatiewachtrij.")
        parser.add_argument("--user", help="Gebruikersnaam die als auteur van revisies en "
                                           "inzendingen geldt (nodig bij --as-submissions).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Laat zien wat er zou gebeuren; sla niets op.")
        parser.add_argument("--mapping", type=Path,
                            help='JSON-bestand met kolomindeling, bijv. {"title": ["Naam"]}.')
        parser.add_argument("--max-size", type=int, default=MAX_BYTES // (1024 * 1024),
                            help="Grootste bestand in MB (standaard 10).")

    def handle(self, *args, paths, kind, publish, as_submissions, user, dry_run, mapping,
               max_size, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Gebruiker {user!r} bestaat niet.")
        elif as_submissions:
            raise CommandError("--as-submissions heeft --user nodig: de inzendingen komen op "
                               "naam van die gebruiker in de wachtrij.")
        columns = None
        if mapping:
            try:
                columns = json.loads(mapping.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Kolomindeling {mapping} kan niet worden gelezen: {exc}") \
                    from exc
            if not isinstance(columns, dict):
                raise CommandError("Kolomindeling moet een JSON-object zijn: veld -> kolommen.")
        report = run_import(
            paths, kind=kind, publish=publish, dry_run=dry_run, as_submissions=as_submissions,
            user=account, mapping=columns, max_bytes=max_size * 1024 * 1024,
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(f"{len(report.failed)} document(en) mislukt; zie het verslag.",
                               returncode=1)
