"""The check-in says what the partner will see, and may keep even its existence
private; a therapist sees scores kept from the partner only if the person chose so."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from couples.models import CheckIn, Consent
from tests.factories import consent, make_checkin
from tests.pages import page_text
from tests.test_metadata import masked

pytestmark = pytest.mark.django_db
URL = reverse("couples:checkin")
SCORES = {"mood": "2", "closeness": "3", "safety": "2"}


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def partner_pages(client) -> dict:
    urls = [URL, reverse("recovery:home"), reverse("couples:trends")]
    return {url: masked(page_text(client.get(url))) for url in urls}


def test_each_choice_says_what_the_partner_will_see(client, alice, bob, couple):
    client.force_login(alice)
    html = page_text(client.get(URL))
    assert "Bob sees these three numbers after checking in today too." in html
    assert "Bob sees these words after checking in today too." in html
    assert "Let Bob see that I checked in today" in html
    assert "not even that there is one" in html
    assert 'aria-describedby="id_share_scores_sees"' in html


def test_a_check_in_kept_entirely_private_leaves_no_trace_for_the_partner(
    alice, bob, couple
):
    bobs = signed_in(bob)
    before = partner_pages(bobs)
    assert "Alice hasn't shared a check-in yet today." in before[URL]
    alices = signed_in(alice)
    # Ticked parts give way: the fact alone would tell.
    alices.post(URL, SCORES | {"share_scores": "on", "appreciated": "x"})
    checkin = CheckIn.objects.get(user=alice)
    assert not (checkin.share_checked_in or checkin.share_scores)
    assert "doesn't see that you checked in today" in page_text(alices.get(URL))
    assert partner_pages(bobs) == before
    make_checkin(bob)  # even once Bob has checked in himself
    assert "They kept today's check-in private." not in page_text(bobs.get(URL))


def test_the_fact_alone_can_be_shared(alice, bob, couple):
    signed_in(alice).post(URL, SCORES | {"share_checked_in": "on"})
    bobs = signed_in(bob)
    assert "Alice has checked in today." in page_text(bobs.get(URL))
    make_checkin(bob)
    assert "They kept today's check-in private." in page_text(bobs.get(URL))


def test_nobody_alone_is_asked_about_a_partner(client, alice):
    client.force_login(alice)
    html = page_text(client.get(URL))
    assert "see that I checked in" not in html and "sees these" not in html


# ---------- Therapists: scores kept from the partner ----------


@pytest.fixture
def hidden_low_days(alice, bob, couple, theo, pathway):
    """Three very low days Alice kept from Bob, and a therapist both consented to."""
    today = timezone.localdate()
    for n in range(3):
        make_checkin(
            alice,
            day=today - datetime.timedelta(days=n),
            safety=1,
            share_scores=False,
        )
    consent(bob, theo)
    return consent(alice, theo, share_checkins=True)


def test_the_consent_screen_offers_the_choice_plainly(client, alice, theo):
    client.force_login(alice)
    code = theo.therapist_profile.connection_code
    html = page_text(client.get(reverse("couples:therapist-connect", args=[code])))
    assert "Include the scores I keep from my partner" in html
    assert "including days you kept from your partner" in html
    client.post(
        reverse("couples:therapist-connect", args=[code]), {"share_checkins": "on"}
    )
    given = Consent.objects.get(client=alice)
    assert given.share_checkins and not given.include_private_scores


def test_the_therapist_sees_hidden_scores_only_when_included(
    client, alice, theo, hidden_low_days
):
    client.force_login(theo)
    detail = reverse("recovery:caseload-client", args=[alice.pk])
    assert "Alice checked in on 3 days." in page_text(client.get(detail))
    assert "Low safety several days running" in page_text(
        client.get(reverse("recovery:caseload"))
    )

    hidden_low_days.include_private_scores = False
    hidden_low_days.save(update_fields=["include_private_scores"])
    assert "Alice checked in on 3 days." not in page_text(client.get(detail))
    assert "Low safety several days running" not in page_text(
        client.get(reverse("recovery:caseload"))
    )


def test_a_private_check_in_changes_nothing_the_therapist_sees_without_the_choice(
    client, alice, bob, couple, theo, pathway
):
    consent(bob, theo)
    consent(alice, theo, share_checkins=True, include_private_scores=False)
    client.force_login(theo)
    urls = [
        reverse("recovery:caseload"),
        reverse("recovery:caseload-client", args=[alice.pk]),
    ]
    for url in urls:
        client.get(url)
    before = {url: masked(page_text(client.get(url))) for url in urls}
    signed_in(alice).post(URL, SCORES | {"share_checked_in": "on"})
    signed_in(alice).post(URL, SCORES)  # and then kept entirely private
    after = {url: masked(page_text(client.get(url))) for url in urls}
    assert after == before
