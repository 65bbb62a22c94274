"""Editors run the import from the Wagtail admin: upload, report, permission check."""


import re

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from tests.voorbeelden.import_helpers import INPUTS, setup_portal
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db
URL = "/admin/import/swn/"


BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def portal():
    setup_portal()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("redactie", "redactie@example.org", "x")
    client.force_login(user, backend=BACKEND)
    return client


def test_editor_uploads_a_page_and_sees_the_report(admin_client, portal):
    response = admin_client.get("/admin/")
    assert URL in response.content.decode()  # the "Import" menu entry
    upload = SimpleUploadedFile("nieuws.html", (INPUTS / "nieuws-wachttijden.html").read_bytes(),
                                content_type="text/html")
    response = admin_client.post(URL, {"file": upload, "kind": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "nieuws.html" in html and "aangemaakt" in html
    # The report's text block, not the template's source (a tag over two lines was not one).
    assert "{{" not in html and "lines|join" not in html
    assert re.search(r'<pre class="import-report__text">[^<]*nieuws\.html', html)
    page = ContentPage.objects.get(source_file="nieuws.html")
    assert f"/admin/pages/{page.pk}/edit/" in html and not page.live
    upload.seek(0)
    again = admin_client.post(URL, {"file": upload}).content.decode()
    assert "ongewijzigd" in again
    assert ContentPage.objects.filter(source_file="nieuws.html").count() == 1


def test_bad_upload_gives_a_dutch_report_line(admin_client, portal):
    upload = SimpleUploadedFile("export.csv", b"Naam;Organisatie\nJan;Stimenz\n",
                                content_type="text/csv")
    response = admin_client.post(URL, {"file": upload})
    assert response.status_code == 200
    assert "verplichte kolom ontbreekt: titel" in response.content.decode()


def test_without_page_permissions_no_access(client, django_user_model, portal):
    user = django_user_model.objects.create_user("lid", "lid@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user, backend=BACKEND)
    denied = client.get(URL)  # Wagtail turns PermissionDenied into a redirect with a message
    assert denied.status_code == 302 and denied.url == "/admin/"
    assert client.post(URL, {}).status_code == 302
    assert URL not in client.get("/admin/").content.decode()
    user.groups.add(Group.objects.get(name="Editors"))  # Wagtail's default page permissions
    assert client.get(URL).status_code == 200
