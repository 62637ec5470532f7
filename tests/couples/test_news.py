"""What's new: events about shared things, the header's count, reading, milestones."""

import re

import pytest
from django.urls import reverse

from couples import agreements, news
from couples.models import Event
from couples.services import end_couple, pause_couple, resume_couple
from recovery import services
from recovery.models import Step
from tests.factories import consent, exercise
from tests.pages import page_text

pytestmark = pytest.mark.django_db
Kind = Event.Kind


def kinds_for(person):
    return sorted(Event.objects.filter(recipient=person).values_list("kind", flat=True))


def propose(couple, by, title="Phones stay on the table"):
    return agreements.propose_agreement(
        couple=couple, by=by, category="other", title=title, text="At dinner."
    )


def badge(html: str) -> str:
    """The header's link to what's new, with its count if any."""
    return re.search(r'<a class="news-badge".*?</a>', html, re.S).group(0)


# ---------- Which actions tell whom ----------


def test_every_step_of_an_agreement_tells_the_other_partner(alice, bob, couple):
    agreement = propose(couple, alice)
    agreements.suggest_change(
        agreement=agreement, by=bob, revision_number=1, title="T", text="Changed."
    )
    agreements.accept(agreement=agreement, by=alice, revision_number=2)
    agreements.request_retirement(agreement=agreement, by=alice)
    agreements.confirm_retirement(agreement=agreement, by=bob)
    assert kinds_for(bob) == sorted(
        [Kind.AGREEMENT_PROPOSED, Kind.SIGNED, Kind.AGREEMENT_RETIRE_ASKED]
    )
    assert kinds_for(alice) == sorted(
        [Kind.AGREEMENT_CHANGED, Kind.SIGNED, Kind.AGREEMENT_RETIRED]
    )
    # The one who signed last sees it on the page; the news is for the other.
    signed = Event.objects.filter(kind=Kind.SIGNED)
    assert {e.recipient_id: e.read_at is None for e in signed} == {
        bob.pk: True,
        alice.pk: False,
    }


def test_declining_reopening_and_slips_tell_the_other_partner(alice, bob, couple):
    first = propose(couple, alice)
    agreements.decline(agreement=first, by=bob, revision_number=1, reason="No.")
    second = propose(couple, alice, title="Second")
    agreements.accept(agreement=second, by=bob, revision_number=1)
    agreements.reopen(
        agreement=second, by=bob, revision_number=1, title="Again", text="Again."
    )
    slip = agreements.record_slip(
        agreement=second, by=alice, kind="nearly", what_happened="Nearly."
    )
    agreements.respond_to_slip(slip=slip, by=bob, response="Thank you.")
    assert Kind.AGREEMENT_DECLINED in kinds_for(alice)
    assert Kind.AGREEMENT_REVIEW in kinds_for(alice)
    assert Kind.SLIP_LOGGED in kinds_for(bob)
    assert Kind.SLIP_TALKED_THROUGH in kinds_for(alice)


def test_shared_writing_reassurance_and_steps_tell_the_partner(
    alice, bob, couple, pathway
):
    response = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="Words."
    )
    services.share_response(response=response, couple=couple)
    trigger = services.log_trigger(
        user=alice,
        couple=couple,
        occurred_on="2026-01-01",
        what_happened="A song.",
        intensity=5,
        asked_for_reassurance=True,
    )
    services.reassure(trigger=trigger, by=bob, text="I am here.")
    step = Step.objects.get(number=1)
    services.complete_step(user=alice, step=step)
    assert kinds_for(bob) == sorted(
        [Kind.WRITING_SHARED, Kind.REASSURANCE_ASKED, Kind.STEP_FINISHED]
    )
    assert kinds_for(alice) == [Kind.REASSURANCE_GIVEN]
    services.complete_step(user=bob, step=step)
    assert Kind.STEP_TOGETHER in kinds_for(alice)


def test_a_private_action_records_nothing(alice, bob, couple, pathway):
    response = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="Mine alone."
    )
    services.save_draft(
        user=alice, exercise=exercise(1, "what-this-has-meant"), text="x"
    )
    services.log_trigger(
        user=alice,
        couple=couple,
        occurred_on="2026-01-01",
        what_happened="x",
        intensity=3,
    )
    services.share_with_therapist(response=response, shared=True)  # no therapist
    services.make_commitment(user=alice, couple=couple, text="Call.")
    assert Event.objects.count() == 0


def test_a_step_finished_while_sharing_is_paused_tells_nobody(
    alice, bob, couple, pathway
):
    pause_couple(couple=couple, by=bob)
    Event.objects.all().delete()
    services.complete_step(user=alice, step=Step.objects.get(number=1))
    assert Event.objects.count() == 0


def test_invitations_pausing_and_ending_are_plain_facts(alice, bob, couple):
    pause_couple(couple=couple, by=alice)
    resume_couple(couple=couple, by=alice)
    end_couple(couple=couple, by=alice)
    assert kinds_for(bob) == sorted(
        [Kind.SHARING_PAUSED, Kind.SHARING_RESUMED, Kind.PAIRING_ENDED]
    )
    assert all(news.TOPIC_OF_KIND.get(kind) is None for kind in kinds_for(bob))


# ---------- The list and the header ----------


def test_the_header_counts_unread_news_and_the_list_shows_it(
    client, alice, bob, couple
):
    propose(couple, alice, title="Phones stay on the table")
    client.force_login(bob)
    home = page_text(client.get(reverse("recovery:home")))
    assert ">1<" in badge(home)
    html = page_text(client.get(reverse("couples:news")))
    assert "Alice proposed an agreement." in html
    assert "Phones stay on the table" in html  # the title, in the app only
    # Opening the list marks nothing read: the page posts that once it loaded.
    assert Event.objects.get(recipient=bob).read_at is None
    assert 'data-hx-trigger="load"' in html


def test_the_badge_counts_each_persons_own_visible_unread_news(
    alice, bob, couple, theo, pathway
):
    # The count is SQL compiled once per process: each row counts its own.
    from couples.access import events_visible_to, unread_events_count
    from couples.models import User

    consent(alice, theo, share_responses=True)
    consent(bob, theo)
    propose(couple, alice)
    propose(couple, bob, title="Evenings offline")
    response = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="Words."
    )
    services.share_response(response=response, couple=couple)
    services.share_with_therapist(response=response, shared=True)
    hidden = services.save_response(
        user=alice, exercise=exercise(1, "what-this-has-meant"), body="Later."
    )
    services.share_response(response=hidden, couple=couple)
    services.unshare_response(response=hidden)
    Event.objects.filter(recipient=alice).update(read_at=None)
    counts = dict(
        User.objects.annotate(n=unread_events_count()).values_list("email", "n")
    )
    for person in (alice, bob, theo):
        unread = events_visible_to(person).filter(read_at__isnull=True).count()
        assert counts[person.email] == unread
    assert counts[bob.email] == 2  # the agreement and the writing still shared
    assert counts[theo.email] == 1 and counts[alice.email] == 1


def test_seeing_the_list_marks_it_read_by_a_post(client, alice, bob, couple):
    propose(couple, alice)
    event = Event.objects.get(recipient=bob)
    client.force_login(bob)
    response = client.post(
        reverse("couples:news-seen"), {"upto": event.pk}, headers={"hx-request": "true"}
    )
    assert response.status_code == 200
    assert 'data-hx-swap-oob="true"' in response.text  # the badge, emptied
    event.refresh_from_db()
    assert event.read_at is not None
    home = page_text(client.get(reverse("recovery:home")))
    assert "news-count" not in badge(home)


def test_marking_read_stops_at_what_the_list_showed(client, alice, bob, couple):
    propose(couple, alice, title="First")
    first = Event.objects.get(recipient=bob)
    propose(couple, alice, title="Second")
    client.force_login(bob)
    client.post(reverse("couples:news-seen"), {"upto": first.pk})
    assert Event.objects.filter(recipient=bob, read_at__isnull=True).count() == 1


def test_an_emailed_link_opens_the_list_at_that_event(client, alice, bob, couple):
    propose(couple, alice)
    event = Event.objects.get(recipient=bob)
    client.force_login(bob)
    html = page_text(client.get(reverse("couples:news-event", args=[event.pk])))
    assert f'id="event-{event.pk}"' in html and "is-highlighted" in html
    client.force_login(alice)
    assert client.get(reverse("couples:news-event", args=[event.pk])).status_code == 404


def test_older_news_is_a_page_away(client, alice, bob, couple):
    for n in range(32):
        propose(couple, alice, title=f"Agreement {n}")
    client.force_login(bob)
    html = page_text(client.get(reverse("couples:news")))
    assert html.count('<li class="news-item') == 30
    older = re.search(r"\?before=(\d+)", html).group(1)
    rest = page_text(client.get(reverse("couples:news") + f"?before={older}"))
    assert rest.count('<li class="news-item') == 2


def test_a_therapist_learns_what_consenting_clients_shared_or_finished(
    client, alice, bob, couple, theo, pathway
):
    consent(alice, theo, share_responses=True)
    consent(bob, theo)
    response = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="For Theo."
    )
    services.share_with_therapist(response=response, shared=True)
    services.complete_step(user=alice, step=Step.objects.get(number=1))
    client.force_login(theo)
    html = page_text(client.get(reverse("couples:news")))
    assert "Alice shared writing with you." in html
    assert "Alice finished a step." in html
    assert "For Theo." not in html  # what she wrote stays on her page


# ---------- Milestones ----------


def test_signing_shows_a_milestone_and_a_timeline_entry(client, alice, bob, couple):
    agreement = propose(couple, alice, title="Phones stay on the table")
    client.force_login(bob)
    response = client.post(
        reverse("couples:agreement-accept", args=[agreement.pk]),
        {"revision": "1"},
        follow=True,
    )
    html = page_text(response)
    assert 'class="milestone success"' in html
    assert "You have both signed it." in html
    timeline = page_text(client.get(reverse("couples:timeline")))
    assert "You both signed an agreement." in timeline
    assert "Phones stay on the table" in timeline


def test_the_timeline_keeps_no_streaks(client, alice, bob, couple):
    client.force_login(alice)
    html = page_text(client.get(reverse("couples:timeline"))).lower()
    assert "streak" not in html and "missed" not in html


def test_finishing_a_step_together_is_marked(client, alice, bob, couple, pathway):
    services.complete_step(user=alice, step=Step.objects.get(number=1))
    client.force_login(bob)
    response = client.post(
        reverse("recovery:step-complete", args=[1]), {"complete": "1"}, follow=True
    )
    assert "You have both finished this step." in page_text(response)
    assert Event.objects.filter(recipient=alice, kind=Kind.STEP_TOGETHER).exists()


def test_one_and_three_months_together_are_marked_once(alice, bob, couple):
    import datetime

    from django.utils import timezone

    from couples.models import Membership
    from couples.notify import mark_anniversaries

    Membership.objects.filter(couple=couple).update(
        joined_at=timezone.now() - datetime.timedelta(days=40)
    )
    assert mark_anniversaries() == 1
    assert mark_anniversaries() == 0
    assert kinds_for(alice) == [Kind.ONE_MONTH]
    Membership.objects.filter(couple=couple).update(
        joined_at=timezone.now() - datetime.timedelta(days=100)
    )
    assert mark_anniversaries() == 1
    assert kinds_for(bob) == sorted([Kind.ONE_MONTH, Kind.THREE_MONTHS])
