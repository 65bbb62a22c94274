"""The site speaks to visitors and members in one voice: "u", never "je" or "jij".

(A lab report's own heading "Wat kun je ermee?" is the source's text, not ours.)
"""

import re

import pytest

from tests.factories import make_site
from tests.roles import make_user

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("role, url", [
    ("anonymous", "/"),
    ("anonymous", "/deze-pagina-bestaat-niet/"),
    ("anonymous", "/zoeken/?q=maatje"),
    ("member", "/inzenden/"),
    ("member", "/mijn-inzendingen/"),
    ("member", "/"),
])
def test_visitors_and_members_are_addressed_with_u(client, role, url):
    make_site()
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code in (200, 404)
    found = INFORMAL.findall(visible_text(response.content.decode()))
    assert found == [], f"{url} as {role}: {found}"


def test_the_header_says_who_is_logged_in(client):
    make_site()
    member = make_user("member", first_name="Fatima", last_name="El Amrani")
    assert "Ingelogd als" not in client.get("/").content.decode()
    client.force_login(member)
    assert "Ingelogd als Fatima El Amrani" in client.get("/").content.decode()
