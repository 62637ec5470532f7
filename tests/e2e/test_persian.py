"""A Persian-speaking couple on phones: right to left, accessible, light."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from core.dates import local_today
from couples.access import membership_of
from recovery.models import Exercise
from tests.accessibility import assert_accessible
from tests.e2e.test_page_weight import BUDGET, first_load
from tests.factories import consent, make_checkin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    reverse("content:landing"),
    reverse("content:library"),
    reverse("content:article", kwargs={"slug": "attachment-styles"}),
    reverse("content:search") + "?q=اعتماد",
    reverse("content:safety"),
    reverse("content:glossary"),
    reverse("content:self-check", kwargs={"slug": "warning-signs"}),
]

SIGNED_IN = [
    reverse("recovery:home"),
    reverse("couples:checkin"),
    reverse("couples:trends"),
    reverse("recovery:pathway"),
    reverse("recovery:step", kwargs={"number": 1}),
    reverse("couples:agreements"),
    reverse("couples:settings"),
]


MORE_SIGNED_IN = [
    reverse("couples:couple"),
    reverse("couples:monthly"),
    reverse("couples:therapists"),
    reverse("recovery:journal"),
    reverse("recovery:triggers"),
    reverse("content:reflections"),
    reverse("recovery:exports"),
    reverse("content:saved"),
    reverse("usersessions_list"),
]


@pytest.fixture
def persian_couple(pathway, alice, bob, couple):
    make_checkin(bob, appreciated="چای صبح")
    return alice


def test_switching_to_persian_turns_the_whole_page_right_to_left(
    browser_page, persian_couple
):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + reverse("content:library"))
    page.get_by_role("button", name="فارسی").click()
    page.wait_for_url("**/library/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.get_by_role("heading", level=1).inner_text() != "Library"
    # The quick exit sits at the reading end of the header: the left, in Persian.
    exit_box = page.get_by_role("link", name="خروج سریع").bounding_box()
    assert exit_box["x"] < 390 / 2
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/library/")
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_persian_pages_pass_axe_for_a_visitor_and_a_partner(
    browser_page, persian_couple
):
    page = browser_page
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fa", "url": page.base}]
    )
    for path in PUBLIC:
        page.goto(page.base + path)
        assert page.locator("html").get_attribute("dir") == "rtl", path
        assert_accessible(page)
    sign_in(page, "alice@example.com")
    for path in SIGNED_IN:
        page.goto(page.base + path)
        assert page.locator("html").get_attribute("dir") == "rtl", path
        assert_accessible(page)


def sign_in(page, email, *, lands_on="**/home/"):
    """Sign in by the form's field names, whatever language its labels are in."""
    page.goto(page.base + reverse("account_login"))
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill("a-long-test-password")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lands_on)


# Elements reaching past the screen's edges, unless inside something that
# scrolls sideways on purpose (wide tables). Whether the page scrolls or clips
# them, a reader would miss what is cut off.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden
    if (box.left >= -1 && box.right <= width + 1) continue;
    let parent = element.parentElement, scrolls = false;
    while (parent && !scrolls) {
      scrolls = ["auto", "scroll"].includes(getComputedStyle(parent).overflowX);
      parent = parent.parentElement;
    }
    if (!scrolls) cut.push(`${element.tagName}.${element.getAttribute("class")}`);
  }
  return cut.slice(0, 5);
}"""


@pytest.mark.parametrize("language", ["fa", "en"])
def test_nothing_is_cut_off_on_a_small_phone(
    browser_page, persian_couple, bob, theo, language
):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}]
    )

    def assert_fits(paths):
        for path in paths:
            response = page.goto(page.base + path)
            assert response.status == 200, path
            assert page.evaluate(CUT_OFF) == [], f"{language} {path}"

    assert_fits(PUBLIC)
    sign_in(page, "alice@example.com")
    exercise = Exercise.objects.filter(kind="reflection").first()
    assert_fits([*SIGNED_IN, *MORE_SIGNED_IN, exercise.get_absolute_url()])
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}]
    )
    # Both partners consent (a couple's therapist sees neither without both),
    # with weeks of check-ins: the client page shows charts and a table.
    for partner in (persian_couple, bob):
        consent(partner, theo, share_checkins=True, share_responses=True)
    today = local_today(persian_couple)
    for days_ago in range(1, 60, 3):
        make_checkin(persian_couple, day=today - datetime.timedelta(days=days_ago))
    sign_in(page, "theo@example.com", lands_on="**/caseload/")
    assert_fits(
        [
            reverse("recovery:caseload"),
            reverse(
                "recovery:caseload-client", kwargs={"client_id": persian_couple.pk}
            ),
            reverse(
                "recovery:caseload-couple",
                kwargs={"couple_id": membership_of(persian_couple).couple_id},
            ),
        ]
    )


def test_persian_pages_stay_within_the_weight_budget(browser, live_server, library):
    for path in PUBLIC:
        _, weight, origins = first_load(browser, live_server, path, language="fa")
        assert len(origins) == 1, origins
        assert weight <= BUDGET, f"{path} weighs {weight / 1024:.1f} KB"


LIST_STYLES = """() => Array.from(document.querySelectorAll("main ol")).map(
  list => [list.className, getComputedStyle(list).listStyleType]
)"""


def test_persian_lists_count_in_persian_unless_a_list_sets_its_own_style(
    browser_page, persian_couple
):
    page = browser_page
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fa", "url": page.base}]
    )
    styles = []
    for path in [
        reverse("content:landing"),
        reverse("content:article", kwargs={"slug": "attachment-styles"}),
        reverse("content:search") + "?q=اعتماد",
    ]:
        page.goto(page.base + path)
        styles += page.evaluate(LIST_STYLES)
    sign_in(page, "alice@example.com")
    page.goto(page.base + reverse("recovery:pathway"))
    styles += page.evaluate(LIST_STYLES)

    by_class = dict(styles)
    # Lists drawn without markers keep none: no stray Persian "1." beside a badge.
    for name in ("steps stack prose", "step-list", "result-list"):
        assert by_class[name] == "none", styles
    # A plain numbered list (the article's contents) counts in Persian.
    assert by_class[""] == "persian", styles
