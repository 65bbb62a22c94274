"""Lighthouse (npm ``lighthouse``, pinned in package.json) against Debian's Chromium, on
the real content: the home page, a thema overview, an intervention and the handreiking.

Accessibility, best practices and SEO are asserted; performance is written to
screenshots/lighthouse.txt with the rest, not asserted: the live test server on a busy
two-core machine says little about a deployment's speed (bench/ measures that).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.browser.conftest import CHROMIUM_PATH, REPO_ROOT, SCREENSHOT_DIR
from tests.browser.public_support import load_real_content, one_page_per_type
from tests.conftest import skip_or_fail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHTHOUSE = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
MINIMUM = {"accessibility": 1.0, "best-practices": 0.95, "seo": 0.9}
CATEGORIES = [*MINIMUM, "performance"]


def lighthouse(url, output):
    """One Lighthouse run (desktop settings) of ``url``; its category scores and the
    audits that failed, by category."""
    run = subprocess.run(
        [str(LIGHTHOUSE), url, "--preset=desktop", "--quiet", "--output=json",
         f"--output-path={output}", f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM_PATH},
        capture_output=True, text=True,
    )
    assert run.returncode == 0, f"lighthouse {url}: {run.stderr[-2000:]}"
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    failed = {
        name: [ref["id"] for ref in report["categories"][name]["auditRefs"]
               if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1]
        for name in MINIMUM
    }
    return scores, failed


def test_lighthouse_scores_of_the_main_pages(live_server, tmp_path):
    if not LIGHTHOUSE.is_file():
        skip_or_fail(f"lighthouse missing at {LIGHTHOUSE} (run `npm ci` in the repo root)")
    load_real_content()
    pages = one_page_per_type()
    urls = {"home": "/", "thema": "/thema/kwartiermaken/",
            "interventie": pages["interventie"], "handreiking": pages["handreiking"]}
    problems, lines = [], []
    for name, url in urls.items():
        scores, failed = lighthouse(live_server.url + url, tmp_path / f"{name}.json")
        lines.append(f"{name:12} {url}: " + ", ".join(
            f"{category} {score:.2f}" for category, score in scores.items()))
        for category, minimum in MINIMUM.items():
            if scores[category] < minimum:
                problems.append(f"{name} {url}: {category} {scores[category]:.2f} < {minimum}"
                                f" (failed audits: {', '.join(failed[category])})")
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    (SCREENSHOT_DIR / "lighthouse.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems == [], "\n".join(problems)
