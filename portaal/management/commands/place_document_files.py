from django.core.management import BaseCommand
from django.db import transaction

from wagtail.documents import get_document_model

from portaal.storage import place_document_file


class Command(BaseCommand):
    help = (
        "Zet de bestanden van documenten in een afgeschermde collectie buiten MEDIA_ROOT "
        "(in PRIVATE_MEDIA_ROOT) en die van openbare documenten terug. Veilig om vaker te "
        "draaien: documenten die al goed staan, blijven staan. scripts/serve draait het na "
        "migrate."
    )

    def handle(self, *args, **options):
        Document = get_document_model()
        moved = 0
        for document in Document.objects.select_related("collection").iterator():
            # One document per transaction: a failure leaves the others moved.
            with transaction.atomic():
                moved += place_document_file(document)
        self.stdout.write(f"{moved} documentbestand(en) verplaatst.")
