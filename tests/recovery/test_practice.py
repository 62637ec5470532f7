"""Progress, commitments, the trigger log and guided conversations."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from recovery import progress, services
from recovery.models import Commitment, Conversation, Step, Trigger
from tests.factories import exercise, make_user, run_concurrently
from tests.pages import page_text

pytestmark = pytest.mark.django_db


# ---------- Progress ----------


def test_a_couples_step_is_complete_when_both_mark_it(alice, bob, couple, pathway):
    step = Step.objects.get(number=1)
    services.complete_step(user=alice, step=step)
    state = progress.pathway_progress(alice, partner=bob, couple=couple)[0]
    assert state.i_completed and not state.complete
    services.complete_step(user=bob, step=step)
    assert progress.pathway_progress(alice, partner=bob, couple=couple)[0].complete


def test_alone_a_step_is_complete_when_i_mark_it(alice, pathway):
    services.complete_step(user=alice, step=Step.objects.get(number=1))
    assert progress.pathway_progress(alice)[0].complete


def test_exercises_follow_the_persons_side_and_the_rest_stay_visible(
    alice, bob, pathway
):
    hurt = progress.pathway_progress(alice)[0]
    strayed = progress.pathway_progress(bob)[0]
    assert {e.audience for e in hurt.for_me} <= {"hurt", "both", "anyone"}
    assert {e.audience for e in strayed.for_me} <= {"strayed", "both", "anyone"}
    assert any(e.audience == "strayed" for e in hurt.others)


def test_steps_are_never_locked(client, alice, pathway):
    client.force_login(alice)
    assert client.get(reverse("recovery:step", args=[5])).status_code == 200
    assert (
        "none is ever locked"
        in client.get(reverse("recovery:pathway")).content.decode()
    )


def test_marking_and_reopening_a_step_through_the_page(client, alice, pathway):
    client.force_login(alice)
    url = reverse("recovery:step-complete", args=[1])
    client.post(url, {"complete": "1"})
    assert progress.pathway_progress(alice)[0].i_completed
    client.post(url, {"complete": "0"})
    assert not progress.pathway_progress(alice)[0].i_completed


def test_progress_counts_written_and_practised_exercises(alice, pathway):
    services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="x"
    )
    services.log_trigger(
        user=alice,
        couple=None,
        occurred_on=datetime.date.today(),
        what_happened="x",
        intensity=3,
        what_helped="",
        asked_for_reassurance=False,
    )
    done = progress.done_exercise_ids(alice, None)
    assert (
        exercise(1, "what-i-need-now").pk in done
        and exercise(2, "trigger-log").pk in done
    )


def test_a_step_marked_complete_shows_the_exercises_done_not_a_full_bar(
    client, alice, pathway
):
    step = Step.objects.get(number=1)
    first = next(e for e in step.exercises.all() if e.fits(alice.role))
    services.save_response(user=alice, exercise=first, body="x")
    services.complete_step(user=alice, step=step)
    client.force_login(alice)

    response = client.get(reverse("recovery:pathway"))

    assert response.status_code == 200
    html = response.content.decode()
    value = re.search(r'id="progress-1" max="100" value="(\d+)"', html).group(1)
    done, total = map(
        int,
        re.search(
            r"(\d+) of (\d+) exercises", html.split('id="progress-1"')[1]
        ).groups(),
    )
    assert (done, total) != (total, total)  # the step still has exercises to do
    assert int(value) == round(100 * done / total)
    assert "You marked it complete" in html


# ---------- Commitments ----------


def test_commitment_made_kept_and_acknowledged(client, alice, bob, couple, pathway):
    client.force_login(bob)
    client.post(
        reverse("recovery:commitment-create"), {"text": "I'll text if I'm late."}
    )
    commitment = Commitment.objects.get()
    client.post(reverse("recovery:commitment-acknowledge", args=[commitment.pk]))
    commitment.refresh_from_db()
    assert commitment.acknowledged_at is None  # not by its maker
    client.post(reverse("recovery:commitment-kept", args=[commitment.pk]))
    client.force_login(alice)
    html = client.get(
        reverse("recovery:exercise", args=[exercise(2, "small-promises-kept").pk])
    ).content.decode()
    assert "I&#x27;ll text if I&#x27;m late." in html and "I saw it. Thank you." in html
    client.post(reverse("recovery:commitment-acknowledge", args=[commitment.pk]))
    commitment.refresh_from_db()
    assert commitment.kept_at and commitment.acknowledged_at


def test_only_the_maker_marks_a_commitment_kept(client, alice, bob, couple, pathway):
    commitment = services.make_commitment(user=bob, couple=couple, text="x")
    client.force_login(alice)
    client.post(reverse("recovery:commitment-kept", args=[commitment.pk]))
    commitment.refresh_from_db()
    assert commitment.kept_at is None


def test_strangers_cannot_touch_commitments(client, carol, bob, couple, pathway):
    commitment = services.make_commitment(user=bob, couple=couple, text="x")
    client.force_login(carol)
    assert (
        client.post(
            reverse("recovery:commitment-kept", args=[commitment.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("recovery:commitment-acknowledge", args=[commitment.pk])
        ).status_code
        == 404
    )


# ---------- Trigger log ----------


def test_a_private_trigger_stays_private(client, alice, bob, couple, pathway):
    client.force_login(alice)
    client.post(
        reverse("recovery:trigger-create"),
        {
            "occurred_on": "2026-11-20",
            "what_happened": "A song on the radio",
            "intensity": "6",
            "what_helped": "",
        },
    )
    assert Trigger.objects.get().couple == couple
    client.force_login(bob)
    assert "A song on the radio" not in page_text(
        client.get(reverse("recovery:triggers"))
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_happened FROM recovery_trigger")
        assert "radio" not in cursor.fetchone()[0]


def test_a_request_for_reassurance_reaches_the_partner_who_answers(
    client, alice, bob, couple, pathway
):
    client.force_login(alice)
    client.post(
        reverse("recovery:trigger-create"),
        {
            "occurred_on": "2026-11-20",
            "what_happened": "Late night doubts",
            "intensity": "8",
            "what_helped": "",
            "asked_for_reassurance": "on",
        },
    )
    trigger = Trigger.objects.get()
    client.force_login(carol := make_user("c2@example.com"))
    assert (
        client.post(
            reverse("recovery:trigger-reassure", args=[trigger.pk]), {"text": "x"}
        ).status_code
        == 404
    )
    del carol
    client.force_login(bob)
    assert (
        "Late night doubts" in client.get(reverse("recovery:triggers")).content.decode()
    )
    client.post(
        reverse("recovery:trigger-reassure", args=[trigger.pk]), {"text": "I'm here."}
    )
    trigger.refresh_from_db()
    assert trigger.reassurance == "I'm here."
    client.force_login(alice)
    assert (
        client.post(
            reverse("recovery:trigger-reassure", args=[trigger.pk]), {"text": "self"}
        ).status_code
        == 404
    )


def test_bad_trigger_input_is_explained_and_kept(client, alice, pathway):
    client.force_login(alice)
    html = client.post(
        reverse("recovery:trigger-create"),
        {"occurred_on": "2026-11-20", "what_happened": "Kept words", "intensity": "11"},
    ).content.decode()
    assert "Choose a number from 1 to 10" in html and "Kept words" in html
    assert not Trigger.objects.exists()


def test_the_trend_shows_triggers_becoming_rarer(alice):
    from recovery.views.practice import trigger_trend

    today = datetime.date(2026, 11, 22)
    triggers = [
        Trigger(occurred_on=today - datetime.timedelta(days=d), intensity=i)
        for d, i in [(80, 9), (79, 8), (78, 8), (5, 3)]
    ]
    weeks = trigger_trend(triggers, today)
    assert len(weeks) == 12
    assert weeks[0]["count"] == 3 and weeks[0]["average"] == 8.3
    assert weeks[-1]["height"] < weeks[0]["height"]  # milder: a lower bar
    assert weeks[-1]["count"] == 1 and weeks[-1]["average"] == 3


@pytest.mark.parametrize("count", [3, 300])
def test_trigger_page_query_count_stays_flat(
    client, alice, bob, couple, count, django_assert_max_num_queries
):
    Trigger.objects.bulk_create(
        Trigger(
            user=alice,
            couple=couple,
            occurred_on=datetime.date.today(),
            what_happened="x",
            intensity=5,
        )
        for _ in range(count)
    )
    client.force_login(alice)
    client.get(reverse("recovery:triggers"))  # the first request records the session
    # session, user, membership, partner membership, my triggers, partner's requests
    with django_assert_max_num_queries(6):
        assert client.get(reverse("recovery:triggers")).status_code == 200


# ---------- Guided conversations ----------


@pytest.fixture
def listening(pathway):
    return exercise(1, "listening-without-defending")


def act(client, listening, action, **extra):
    return client.post(
        reverse(f"recovery:conversation-{action}", args=[listening.pk]),
        extra,
        headers={"HX-Request": "true"},
    )


def test_the_pace_follows_the_slower_person(client, alice, bob, couple, listening):
    client.force_login(alice)
    html = act(client, listening, "start").content.decode()
    assert (
        html.lstrip().startswith('<section id="conversation"')
        and "Question 1 of" in html
    )
    html = act(client, listening, "ready", prompt="0").content.decode()
    assert "Waiting for Bob" in html and "Question 1 of" in html
    client.force_login(bob)
    html = act(client, listening, "ready", prompt="0").content.decode()
    assert "Question 2 of" in html


def test_either_may_pause_and_only_they_resume(client, alice, bob, couple, listening):
    client.force_login(alice)
    act(client, listening, "start")
    client.force_login(bob)
    html = act(client, listening, "pause").content.decode()
    assert "You paused the conversation" in html
    client.force_login(alice)
    assert (
        "Bob paused the conversation"
        in client.get(
            reverse("recovery:conversation", args=[listening.pk])
        ).content.decode()
    )
    act(client, listening, "ready", prompt="0")
    assert Conversation.objects.get().ready_user_ids == []  # nothing moves while paused
    act(client, listening, "resume")
    assert Conversation.objects.get().status == "paused"
    client.force_login(bob)
    act(client, listening, "resume")
    assert Conversation.objects.get().status == "active"


def test_finishing_the_last_question_finishes_the_conversation(
    alice, bob, couple, listening
):
    conversation = services.open_conversation(couple=couple, exercise=listening)
    for index in range(len(listening.prompts)):
        services.ready_for_next(conversation=conversation, by=alice, prompt_index=index)
        conversation = services.ready_for_next(
            conversation=conversation, by=bob, prompt_index=index
        )
    assert conversation.status == "finished"


def test_conversations_need_a_partner(client, alice, listening):
    client.force_login(alice)
    act(client, listening, "start")
    assert not Conversation.objects.exists()


def test_strangers_cannot_see_or_move_a_couples_conversation(
    client, alice, bob, couple, carol, listening
):
    services.open_conversation(couple=couple, exercise=listening)
    client.force_login(carol)
    html = page_text(client.get(reverse("recovery:conversation", args=[listening.pk])))
    assert "Question 1" not in html
    act(client, listening, "pause")
    assert Conversation.objects.get(couple=couple).status == "active"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_both_tapping_ready_at_once_moves_on_exactly_once():
    from content.loader import load_library
    from couples.services import create_couple, join_couple
    from recovery.loader import load_pathway

    load_library()
    load_pathway()
    a, b = make_user("a@example.com"), make_user("b@example.com")
    couple = create_couple(user=a)
    join_couple(couple=couple, user=b)
    conversation = services.open_conversation(
        couple=couple, exercise=exercise(1, "listening-without-defending")
    )
    run_concurrently(
        lambda: services.ready_for_next(
            conversation=conversation, by=a, prompt_index=0
        ),
        lambda: services.ready_for_next(
            conversation=conversation, by=b, prompt_index=0
        ),
    )
    conversation.refresh_from_db()
    assert conversation.prompt_index == 1 and conversation.ready_user_ids == []


def test_therapy_preparation_offers_a_private_progress_summary(
    client, alice, bob, pathway
):
    from recovery.models import Exercise
    from tests.factories import make_checkin

    services.complete_step(user=alice, step=Step.objects.get(number=1))
    make_checkin(alice, safety=6)
    # Step 5 has two: getting ready for a session, and bringing Mend's work to it.
    preps = Exercise.objects.filter(kind="therapy_prep")
    assert len(preps) == 2
    for prep in preps:
        url = reverse("recovery:exercise", args=[prep.pk])
        client.force_login(alice)
        html = client.get(url).content.decode()
        assert "A summary of your progress" in html
        assert "Steps I have marked complete: Naming the injury." in html
        assert "safety and trust" in html
        client.force_login(bob)
        assert "Steps I have marked complete" not in page_text(client.get(url))
