"""Help in the hard moment: the page, the one-tap reassurance request and its
answer, and the guided trigger log."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from couples.safety import record_check
from couples.services import create_couple, join_couple, pause_couple
from recovery import services
from recovery.models import ReassuranceRequest, Trigger
from tests.factories import make_therapist, make_user, run_concurrently
from tests.pages import page_text

pytestmark = pytest.mark.django_db
URL = reverse("recovery:struggling")
ASK = reverse("recovery:reassurance-request")
ALL_NO = {k: "no" for k in ["afraid", "threats", "hurt", "control", "monitored"]}


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_every_signed_in_page_has_the_link_in_its_header(alice, theo, library):
    for person, page in [(alice, "recovery:pathway"), (theo, "recovery:caseload")]:
        html = page_text(signed_in(person).get(reverse(page)))
        header = html[html.index("<header") : html.index("</header>")]
        assert f'class="struggling-link" href="{URL}"' in header


def test_a_visitor_gets_the_calm_public_page_with_every_country(client, library):
    html = page_text(client.get(URL))
    assert "Breathe with the circle" in html and "five things you can see" in html
    assert "United Kingdom" in html and "Ireland" in html
    assert "reassurance" not in html and "Note what set it off" not in html
    # Public, so the service worker may keep it for offline use.
    assert "no-store" not in client.get(URL).get("Cache-Control", "")


def test_the_breathing_guide_is_css_that_respects_reduced_motion(client, library):
    html = page_text(client.get(URL))
    # Inlined with the page, so the copy kept for offline use carries it.
    css = html[html.index("<style nonce=") : html.index("</style>")]
    assert "@keyframes breath-size" in css
    start = css.index("@media (prefers-reduced-motion: reduce) {\n  /* Nothing moves")
    reduced = css[start : css.index("\n}", start)]
    # Under reduced motion the words and the fill keep the pace; nothing grows.
    assert "breath-in-words" in reduced and "breath-fill" in reduced
    assert "breath-size" not in reduced


def test_a_person_sees_their_own_countrys_lines_first(library):
    person = make_user("ana@example.com", time_zone="Europe/London")
    html = page_text(signed_in(person).get(URL))
    assert "<strong>United Kingdom</strong>" in html
    assert 'href="tel:999"' in html
    other = page_text(signed_in(person).get(URL + "?country=IE"))
    assert "<strong>Ireland</strong>" in other
    unknown = page_text(signed_in(person).get(URL + "?country=ZZ"))
    assert "<strong>United Kingdom</strong>" in unknown


def test_no_partner_no_mention_of_asking(library):
    person = make_user("solo@example.com")
    html = page_text(signed_in(person).get(URL))
    assert "reassurance" not in html.lower()
    assert "Note what set it off" in html


def test_after_a_check_that_found_danger_asking_is_never_offered(
    alice, bob, couple, library
):
    record_check(user=alice, answers=ALL_NO | {"afraid": "yes"})
    client = signed_in(alice)
    html = page_text(client.get(URL))
    assert "Bob" not in html and "reassurance" not in html.lower()
    assert client.post(ASK)["Location"] == URL
    assert not ReassuranceRequest.objects.exists()


def test_one_tap_asks_and_the_partner_answers(alice, bob, couple, library):
    alices = signed_in(alice)
    assert "Ask Bob now" in page_text(alices.get(URL))
    assert alices.post(ASK)["Location"] == URL
    asked = ReassuranceRequest.objects.get(user=alice, couple=couple)
    assert "Their answer will appear here." in page_text(alices.get(URL))

    answer_url = reverse("recovery:reassurance-answer", args=[asked.pk])
    response = signed_in(bob).post(answer_url, {"text": "I'm here. I chose you."})
    assert response["Location"] == reverse("recovery:home")
    assert "I&#x27;m here. I chose you." in page_text(alices.get(URL))
    assert "Ask Bob now" in page_text(alices.get(URL))  # and may ask again later


def test_asking_twice_keeps_one_request(alice, bob, couple):
    client = signed_in(alice)
    client.post(ASK)
    client.post(ASK)
    assert ReassuranceRequest.objects.filter(answered_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_two_taps_at_once_make_one_request():
    alice = make_user("racer@example.com")
    bob = make_user("other@example.com")
    couple = create_couple(user=alice)
    join_couple(couple=couple, user=bob)
    outcomes = run_concurrently(
        lambda: services.request_reassurance(user=alice, couple=couple),
        lambda: services.request_reassurance(user=alice, couple=couple),
    )
    assert all(isinstance(o, ReassuranceRequest) for o in outcomes), outcomes
    assert ReassuranceRequest.objects.count() == 1


def test_a_first_request_goes_through_the_safety_check_and_is_sent(
    bob, couple, library
):
    nia = make_user("nia@example.com", display_name="Nia", safety_checked=False)
    sam = make_user("sam@example.com", display_name="Sam")
    theirs = create_couple(user=sam)
    join_couple(couple=theirs, user=nia)
    client = signed_in(nia)
    interrupted = client.post(ASK)
    assert interrupted["Location"].startswith(reverse("couples:safety-check"))
    assert not ReassuranceRequest.objects.exists()
    check = client.get(interrupted["Location"])
    assert "Mend will ask your partner for reassurance" in page_text(check)
    resume = interrupted["Location"].split("resume=")[1]
    done = client.post(
        reverse("couples:safety-check"), ALL_NO | {"resume": resume, "next": URL}
    )
    assert done["Location"] == URL
    assert ReassuranceRequest.objects.filter(user=nia, couple=theirs).exists()


def test_only_the_partner_may_answer_and_only_while_sharing(alice, bob, couple, carol):
    asked = services.request_reassurance(user=alice, couple=couple)
    answer_url = reverse("recovery:reassurance-answer", args=[asked.pk])
    assert signed_in(carol).post(answer_url, {"text": "x"}).status_code == 404
    assert signed_in(alice).post(answer_url, {"text": "x"}).status_code == 404
    pause_couple(couple=couple, by=alice)
    assert signed_in(bob).post(answer_url, {"text": "x"}).status_code == 404
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_therapists_see_the_calm_page_but_cannot_ask(library):
    therapist = make_therapist("t@example.com", "T")
    client = signed_in(therapist)
    html = page_text(client.get(URL))
    assert "Breathe with the circle" in html and "Note what set it off" not in html
    assert client.post(ASK).status_code == 403


# ---------- The guided trigger log ----------


def test_the_trigger_log_is_in_the_navigation(client, alice):
    client.force_login(alice)
    html = page_text(client.get(reverse("recovery:home")))
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert f'href="{reverse("recovery:triggers")}"' in nav


def test_noting_a_moment_in_four_questions(client, alice, bob, couple):
    client.force_login(alice)
    url = reverse("recovery:trigger-create")
    html = page_text(client.get(url))
    assert html.count("data-step>") == 4 and "Question 4 of 4" in html
    assert "Send this to Bob as a request for reassurance" in html
    response = client.post(
        url,
        {
            "what_happened": "Our song in the shop",
            "intensity": "7",
            "what_helped": "Breathing",
            "occurred_on": datetime.date.today().isoformat(),
        },
    )
    assert response["Location"] == reverse("recovery:triggers")
    trigger = Trigger.objects.get(user=alice)
    assert trigger.intensity == 7 and not trigger.asked_for_reassurance


def test_a_refused_moment_keeps_what_was_written(client, alice):
    client.force_login(alice)
    html = page_text(
        client.post(reverse("recovery:trigger-create"), {"what_happened": "A name"})
    )
    assert "A name" in html and "Choose a number from 1 to 10." in html
    assert not Trigger.objects.exists()


def test_asking_through_a_moment_is_not_offered_after_a_concern(
    client, alice, bob, couple
):
    record_check(user=alice, answers=ALL_NO | {"monitored": "unsure"})
    client.force_login(alice)
    html = page_text(client.get(reverse("recovery:trigger-create")))
    assert "request for reassurance" not in html
