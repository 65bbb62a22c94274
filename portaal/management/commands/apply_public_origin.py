"""Give the default Wagtail Site the public origin (settings.PUBLIC_ORIGIN).

Absolute links made outside a request (sitemap, API, CSV, mails) come from the Site record;
the record from the fixture or an old install says ``localhost``. Run on every deploy, after
migrate: it changes nothing when the record is already right.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_origin(origin):
    """(hostname, port) of ``scheme://host[:port]``; CommandError for anything else."""
    parts = urlsplit(origin)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port == -1 \
            or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise CommandError(
            f"PUBLIC_ORIGIN {origin!r} is geen adres als https://kennisportaal.example "
            "(schema http of https, een hostnaam, eventueel een poort, geen pad)."
        )
    if parts.scheme == "https" and port not in (None, 443):
        # Wagtail's Site writes any port other than 443 as http://host:port.
        raise CommandError(
            f"PUBLIC_ORIGIN {origin!r}: https kan alleen op poort 443 (Wagtail's Site "
            "schrijft een andere poort als http)."
        )
    return parts.hostname, port or DEFAULT_PORTS[parts.scheme]


class Command(BaseCommand):
    help = "Zet hostnaam en poort van de standaard-Site op PUBLIC_ORIGIN (idempotent)."

    def handle(self, *args, **options):
        origin = settings.PUBLIC_ORIGIN
        if not origin:
            self.stdout.write("PUBLIC_ORIGIN is niet gezet: de Site blijft zoals hij is.")
            return
        hostname, port = parse_origin(origin)
        with transaction.atomic():
            site = Site.objects.select_for_update().filter(is_default_site=True).first()
            if site is None:
                raise CommandError("Er is geen standaard-Site (draai eerst migrate).")
            if (site.hostname, site.port) == (hostname, port):
                self.stdout.write(f"Site staat al op {site.root_url}.")
                return
            old = site.root_url
            site.hostname, site.port = hostname, port
            site.save()
        self.stdout.write(f"Site gewijzigd: {old} -> {site.root_url}.")
