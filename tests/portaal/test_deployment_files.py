"""docker-compose.yml and the Dockerfile agree with what the app needs at run time.

No Docker engine runs on the development and CI machines, so the images are never built
here (README, Deployment). These checks catch what reading them would: a directory the app
writes to that the app user cannot write, an upload folder outside a volume, a service the
app points at that is not there."""

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
APP = COMPOSE["services"]["app"]


def dockerfile_env():
    env = {}
    for line in re.findall(r"^ENV (.+?)(?<!\\)$", DOCKERFILE, re.M | re.S):
        for name, value in re.findall(r"(\w+)=(\S+)", line.replace("\\\n", " ")):
            env[name] = value
    return env


@pytest.fixture(scope="module")
def written_paths():
    """Where the production settings write, with the image's environment, in the image.

    A fixture, not a parametrize list: a Django process started while pytest collects slows
    every run that only selects other tests, and its failure breaks collection of them all."""
    env = {**os.environ, **dockerfile_env(), **{k: str(v) for k, v in APP["environment"].items()
                                                 if "${" not in str(v)},
           "SECRET_KEY": "deployment-test-" + "z" * 50, "ALLOWED_HOSTS": "localhost",
           "DATABASE_URL": "sqlite:////tmp/unused.sqlite3", "REDIS_URL": ""}
    for name in ("OPENSEARCH_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    code = ("import django; django.setup()\n"
            "from django.conf import settings as s\n"
            "from pathlib import Path\n"
            "for p in (s.MEDIA_ROOT, s.PRIVATE_MEDIA_ROOT, s.STATIC_ROOT,\n"
            "          Path(s.PAGE_CACHE_GENERATION_FILE).parent): print(p)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                         text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    # The code is copied to /app (WORKDIR); paths under the repository are paths under it.
    return [line.replace(str(REPO_ROOT), "/app") for line in out.stdout.split()]


def test_every_directory_the_app_writes_is_made_and_owned_by_its_user(written_paths):
    user = re.search(r"^USER (\w+)", DOCKERFILE, re.M).group(1)
    chown = re.search(rf"chown -R {user} ([^\n]+)", DOCKERFILE).group(1).split()
    assert len(written_paths) == 4, written_paths
    assert [p for p in written_paths if p not in chown] == [], chown
    assert DOCKERFILE.index(f"chown -R {user}") < DOCKERFILE.index(f"USER {user}")


def test_uploads_live_on_volumes():
    mounted = {volume.split(":")[1] for volume in APP["volumes"]}
    env = dockerfile_env() | APP["environment"]
    assert {env["MEDIA_ROOT"], env["PRIVATE_MEDIA_ROOT"]} <= mounted
    for volume in APP["volumes"]:
        assert volume.split(":")[0] in COMPOSE["volumes"]


def test_the_app_points_at_the_services_that_are_there():
    env = APP["environment"]
    database = urlsplit(env["DATABASE_URL"].replace("${POSTGRES_PASSWORD}", "x"))
    db = COMPOSE["services"][database.hostname]["environment"]
    assert (database.username, database.path.strip("/")) == (db["POSTGRES_USER"],
                                                             db["POSTGRES_DB"])
    assert urlsplit(env["ELASTICSEARCH_URL"]).hostname in COMPOSE["services"]
    assert "elasticsearch" in COMPOSE["services"]["search"]["image"]
    assert urlsplit(env["REDIS_URL"]).hostname in COMPOSE["services"]
    # Started only when the database and the engine answer; probed on /health/.
    assert APP["depends_on"]["db"]["condition"] == "service_healthy"
    assert APP["depends_on"]["search"]["condition"] == "service_healthy"
    assert "/health/" in " ".join(APP["healthcheck"]["test"])


def test_only_the_proxy_in_front_can_reach_the_app():
    assert all(port.startswith("127.0.0.1:") for port in APP["ports"])
    assert re.search(r'^CMD \["scripts/serve"\]', DOCKERFILE, re.M)
    assert "collectstatic" in DOCKERFILE  # static files are built into the image
