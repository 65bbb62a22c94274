"""Login, form and password-reset throttles behind the reverse proxy production requires.

Attack: thirty wrong passwords through the proxy locked every member and editor out (the
throttles counted the proxy's address), a client-written X-Forwarded-For would have
bypassed them, and the counters lived in the cache that the page cache fills.
"""

import os
import re
import subprocess
import sys

from django.core import mail
from django.test import Client, RequestFactory

import pytest

from tests.conftest import REPO_ROOT
from tests.roles import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
LOGIN_URLS = {"member": "/account/inloggen/", "editor": "/admin/login/"}
ADDRESS_THROTTLED = "Te veel mislukte inlogpogingen"
ACCOUNT_THROTTLED = "Met dit account is te vaak geprobeerd in te loggen"
RESET_THROTTLED = "te vaak een nieuw wachtwoord aangevraagd"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    return settings


def via_proxy(address, spoofed=None):
    """What the proxy passes on: it appends the address it saw to what the client sent."""
    chain = f"{spoofed}, {address}" if spoofed else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def log_in(client, url, username, password, **meta):
    return client.post(url, {"username": username, "password": password}, **meta)


def without_csrf_token(body):
    """Two answers compared: the CSRF tokens (64 letters and digits) differ per request."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", body)


def assert_logged_in(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "_auth_user_id" in client.session


def assert_refused(client, response, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


# --------------------------------------------------------------------------- proxy


@pytest.mark.parametrize("role", ["member", "editor"])
def test_thirty_wrong_passwords_from_one_client_do_not_lock_out_another(behind_proxy, role):
    url = LOGIN_URLS[role]
    user = make_user(role)
    attacker = Client()
    for n in range(30):
        response = log_in(attacker, url, f"gok{n}@example.org", "fout",
                          **via_proxy("203.0.113.5"))
        assert response.status_code == 200
    # The attacker's own address is stopped, even with a right password.
    assert_refused(attacker, log_in(attacker, url, user.username, PASSWORD,
                                    **via_proxy("203.0.113.5")), ADDRESS_THROTTLED)
    # Everyone else behind the same proxy logs in.
    colleague = Client()
    assert_logged_in(colleague, log_in(colleague, url, user.username, PASSWORD,
                                       **via_proxy("198.51.100.7")))


def test_spoofed_leftmost_forwarded_for_does_not_bypass_the_limit(behind_proxy):
    user = make_user("member")
    url = LOGIN_URLS["member"]
    attacker = Client()
    for n in range(30):
        # A fresh made-up address in front each time, a trusted one among them too.
        spoofed = PROXY if n == 7 else f"192.0.2.{n}"
        log_in(attacker, url, f"gok{n}@example.org", "fout",
               **via_proxy("203.0.113.5", spoofed=spoofed))
    for spoofed in ("192.0.2.200", "10.0.0.2, 10.0.0.3", "unknown", "", "::1"):
        assert_refused(attacker, log_in(attacker, url, user.username, PASSWORD,
                                        **via_proxy("203.0.113.5", spoofed=spoofed)),
                       ADDRESS_THROTTLED)
    colleague = Client()
    assert_logged_in(colleague, log_in(colleague, url, user.username, PASSWORD,
                                       **via_proxy("198.51.100.7")))


def test_without_trusted_proxies_forwarded_for_is_ignored():
    user = make_user("member")
    url = LOGIN_URLS["member"]
    attacker = Client()
    for n in range(30):
        log_in(attacker, url, f"gok{n}@example.org", "fout", REMOTE_ADDR="203.0.113.5",
               HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert_refused(attacker, log_in(attacker, url, user.username, PASSWORD,
                                    REMOTE_ADDR="203.0.113.5",
                                    HTTP_X_FORWARDED_FOR="198.51.100.7"), ADDRESS_THROTTLED)
    colleague = Client()
    assert_logged_in(colleague, log_in(colleague, url, user.username, PASSWORD,
                                       REMOTE_ADDR="198.51.100.7"))


def _address(meta, trusted=("10.0.0.0/24",)):
    from portaal.client_address import client_address

    request = RequestFactory().get("/", **meta)
    from django.test import override_settings

    with override_settings(TRUSTED_PROXIES=list(trusted)):
        return client_address(request)


@pytest.mark.parametrize(("meta", "expected"), [
    # No proxy in between: the header is the client's own words.
    ({"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}, "203.0.113.5"),
    # Two trusted hops; everything left of the client is ignored.
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.5, 10.0.0.9"},
     "203.0.113.5"),
    # Ports, IPv6, IPv4 written as IPv6.
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5:51234"}, "203.0.113.5"),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, "2001:db8::1"),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "::ffff:203.0.113.5"}, "203.0.113.5"),
    # Malformed: never the client's choice, never a crash; the nearest hop we can vouch for.
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5, zomaar"}, PROXY),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ""}, PROXY),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ",,,"}, PROXY),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "\x00\xff, 1.2.3.4.5"}, PROXY),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "10.0.0.5, " * 5000 + "10.0.0.6"},
     "10.0.0.5"),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.1.1.1, " * 5000 + "203.0.113.5"},
     "203.0.113.5"),
    ({"REMOTE_ADDR": "geen adres"}, "onbekend"),
])
def test_client_address(meta, expected):
    assert _address(meta) == expected


def test_a_typo_in_trusted_proxies_is_refused_at_start():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _address({"REMOTE_ADDR": PROXY}, trusted=("10.0.0.0/33",))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portaal.settings.production",
           "SECRET_KEY": "production-test-" + "x7Q" * 20, "ALLOWED_HOSTS": "portaal.example"}
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.TRUSTED_PROXIES)"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                         text=True, timeout=60, env={**env, "TRUSTED_PROXIES": "10.0.0.0/8, ::1"})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "['10.0.0.0/8', '::1']"
    for bad in ({"TRUSTED_PROXIES": "10.0.0.300"},
                {"LOGIN_THROTTLE_IP_HEADER": "HTTP_X_FORWARDED_FOR"}):
        run = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                             text=True, timeout=60, env={**env, **bad})
        assert run.returncode != 0
        assert "TRUSTED_PROXIES" in run.stderr


# --------------------------------------------------------------------------- per account


def _let_the_window_pass():
    from django.utils import timezone

    from portaal.models import ThrottleCounter

    ThrottleCounter.objects.update(expires_at=timezone.now())


def test_per_account_lockout_apart_from_per_address(behind_proxy):
    owner, other = make_user("member"), make_user("member")
    url = LOGIN_URLS["member"]
    # One address hammering one account stops itself, not the owner.
    attacker = Client()
    for _ in range(30):
        log_in(attacker, url, owner.username, "fout", **via_proxy("203.0.113.5"))
    assert_refused(attacker, log_in(attacker, url, owner.username, PASSWORD,
                                    **via_proxy("203.0.113.5")), ADDRESS_THROTTLED)
    home = Client()
    assert_logged_in(home, log_in(home, url, owner.username, PASSWORD,
                                  **via_proxy("198.51.100.7")))
    _let_the_window_pass()

    # Spread over many addresses, the guesses at one account lock that account only.
    for n in range(20):
        log_in(Client(), url, owner.username.upper(), "fout",
               **via_proxy(f"203.0.113.{100 + n}"))
    owner_client = Client()
    assert_refused(owner_client, log_in(owner_client, url, owner.username, PASSWORD,
                                        **via_proxy("198.51.100.7")), ACCOUNT_THROTTLED)
    colleague = Client()
    assert_logged_in(colleague, log_in(colleague, url, other.username, PASSWORD,
                                       **via_proxy("198.51.100.7")))
    # And only for the window: afterwards the owner is back in.
    _let_the_window_pass()
    assert_logged_in(owner_client, log_in(owner_client, url, owner.username, PASSWORD,
                                          **via_proxy("198.51.100.7")))


def test_unknown_and_known_accounts_are_throttled_alike(behind_proxy):
    member = make_user("member")
    url = LOGIN_URLS["member"]
    bodies = []
    for name in (member.username, "bestaat-niet@example.org"):
        for n in range(20):
            log_in(Client(), url, name, "fout", **via_proxy(f"203.0.113.{n}"))
        client = Client()
        response = log_in(client, url, name, "fout", **via_proxy("198.51.100.7"))
        assert_refused(client, response, ACCOUNT_THROTTLED)
        bodies.append(without_csrf_token(response.content.decode()).replace(name, "NAAM"))
    assert bodies[0] == bodies[1]


# --------------------------------------------------------------------------- storage


def _fill_page_cache(count=400):
    visitor = Client()
    for n in range(count):
        assert visitor.get(f"/robots.txt?v={n}").status_code == 200


def _register(client, n, **meta):
    from tests.factories import make_organisatie

    return client.post("/account/aanmelden/", {
        "first_name": "Fatima", "last_name": "El Amrani", "email": f"lid{n}@voorbeeld.nl",
        "organisatie": str(make_organisatie("Stimenz").pk), "nieuwe_organisatie": "",
        "password1": PASSWORD, "password2": PASSWORD,
    }, **meta)


def test_form_limits_count_per_client_behind_the_proxy(behind_proxy):
    # Registration goes through the same limiter as submissions and resends.
    client = Client()
    for n in range(5):
        assert _register(client, n, **via_proxy("203.0.113.5")).status_code == 200
    assert _register(client, 5, **via_proxy("203.0.113.5", spoofed="192.0.2.9")).status_code == 429
    assert _register(Client(), 6, **via_proxy("198.51.100.7")).status_code == 200


def test_page_cache_filling_the_cache_does_not_reset_the_counters(settings):
    settings.PAGE_CACHE_ENABLED = True
    member = make_user("member")
    url = LOGIN_URLS["member"]
    client = Client()
    for n in range(5):
        assert _register(client, n, REMOTE_ADDR="203.0.113.5").status_code == 200
    for _ in range(5):
        log_in(client, url, member.username, "fout", REMOTE_ADDR="203.0.113.5")
    _fill_page_cache()
    assert _register(client, 5, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert_refused(client, log_in(client, url, member.username, PASSWORD,
                                  REMOTE_ADDR="203.0.113.5"), ADDRESS_THROTTLED)


def test_counters_hold_when_redis_is_down(settings):
    from portaal.settings.caches import cache_settings

    # Production's cache configuration, pointed at a port where nothing listens.
    settings.CACHES = cache_settings({"REDIS_URL": "redis://127.0.0.1:9/0"}, REPO_ROOT)
    member = make_user("member")
    url = LOGIN_URLS["member"]
    client = Client()
    for _ in range(5):
        log_in(client, url, member.username, "fout", REMOTE_ADDR="203.0.113.5")
    assert_refused(client, log_in(client, url, member.username, PASSWORD,
                                  REMOTE_ADDR="203.0.113.5"), ADDRESS_THROTTLED)


# --------------------------------------------------------------------------- password reset


@pytest.mark.parametrize(("role", "url"), [("member", "/account/wachtwoord/"),
                                           ("editor", "/admin/password_reset/")])
def test_password_reset_is_limited_per_account_without_revealing_it(role, url):
    user = make_user(role)
    answers = []
    for email in (user.email, "bestaat-niet@example.org"):
        for n in range(3):
            response = Client().post(url, {"email": email.upper()},
                                     REMOTE_ADDR=f"203.0.113.{n}")
            assert response.status_code == 302
        response = Client().post(url, {"email": email}, REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 429
        body = response.content.decode()
        assert RESET_THROTTLED in body
        answers.append(without_csrf_token(body).replace(email, "ADRES"))
    assert len(mail.outbox) == 3  # the three for the real account, no more
    assert answers[0] == answers[1]


@pytest.mark.parametrize("url", ["/account/wachtwoord/", "/admin/password_reset/"])
def test_password_reset_is_limited_per_address(behind_proxy, url):
    for n in range(5):
        response = Client().post(url, {"email": f"iemand{n}@example.org"},
                                 **via_proxy("203.0.113.5"))
        assert response.status_code == 302
    response = Client().post(url, {"email": "nog-iemand@example.org"},
                             **via_proxy("203.0.113.5"))
    assert response.status_code == 429
    assert RESET_THROTTLED in response.content.decode()
    # Someone else behind the same proxy still gets a link.
    member = make_user("member")
    response = Client().post(url, {"email": member.email}, **via_proxy("198.51.100.7"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
