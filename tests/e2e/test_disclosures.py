"""Every disclosure shows that it opens ("Start from a suggestion" once did not)."""

import pytest

from tests.e2e.test_checkin_on_a_phone import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKERS = """els => els.map(summary => {
  const before = getComputedStyle(summary, "::before");
  const after = getComputedStyle(summary, "::after");
  const drawn = style => style.content !== "none" && style.content !== "normal";
  return [summary.textContent.trim(), drawn(before) || drawn(after), before.transform];
})"""


def test_start_from_a_suggestion_has_a_marker_that_turns(browser_page, alice, couple):
    page = browser_page
    sign_in(page, "alice@example.com")
    page.goto(page.base + "/agreements/new/")

    summary = page.locator("details.starting-points > summary")
    ((text, drawn, closed),) = summary.evaluate_all(MARKERS)
    assert text == "Start from a suggestion" and drawn
    summary.click()
    page.wait_for_timeout(400)  # the turn is animated
    ((_text, _drawn, opened),) = summary.evaluate_all(MARKERS)
    assert opened != closed  # the chevron turns to point down

    for path in ["/checkin/trends/", "/safety/", "/library/self-check/warning-signs/"]:
        page.goto(page.base + path)
        markers = page.locator("summary").evaluate_all(MARKERS)
        assert all(drawn for _text, drawn, _t in markers), (path, markers)
