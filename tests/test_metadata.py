"""No metadata leaks: a partner's or therapist's pages look the same, byte for byte
(after masking per-request tokens), whether the other person has written nothing
private or a great deal."""

import datetime
import re

import pytest
from django.urls import reverse

from recovery import services
from recovery.models import Exercise, Trigger
from tests.factories import consent

pytestmark = pytest.mark.django_db


def masked(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    # the signed author token for autosave carries a timestamp
    return re.sub(r'name="author" value="[^"]+"', "", html)


def write_privately(person, count):
    exercises = list(Exercise.objects.all())
    for n in range(count):
        exercise = exercises[n % len(exercises)]
        if n % 2:
            services.save_response(user=person, exercise=exercise, body=f"private {n}")
        else:
            services.save_draft(user=person, exercise=exercise, text=f"draft {n}")
        Trigger.objects.create(
            user=person,
            occurred_on=datetime.date.today(),
            what_happened=f"t{n}",
            intensity=5,
        )


def pages_for(client, viewer, urls):
    client.force_login(viewer)
    for url in urls:
        client.get(url)  # settle first-request bookkeeping
    return {url: masked(client.get(url).content.decode()) for url in urls}


def test_the_partners_pages_do_not_change_with_my_private_entries(
    client, alice, bob, couple, pathway
):
    urls = [
        reverse("recovery:home"),
        reverse("recovery:pathway"),
        reverse("recovery:step", args=[1]),
        reverse("recovery:journal"),
        reverse("recovery:triggers"),
        reverse("recovery:trigger-create"),
        reverse("recovery:struggling"),
        reverse("couples:checkin"),
        reverse("couples:trends"),
        reverse("couples:agreements"),
        *[
            reverse("recovery:exercise", args=[e.pk])
            for e in Exercise.objects.all()[:6]
        ],
    ]
    before = pages_for(client, bob, urls)
    write_privately(alice, 10)
    after = pages_for(client, bob, urls)
    for url in urls:
        assert before[url] == after[url], url


def test_a_therapists_pages_do_not_change_with_private_entries(
    client, alice, bob, couple, theo, pathway
):
    consent(alice, theo, share_progress=True, share_checkins=True, share_responses=True)
    consent(bob, theo)
    urls = [
        reverse("recovery:caseload"),
        reverse("recovery:caseload-client", args=[alice.pk]),
    ]
    before = pages_for(client, theo, urls)
    write_privately(alice, 10)
    after = pages_for(client, theo, urls)
    for url in urls:
        # The access log rows differ per visit, not per entry: compare the pages.
        assert before[url] == after[url], url


def test_a_hard_moment_noted_privately_changes_nothing_the_partner_sees(
    client, alice, bob, couple, pathway
):
    urls = [
        reverse("recovery:home"),
        reverse("recovery:triggers"),
        reverse("recovery:struggling"),
        reverse("couples:checkin"),
    ]
    before = pages_for(client, bob, urls)
    client.force_login(alice)
    assert client.get(reverse("recovery:struggling")).status_code == 200
    response = client.post(
        reverse("recovery:trigger-create"),
        {
            "what_happened": "The name, on a screen",
            "intensity": "8",
            "occurred_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    after = pages_for(client, bob, urls)
    for url in urls:
        assert before[url] == after[url], url


def test_first_run_answers_change_nothing_anyone_else_sees(
    client, alice, bob, couple, theo, pathway
):
    consent(alice, theo, share_progress=True, share_checkins=True)
    consent(bob, theo)
    partner_urls = [reverse("recovery:home"), reverse("couples:couple")]
    therapist_urls = [
        reverse("recovery:caseload"),
        reverse("recovery:caseload-client", args=[alice.pk]),
    ]
    before = pages_for(client, bob, partner_urls) | pages_for(
        client, theo, therapist_urls
    )
    client.force_login(alice)
    answers = {"role": "strayed", "together": "alone", "sees_therapist": "no"}
    assert client.post(reverse("couples:intake"), answers).status_code == 302
    assert client.post(reverse("couples:intake-skip")).status_code == 302
    after = pages_for(client, bob, partner_urls) | pages_for(
        client, theo, therapist_urls
    )
    for url in before:
        assert before[url] == after[url], url
