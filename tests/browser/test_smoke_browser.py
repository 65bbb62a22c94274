"""Proof that the browser tooling works: Chromium starts, axe-core runs (and can fail),
the overflow check can fail, and screenshots are written.

Served by a plain ``http.server`` on 127.0.0.1, not by Django, so it depends on nothing but
the browser fixtures.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.browser

HEAD = """<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body {{ font-family: sans-serif; margin: 0; padding: 1rem; }}</style>"""

GOOD = f"""<!doctype html>
<html lang="nl"><head>{HEAD.format(title="Kennisportaal rooktest")}</head>
<body>
  <header><a href="#inhoud">Naar de inhoud</a></header>
  <main id="inhoud">
    <h1>Kennisportaal sociaal werk &amp; ggz</h1>
    <p>Praktijkvoorbeelden, interventies en handreikingen.</p>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Leeg plaatje" width="1" height="1">
  </main>
</body></html>"""

# An image without alt text: axe-core's "image-alt" rule (impact "critical").
BAD = f"""<!doctype html>
<html lang="nl"><head>{HEAD.format(title="Slechte pagina")}</head>
<body><main><h1>Slecht</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1">
</main></body></html>"""

# An element wider than a phone screen.
WIDE = f"""<!doctype html>
<html lang="nl"><head>{HEAD.format(title="Te breed")}</head>
<body><main><h1>Te breed</h1>
  <div class="te-breed" style="width: 900px; height: 20px; background: #036;"></div>
</main></body></html>"""

PAGES = {
    "/": (GOOD, {}),
    "/bad": (BAD, {}),
    # A strict Content-Security-Policy must not stop the axe injection.
    "/bad-csp": (BAD, {"Content-Security-Policy": "default-src 'none'; img-src data:"}),
    "/wide": (WIDE, {}),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server API
        body, headers = PAGES.get(self.path, ("<!doctype html><title>404</title>", {}))
        data = body.encode("utf-8")
        self.send_response(200 if self.path in PAGES else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def static_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.viewports("phone", "desktop")
def test_good_page_title_axe_overflow_screenshot(
    page, viewport, static_site, axe, assert_no_horizontal_overflow, screenshot
):
    page.goto(static_site + "/")
    assert page.title() == "Kennisportaal rooktest"
    assert page.locator("h1").inner_text() == "Kennisportaal sociaal werk & ggz"
    assert page.evaluate("() => window.innerWidth") == (390 if viewport == "phone" else 1366)

    assert axe(page) == []
    assert_no_horizontal_overflow(page)

    path = screenshot(page, f"smoke-good-{viewport}")
    assert path.is_file()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_axe_reports_image_without_alt(page, static_site, axe, assert_accessible):
    page.goto(static_site + "/bad")
    violations = axe(page)
    ids = {v["id"] for v in violations}
    assert "image-alt" in ids, violations
    assert all(v["impact"] in ("serious", "critical") for v in violations)

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_axe_runs_under_strict_csp(page, static_site, axe):
    page.goto(static_site + "/bad-csp")
    assert "image-alt" in {v["id"] for v in axe(page)}


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_overflow_check_detects_too_wide_page(
    page, static_site, assert_no_horizontal_overflow, screenshot
):
    page.goto(static_site + "/wide")
    with pytest.raises(AssertionError, match="te-breed"):
        assert_no_horizontal_overflow(page)
    screenshot(page, "smoke-wide-phone")
