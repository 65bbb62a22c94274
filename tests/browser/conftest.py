"""Browser-test fixtures: Debian's Chromium driven by Playwright's sync API, plus axe-core.

Fixtures
    browser     session-scoped Chromium (/usr/bin/chromium, or $CHROMIUM_PATH), headless
    viewport    "desktop" (1366x900) unless parametrized; see ``viewports`` marker below
    context     a fresh browser context per test with that viewport
    page        a fresh page in that context
    axe         ``axe(page)`` -> list of serious/critical axe-core violations
    assert_accessible              ``assert_accessible(page)`` fails listing the violations
    assert_no_horizontal_overflow  ``assert_no_horizontal_overflow(page)``
    screenshot  ``screenshot(page, name)`` -> Path of tests/browser/screenshots/<name>.png

Viewports: ``@pytest.mark.viewports("phone", "desktop")`` runs a test once per viewport (or
``@pytest.mark.parametrize("viewport", ["phone"], indirect=True)``).

Django pages: request pytest-django's ``live_server`` fixture and ``page.goto(live_server.url
+ "/")``. ``live_server`` makes the test transactional (works with SQLite in-memory too); note
that the flush after a transactional test also removes rows made by data migrations (Wagtail's
root page and default Site), so such tests create what they need or use
``django_db_serialized_rollback``.

Missing Chromium, Playwright or axe-core: skipped with a reason on a dev machine, FAILED in CI
(``CI=true``). A failing test leaves ``screenshots/FAILED-<test>.png``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import skip_or_fail  # skip on a dev machine, fail in CI

# Playwright's sync API keeps an asyncio loop running in this thread; Django would then refuse
# ORM calls made by the test itself (SynchronousOnlyOperation). Tests are synchronous: allow it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {
        "viewport": {"width": 1366, "height": 900},
        "is_mobile": False,
        "has_touch": False,
        "device_scale_factor": 1,
    },
}
DEFAULT_VIEWPORT = "desktop"
AXE_IMPACTS = ("serious", "critical")
DEFAULT_TIMEOUT_MS = 10_000


# --------------------------------------------------------------------------- plain helpers


def run_axe(
    page,
    *,
    impacts: tuple[str, ...] | None = AXE_IMPACTS,
    context: Any = None,
    options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run axe-core on the page; return its violations whose impact is in ``impacts``.

    ``impacts=None`` returns every violation. ``context``/``options`` go to ``axe.run``
    (e.g. ``options={"runOnly": ["wcag2a", "wcag2aa"]}``). Injected with ``page.evaluate``,
    which a Content-Security-Policy does not block.
    """
    if not AXE_PATH.is_file():
        skip_or_fail(f"axe-core missing at {AXE_PATH} (run `npm ci` in the repo root)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8") + "\n;void 0;")
    results = page.evaluate(
        "async ([context, options]) => await window.axe.run(context || document, options || {})",
        [context, options],
    )
    violations = results["violations"]
    if impacts is not None:
        violations = [v for v in violations if v.get("impact") in impacts]
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v.get('impact')}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:5]:
            lines.append(
                f"    {', '.join(map(str, node.get('target', [])))}: {node.get('html', '')[:160]}"
            )
        if len(v.get("nodes", [])) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def check_accessible(page, **kwargs: Any) -> None:
    violations = run_axe(page, **kwargs)
    assert not violations, (
        f"axe-core found {len(violations)} serious/critical violation(s) on {page.url}:\n"
        + format_violations(violations)
    )


_OVERFLOW_JS = """
() => {
  const doc = document.documentElement;
  // With mobile emulation (is_mobile=True, as on a real phone) Chromium widens the layout
  // viewport to fit overflowing content, so window.innerWidth grows with it; clientWidth stays
  // the screen width. Compare against both.
  const width = Math.min(window.innerWidth, doc.clientWidth);
  const offenders = [];
  if (doc.scrollWidth > width) {
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        let sel = el.tagName.toLowerCase();
        if (el.id) sel += '#' + el.id;
        if (typeof el.className === 'string' && el.className.trim())
          sel += '.' + el.className.trim().split(/\\s+/).join('.');
        offenders.push(sel + ' (right=' + Math.round(r.right) + ')');
        if (offenders.length >= 8) break;
      }
    }
  }
  return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth,
          clientWidth: doc.clientWidth, width, offenders};
}
"""


def check_no_horizontal_overflow(page) -> None:
    """Assert ``document.documentElement.scrollWidth <= window.innerWidth`` (and <= the
    documentElement's clientWidth, which is what catches overflow under mobile emulation)."""
    info = page.evaluate(_OVERFLOW_JS)
    assert info["scrollWidth"] <= info["width"], (
        f"horizontal overflow on {page.url}: scrollWidth {info['scrollWidth']} > "
        f"viewport width {info['width']} (innerWidth {info['innerWidth']}, clientWidth "
        f"{info['clientWidth']}); elements sticking out: "
        + (", ".join(info["offenders"]) or "(none found)")
    )


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"


def take_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG to tests/browser/screenshots/<name>.png (gitignored) and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --------------------------------------------------------------------------- pytest hooks


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"viewports(*names): run a browser test once per viewport name ({', '.join(VIEWPORTS)})",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("viewports")
    if marker is None or "viewport" not in metafunc.fixturenames:
        return
    names = list(marker.args) or list(VIEWPORTS)
    unknown = [n for n in names if n not in VIEWPORTS]
    if unknown:
        raise pytest.UsageError(f"unknown viewport(s) {unknown}; known: {list(VIEWPORTS)}")
    metafunc.parametrize("viewport", names, indirect=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"_rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - dev dependency
        skip_or_fail(f"Python package playwright not importable ({exc}); run `uv sync`")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright) -> Iterator[Any]:
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        skip_or_fail(f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium)")
    try:
        browser = _playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as exc:
        skip_or_fail(f"Chromium at {CHROMIUM_PATH} did not start: {exc}")
    yield browser
    browser.close()


@pytest.fixture
def viewport(request: pytest.FixtureRequest) -> str:
    """Viewport name; parametrize indirectly or use @pytest.mark.viewports(...)."""
    name = getattr(request, "param", DEFAULT_VIEWPORT)
    if name not in VIEWPORTS:
        raise pytest.UsageError(f"unknown viewport {name!r}; known: {list(VIEWPORTS)}")
    return name


@pytest.fixture
def context(browser, viewport: str) -> Iterator[Any]:
    ctx = browser.new_context(**VIEWPORTS[viewport], locale="nl-NL", timezone_id="Europe/Amsterdam")
    ctx.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, request: pytest.FixtureRequest) -> Iterator[Any]:
    pg = context.new_page()
    yield pg
    rep = getattr(request.node, "_rep_call", None)
    if rep is not None and rep.failed and not pg.is_closed():
        try:
            path = take_screenshot(pg, f"FAILED-{request.node.nodeid}")
            print(f"screenshot of the failed page: {path}")
        except Exception:  # the page may be in a state where no screenshot can be taken
            pass
    pg.close()


@pytest.fixture
def axe() -> Callable[..., list[dict[str, Any]]]:
    """``axe(page, impacts=("serious", "critical"), context=None, options=None)``."""
    return run_axe


@pytest.fixture
def assert_accessible() -> Callable[..., None]:
    return check_accessible


@pytest.fixture
def assert_no_horizontal_overflow() -> Callable[[Any], None]:
    return check_no_horizontal_overflow


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    return take_screenshot


# What the data migrations made (Wagtail's root page, site, locale, root collection, the
# Editors and Moderators groups with their permissions, the moderation workflow; the seeded
# synonyms). A transactional test's flush removes these rows while later browser tests need
# them; Django's serialized_rollback cannot put them back here (the flush recreates content
# types and permissions, which then collide). So they are kept once, with natural keys for
# content types and permissions, and restored before each browser test that finds them gone.
MIGRATION_ROW_MODELS = (
    "wagtailcore.Locale", "wagtailcore.Collection", "wagtailcore.Page", "wagtailcore.Site",
    "auth.Group", "wagtailcore.GroupCollectionPermission", "wagtailcore.GroupPagePermission",
    "wagtailcore.Task", "wagtailcore.GroupApprovalTask", "wagtailcore.Workflow",
    "wagtailcore.WorkflowTask", "wagtailcore.WorkflowPage", "zoeken.Synoniem",
)


@pytest.fixture(scope="session")
def migration_rows(django_db_setup, django_db_blocker) -> str:
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        objects = [
            obj for label in MIGRATION_ROW_MODELS
            for obj in apps.get_model(label).objects.order_by("pk")
        ]
        return serializers.serialize("json", objects, use_natural_foreign_keys=True)


@pytest.fixture(autouse=True)
def _migration_rows_present(request: pytest.FixtureRequest, migration_rows: str) -> None:
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if not transactional and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.core import serializers

    from wagtail.models import Page

    if Page.objects.exists():
        return
    for obj in serializers.deserialize("json", migration_rows, handle_forward_references=True):
        obj.save()
