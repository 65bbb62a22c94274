"""Builders shared by the submission tests: members, real file contents. Editors and
moderators come from tests/roles.py (``make_user(role=...)``)."""

import io
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_organisatie, make_site, make_thema

PASSWORD = "Zomer-in-de-wijk-2024"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_member(email="lid@stimenz.nl", organisatie=None, **fields):
    organisatie = organisatie or make_organisatie()
    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, first_name="Fatima",
        last_name="El Amrani", organisatie=organisatie, email_confirmed=True, **fields,
    )
    return user


def form_data(**overrides):
    thema = make_thema("Maatjes")
    data = {
        "title": "Buurtmaatjes in Nijmegen-Oost",
        "organisatie": str(make_organisatie().pk),
        "place": "Nijmegen",
        "themas": [str(thema.pk)],
        "doelgroep": "Bewoners met psychische kwetsbaarheid",
        "doel": "Eenzaamheid verminderen.",
        "aanpak": "Vrijwilligers koppelen aan bewoners.\n\nWekelijks contact.",
        "resultaten": "Veertig koppels in één jaar.",
        "partners": "GGZ Oost, gemeente Nijmegen",
        "contact": "Fatima El Amrani, f.elamrani@stimenz.nl",
        "links": "https://www.stimenz.nl/maatjes",
        "form_token": "6f1c2a9e-8d7b-4c3e-9a1f-0b2c3d4e5f60",
        "indienen": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def setup_portal():
    return make_site()


def login(client, user):
    # The first AUTHENTICATION_BACKENDS entry (portaal.security.ThrottleBackend) returns no
    # users from get_user(), so force_login must name the backend that does.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
