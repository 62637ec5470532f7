"""No metadata leaks: a partner's or therapist's pages look the same, byte for byte
(after masking per-request tokens), whether the other person has written nothing
private or a great deal."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from couples import agreements
from couples.access import events_visible_to
from couples.notify import mark_anniversaries
from couples.services import end_couple, pause_couple, resume_couple
from couples.therapy import revoke_consent
from recovery import services
from recovery.models import Exercise, Step, Trigger
from tests.factories import consent, exercise
from tests.pages import page_text

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


# ---------- What's new: nothing private makes news; withdrawn things leave it ----------


def test_private_entries_make_no_news(client, alice, bob, couple, theo, pathway):
    from couples.models import Event

    consent(alice, theo, share_progress=False, share_responses=True)
    consent(bob, theo)
    partner_urls = [reverse("couples:news"), reverse("couples:timeline")]
    bob_before = pages_for(client, bob, partner_urls)
    theo_before = pages_for(client, theo, [reverse("couples:news")])
    write_privately(alice, 10)
    services.complete_step(user=alice, step=Step.objects.get(number=1))
    Event.objects.filter(recipient=bob).delete()  # finishing a step is shared news
    assert pages_for(client, bob, partner_urls) == bob_before
    # Theo's consent does not cover progress: the step is not news to him.
    assert pages_for(client, theo, [reverse("couples:news")]) == theo_before
    assert not Event.objects.filter(recipient__in=[bob, theo]).exists()


def _propose(w, by=None):
    return agreements.propose_agreement(
        couple=w.couple, by=by or w.alice, category="other", title="T", text="X."
    )


def _signed(w):
    agreement = _propose(w)
    agreements.accept(agreement=agreement, by=w.bob, revision_number=1)
    return agreement


def _shared_response(w, slug="what-i-need-now"):
    response = services.save_response(
        user=w.alice, exercise=exercise(1, slug), body="Shared words."
    )
    return services.share_response(response=response, couple=w.couple)


def _ask(w):
    return services.log_trigger(
        user=w.alice,
        couple=w.couple,
        occurred_on=datetime.date.today(),
        what_happened="A song.",
        intensity=6,
        asked_for_reassurance=True,
    )


def _slip(w):
    return agreements.record_slip(
        agreement=_signed(w), by=w.alice, kind="nearly", what_happened="Nearly."
    )


def _held_conversation(w):
    chosen = exercise(1, "listening-without-defending")
    conversation = services.open_conversation(couple=w.couple, exercise=chosen)
    for index in range(len(chosen.prompts)):
        for person in (w.alice, w.bob):
            conversation = services.ready_for_next(
                conversation=conversation, by=person, prompt_index=index
            )


def _end(w):
    end_couple(couple=w.couple, by=w.alice)


def _step(number=1):
    return Step.objects.get(number=number)


# kind: (recipient, make it happen, withdraw or delete its subject)
NEWS = {
    "agreement_proposed": ("bob", _propose, _end),
    "agreement_changed": (
        "alice",
        lambda w: agreements.suggest_change(
            agreement=_propose(w), by=w.bob, revision_number=1, title="T", text="Y."
        ),
        _end,
    ),
    "agreement_review": (
        "alice",
        lambda w: agreements.reopen(
            agreement=_signed(w), by=w.bob, revision_number=1, title="T", text="Z."
        ),
        _end,
    ),
    "agreement_declined": (
        "alice",
        lambda w: agreements.decline(
            agreement=_propose(w), by=w.bob, revision_number=1, reason="No."
        ),
        _end,
    ),
    "agreement_retire_asked": (
        "bob",
        lambda w: agreements.request_retirement(agreement=_signed(w), by=w.alice),
        _end,
    ),
    "agreement_retired": (
        "alice",
        lambda w: agreements.confirm_retirement(
            agreement=agreements.request_retirement(agreement=_signed(w), by=w.alice),
            by=w.bob,
        ),
        _end,
    ),
    "signed": ("alice", _signed, _end),
    "slip_logged": ("bob", _slip, _end),
    "slip_talked_through": (
        "alice",
        lambda w: agreements.respond_to_slip(slip=_slip(w), by=w.bob, response="Ok."),
        _end,
    ),
    "writing_shared": (
        "bob",
        _shared_response,
        lambda w: services.unshare_response(response=w.made),
    ),
    "reassurance_asked": (
        "bob",
        _ask,
        lambda w: pause_couple(couple=w.couple, by=w.alice),
    ),
    "reassurance_given": (
        "alice",
        lambda w: services.reassure(trigger=_ask(w), by=w.bob, text="Here."),
        lambda w: w.made.delete(),
    ),
    "step_finished": (
        "bob",
        lambda w: services.complete_step(user=w.alice, step=_step()),
        lambda w: services.reopen_step(user=w.alice, step=_step()),
    ),
    "step_together": (
        "alice",
        lambda w: [
            services.complete_step(user=w.alice, step=_step()),
            services.complete_step(user=w.bob, step=_step()),
        ],
        lambda w: services.reopen_step(user=w.bob, step=_step()),
    ),
    "conversation_held": ("bob", _held_conversation, _end),
    "one_month": (
        "bob",
        lambda w: [
            w.couple.memberships.update(
                joined_at=timezone.now() - datetime.timedelta(days=40)
            ),
            mark_anniversaries(),
        ],
        _end,
    ),
    "three_months": (
        "alice",
        lambda w: [
            w.couple.memberships.update(
                joined_at=timezone.now() - datetime.timedelta(days=100)
            ),
            mark_anniversaries(),
        ],
        _end,
    ),
    "assigned": (
        "alice",
        lambda w: services.assign(therapist=w.theo, client=w.alice, step=_step(2)),
        lambda w: w.made.delete(),
    ),
    "client_shared_writing": (
        "theo",
        lambda w: services.share_with_therapist(
            response=services.save_response(
                user=w.alice, exercise=exercise(1, "what-i-need-now"), body="For Theo."
            ),
            shared=True,
        ),
        lambda w: services.share_with_therapist(response=w.made, shared=False),
    ),
    "client_finished_step": (
        "theo",
        lambda w: services.complete_step(user=w.alice, step=_step()),
        lambda w: revoke_consent(consent=w.alice.consents_given.get()),
    ),
    "client_finished_assignment": (
        "theo",
        lambda w: services.set_assignment_status(
            assignment=services.assign(therapist=w.theo, client=w.alice, step=_step(2)),
            by=w.alice,
            status="done",
        ),
        lambda w: revoke_consent(consent=w.alice.consents_given.get()),
    ),
}
# Facts about a person's own pairing: shown in the app, never delivered, and
# never withdrawn (there is nothing to unshare).
FACTS = {
    "sharing_paused": ("bob", lambda w: pause_couple(couple=w.couple, by=w.alice)),
    "sharing_resumed": (
        "bob",
        lambda w: resume_couple(
            couple=pause_couple(couple=w.couple, by=w.alice), by=w.alice
        ),
    ),
    "pairing_ended": ("bob", _end),
    "partner_joined": ("alice", None),
    "linked": ("bob", None),
}


@pytest.fixture
def news_world(alice, bob, theo, pathway):
    from types import SimpleNamespace

    from couples.services import accept_invitation, create_couple, invite_partner

    couple = create_couple(user=alice)
    accept_invitation(
        invitation=invite_partner(couple=couple, invited_by=alice), user=bob
    )
    consent(alice, theo, share_progress=True, share_responses=True)
    consent(bob, theo)
    return SimpleNamespace(alice=alice, bob=bob, theo=theo, couple=couple)


def headlines_for(client, person) -> tuple[str, str]:
    client.force_login(person)
    html = page_text(client.get(reverse("couples:news")))
    main = html.split('<main id="main"', 1)[1]
    badge = html.split('id="news-badge"', 1)[1].split("</a>", 1)[0]
    return main, badge


def test_every_kind_of_news_is_either_withdrawable_or_a_plain_fact():
    from couples.models import Event

    assert set(NEWS) | set(FACTS) == set(Event.Kind.values)


@pytest.mark.parametrize("kind", sorted(NEWS))
def test_news_leaves_when_its_subject_is_withdrawn(client, news_world, kind):
    from couples import news
    from couples.models import Event

    w = news_world
    who, make, withdraw = NEWS[kind]
    Event.objects.all().delete()  # the pairing's own news
    w.made = make(w)
    recipient = getattr(w, who)
    event = Event.objects.get(recipient=recipient, kind=kind)
    line = news.headline(event)
    main, badge = headlines_for(client, recipient)
    assert line in main
    if event.read_at is None:
        assert "news-count" in badge
    withdraw(w)
    main, badge = headlines_for(client, recipient)
    assert line not in main
    # The count left with it (ending the pairing is itself news, in the app).
    still = events_visible_to(recipient).filter(read_at__isnull=True).count()
    assert not events_visible_to(recipient).filter(kind=kind).exists()
    assert ("news-count" in badge) == bool(still)
    assert still == 0 or f">{still}<" in badge


@pytest.mark.parametrize("kind", sorted(FACTS))
def test_pausing_or_ending_is_told_in_the_app_only(
    client, news_world, kind, mailoutbox
):
    from couples import news
    from couples.models import Event

    w = news_world
    who, make = FACTS[kind]
    if make is not None:
        Event.objects.all().delete()
        mailoutbox.clear()
        make(w)
    recipient = getattr(w, who)
    event = Event.objects.get(recipient=recipient, kind=kind)
    main, _badge = headlines_for(client, recipient)
    assert news.headline(event) in main
    if kind not in ("partner_joined", "linked"):
        assert news.TOPIC_OF_KIND.get(kind) is None
        assert mailoutbox == []


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
