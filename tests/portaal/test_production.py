"""Production hardening: settings pass check --deploy, headers and CSP are sent, the admin
path is configurable and still works under its policy, logins are throttled."""

import json
import os
import subprocess
import sys

import pytest

from portaal.security import THROTTLED_MESSAGE
from tests.conftest import REPO_ROOT
from tests.factories import make_page, make_site

SECRET = "production-test-" + "x7Q" * 20


def run_production(code, **extra_env):
    """Run Python under portaal.settings.production in a fresh process; return its stdout."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portaal.settings.production",
           "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "portaal.example,testserver", **extra_env}
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests in this process; production
    # never has it (check --deploy rightly refuses it).
    for name in ("OPENSEARCH_URL", "ELASTICSEARCH_URL", "REDIS_URL", "DEBUG",
                 "DJANGO_ALLOW_ASYNC_UNSAFE"):
        if name not in extra_env:
            env.pop(name, None)
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code],
                         cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    return out.stdout


def production_without_collectstatic(tmp_path):
    """Production settings, but static files from the source folders (no manifest), so the
    test does not depend on a collectstatic run."""
    (tmp_path / "prod_nostatic.py").write_text(
        "from portaal.settings.production import *  # noqa\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND':"
        " 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    return {"DJANGO_SETTINGS_MODULE": "prod_nostatic",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO_ROOT)])}


def test_check_deploy_is_clean_under_production_settings():
    stdout = run_production(
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
    )
    assert "no issues" in stdout


def test_production_refuses_to_start_without_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portaal.settings.production",
           "ALLOWED_HOSTS": "portaal.example"}
    env.pop("SECRET_KEY", None)
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                         cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


def test_production_headers_https_redirect_and_dutch_error_page(tmp_path):
    """Over https: HSTS and friends. Over http: redirect. A broken database: the Dutch
    500 page without any debug information."""
    stdout = run_production(
        "import json\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "ok = c.get('/health/', secure=True, HTTP_HOST='portaal.example')\n"
        "plain = c.get('/thema/', HTTP_HOST='portaal.example')\n"
        "probe = c.get('/health/', HTTP_HOST='portaal.example')\n"
        "broken = c.get('/interventies/', secure=True, HTTP_HOST='portaal.example')\n"
        "print(json.dumps({'headers': dict(ok.headers), 'plain': plain.status_code,\n"
        "  'location': plain.get('Location'), 'broken': broken.status_code,\n"
        "  'probe': probe.status_code,\n"
        "  'body': broken.content.decode()}))\n",
        # An empty SQLite file: no tables, so every page fails like a lost database.
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        **production_without_collectstatic(tmp_path),
    )
    result = json.loads(stdout.strip().splitlines()[-1])
    headers = result["headers"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert result["plain"] == 301
    assert result["location"] == "https://portaal.example/thema/"
    assert result["probe"] == 200  # health checks may probe over plain http
    assert result["broken"] == 500
    assert "Er ging iets mis" in result["body"]
    assert "Traceback" not in result["body"] and "OperationalError" not in result["body"]


def test_production_cookies_are_secure_and_uploads_limited():
    stdout = run_production(
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,\n"
        "      s.DEBUG, s.PAGE_CACHE_ENABLED, s.DATA_UPLOAD_MAX_MEMORY_SIZE,\n"
        "      s.WAGTAILIMAGES_MAX_UPLOAD_SIZE, s.WAGTAILDOCS_MAX_UPLOAD_SIZE)\n"
    )
    assert stdout.split() == ["True", "True", "True", "False", "True", str(10 * 1024 * 1024),
                              str(10 * 1024 * 1024), str(25 * 1024 * 1024)]


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/interventies/", "/thema/", "detail"])
def test_public_pages_have_strict_csp_and_security_headers(client, url):
    make_site()
    page = make_page("interventie", "Maatjesproject")
    response = client.get(page.url if url == "detail" else url)
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/django-admin/", "/django-admin/portaal/user/"])
def test_where_the_django_admin_was_is_a_plain_not_found_page(client, url):
    """Nothing lives under /django-admin/ any more: its 404 gets the public pages' strict
    policy, not the admin's inline and eval'ed script."""
    make_site()
    response = client.get(url)
    assert response.status_code == 404
    assert csp_directives(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_public_pages_have_no_inline_scripts_the_policy_would_block(client):
    """The strict policy only helps if the pages do not rely on what it forbids."""
    make_site()
    page = make_page("interventie", "Maatjesproject")
    for url in ("/", "/interventies/", page.url, "/thema/"):
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or "application/ld+json" in tag or "application/json" in tag, (
                url, tag)
        assert " onclick=" not in html and " onload=" not in html


@pytest.mark.django_db
def test_admin_works_under_its_own_policy(client, django_user_model):
    make_site()
    page = make_page("interventie", "Maatjesproject")
    django_user_model.objects.create_superuser("redacteur", "r@example.org", "Sterk-wachtwoord-1")
    response = client.post("/admin/login/", {"username": "redacteur",
                                             "password": "Sterk-wachtwoord-1"})
    assert response.status_code == 302
    editor = client.get(f"/admin/pages/{page.pk}/edit/")
    assert editor.status_code == 200
    assert b"Maatjesproject" in editor.content
    csp = csp_directives(editor)
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail's own inline scripts
    assert csp["frame-ancestors"] == ["'self'"]  # the live preview frames admin URLs


def test_admin_path_is_configurable():
    code = (
        "import django, os; os.environ['WAGTAIL_ADMIN_PATH'] = 'beheer-7k2/'; django.setup()\n"
        "from django.urls import resolve, reverse\n"
        "from portaal.cache import request_is_cacheable\n"
        "from django.test import RequestFactory\n"
        "print(reverse('wagtailadmin_home'), reverse('wagtailadmin_login'))\n"
        "print(resolve('/admin/').url_name)\n"
        "print(request_is_cacheable(RequestFactory().get('/beheer-7k2/login/')))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portaal.settings.test"}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.split("\n")
    assert lines[0] == "/beheer-7k2/ /beheer-7k2/login/"
    assert lines[1] == "wagtail_serve"  # /admin/ is now just a (missing) page
    assert lines[2] == "False"  # and the admin is never page-cached


@pytest.mark.django_db
@pytest.mark.parametrize("login_url", ["/admin/login/", "/account/inloggen/"])
def test_login_throttling_kicks_in(client, django_user_model, settings, login_url):
    settings.LOGIN_THROTTLE_MAX_PER_USER = 3
    django_user_model.objects.create_superuser("redacteur", "r@example.org", "Sterk-wachtwoord-1")
    for _ in range(3):
        response = client.post(login_url, {"username": "redacteur", "password": "fout"})
        assert response.status_code == 200
    # The right password no longer helps: refused with a clear Dutch message.
    response = client.post(login_url, {"username": "redacteur",
                                       "password": "Sterk-wachtwoord-1"})
    assert response.status_code == 200
    assert THROTTLED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Another client (IP address) is not affected.
    response = client.post(login_url, {"username": "redacteur",
                                       "password": "Sterk-wachtwoord-1"},
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
