"""The submission form's choices and fields look like the rest of the portal on a phone and a
desktop: theme checkboxes as large as the overviews' filter boxes and level with the first
line of their label, the "Thema's" legend in line with the other labels, the region list
white like the fields around it.
"""

from __future__ import annotations

import pytest

from tests.browser.public_support import ensure_wagtail_root, open_submission_form
from tests.roles import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """
() => {
  const box = el => el.getBoundingClientRect();
  const boxes = [...document.querySelectorAll('.choices input[type=checkbox]')].map(cb => {
    const label = cb.closest('label');
    const line = parseFloat(getComputedStyle(label).lineHeight);
    return {size: Math.min(box(cb).width, box(cb).height),
            offset: Math.abs((box(cb).top + box(cb).height / 2) - (box(label).top + line / 2))};
  });
  const legend = document.querySelector('.form-field legend');
  const title = document.querySelector('label[for=id_title]');
  return {boxes, legendLeft: box(legend).left, labelLeft: box(title).left,
          select: getComputedStyle(document.querySelector('.form-field select')).backgroundColor};
}
"""


@pytest.mark.viewports("phone", "desktop")
def test_submission_form_choices_and_fields(live_server, page, viewport, screenshot):
    from tests.factories import make_site, make_thema

    ensure_wagtail_root()
    make_site()
    for name in ("Maatjes", "Samenwerking ggz en sociaal werk", "Mantelzorg en informele zorg"):
        make_thema(name)
    member = make_user("member")

    open_submission_form(page, live_server.url, member)

    seen = page.evaluate(MEASURE)
    assert len(seen["boxes"]) == 3
    for checkbox in seen["boxes"]:
        assert checkbox["size"] >= 18, seen["boxes"]  # the filters' 1.15rem
        assert checkbox["offset"] <= 2, seen["boxes"]
    assert abs(seen["legendLeft"] - seen["labelLeft"]) < 0.5, seen
    assert seen["select"] == "rgb(255, 255, 255)"
    screenshot(page, f"inzending-form-{viewport}")
