"""Each person's pathway progress is kept in the cache, under their own key,
and every service that moves it forgets it (recovery/progress.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from couples.models import User
from couples.services import create_couple, end_couple
from recovery import access, progress, services
from recovery.deletion import delete_account
from recovery.models import Conversation, Exercise, Step
from tests.factories import consent, exercise
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def done(user, partner=None, couple=None) -> set[int]:
    states = progress.pathway_progress(user, partner=partner, couple=couple)
    return states[0].done_ids


def kept_entries() -> dict:
    return {key: value for key, value in cache._cache.items() if "progress" in key}


def test_two_people_never_share_an_entry(alice, bob, couple, pathway):
    letter = exercise(1, "what-i-need-now")
    services.save_response(user=alice, exercise=letter, body="Mine alone.")
    services.complete_step(user=bob, step=Step.objects.get(number=1))
    alice_state = progress.pathway_progress(alice, partner=bob, couple=couple)[0]
    bob_state = progress.pathway_progress(bob, partner=alice, couple=couple)[0]
    assert letter.pk in alice_state.done_ids
    assert letter.pk not in bob_state.done_ids
    assert not alice_state.i_completed and alice_state.partner_completed
    assert bob_state.i_completed and not bob_state.partner_completed
    # Three entries each (generation, done, completed), each named for the
    # one person whose progress it holds.
    keys = [key.rsplit(":", 1)[-1] for key in kept_entries()]
    assert sorted(keys) == sorted([str(alice.pk)] * 3 + [str(bob.pk)] * 3)


def test_a_kept_entry_is_read_without_asking_the_database(
    alice, pathway, django_assert_num_queries
):
    progress.pathway_progress(alice)
    with django_assert_num_queries(0):
        progress.pathway_progress(alice)


def test_saving_writing_shows_at_once(alice, pathway):
    letter = exercise(1, "what-i-need-now")
    assert letter.pk not in done(alice)
    services.save_draft(user=alice, exercise=letter, text="Not yet.")
    assert letter.pk not in done(alice)
    services.save_response(user=alice, exercise=letter, body="Now.")
    assert letter.pk in done(alice)


def test_marking_and_reopening_a_step_shows_at_once(alice, pathway):
    step = Step.objects.get(number=1)
    assert not progress.pathway_progress(alice)[0].i_completed
    services.complete_step(user=alice, step=step)
    assert progress.pathway_progress(alice)[0].i_completed
    services.reopen_step(user=alice, step=step)
    assert not progress.pathway_progress(alice)[0].i_completed


def test_commitments_and_triggers_show_at_once(alice, bob, couple, pathway):
    commitments = Exercise.objects.get(kind=Exercise.Kind.COMMITMENTS)
    triggers = Exercise.objects.get(kind=Exercise.Kind.TRIGGER_LOG)
    assert not {commitments.pk, triggers.pk} & done(alice, bob, couple)
    services.make_commitment(user=alice, couple=couple, text="I'll say when.")
    services.log_trigger(
        user=alice,
        couple=couple,
        occurred_on=datetime.date.today(),
        what_happened="A song.",
        intensity=4,
        what_helped="",
        asked_for_reassurance=False,
    )
    assert {commitments.pk, triggers.pk} <= done(alice, bob, couple)
    assert not {commitments.pk, triggers.pk} & done(bob, alice, couple)


def test_a_finished_conversation_shows_at_once_for_both(alice, bob, couple, pathway):
    talk = Exercise.objects.filter(kind=Exercise.Kind.CONVERSATION).first()
    assert talk.pk not in done(alice, bob, couple) | done(bob, alice, couple)
    conversation = services.open_conversation(couple=couple, exercise=talk)
    for index in range(len(talk.prompts)):
        for person in (alice, bob):
            conversation = services.ready_for_next(
                conversation=conversation, by=person, prompt_index=index
            )
    assert conversation.status == Conversation.Status.FINISHED
    assert talk.pk in done(alice, bob, couple)
    assert talk.pk in done(bob, alice, couple)


def test_a_new_couple_does_not_inherit_the_old_ones_conversations(
    alice, bob, couple, pathway
):
    talk = Exercise.objects.filter(kind=Exercise.Kind.CONVERSATION).first()
    Conversation.objects.create(
        couple=couple, exercise=talk, status=Conversation.Status.FINISHED
    )
    assert talk.pk in done(alice, bob, couple)
    end_couple(couple=couple, by=alice)
    later = create_couple(user=alice)
    assert talk.pk not in done(alice, None, later)
    assert talk.pk not in done(alice, None, None)


def test_the_therapist_sees_a_step_completed_at_once(client, alice, theo, pathway):
    given = consent(alice, theo, share_progress=True)
    assert access.completed_steps_for_therapist([given]) == {alice.pk: set()}
    step = Step.objects.get(number=2)
    services.complete_step(user=alice, step=step)
    assert access.completed_steps_for_therapist([given]) == {alice.pk: {step.pk}}
    client.force_login(theo)
    page = page_text(client.get(reverse("recovery:caseload-client", args=[alice.pk])))
    assert "1 of 5 steps marked complete." in page


def test_the_partner_sees_a_step_completed_at_once(alice, bob, couple, pathway):
    step = Step.objects.get(number=1)
    assert not progress.pathway_progress(alice, partner=bob, couple=couple)[
        0
    ].partner_completed
    services.complete_step(user=bob, step=step)
    assert progress.pathway_progress(alice, partner=bob, couple=couple)[
        0
    ].partner_completed
    services.reopen_step(user=bob, step=step)
    assert not progress.pathway_progress(alice, partner=bob, couple=couple)[
        0
    ].partner_completed


def test_what_a_request_read_before_the_change_committed_is_never_served(
    alice, pathway, django_capture_on_commit_callbacks
):
    step = Step.objects.get(number=1)
    with django_capture_on_commit_callbacks() as on_commit:
        services.complete_step(user=alice, step=step)

    def read_before_the_commit(ids):
        # A request read the rows before the change committed (nothing
        # completed yet); the commit happens while it is still on its way
        # to keeping what it read.
        what_it_read = {pk: set() for pk in ids}
        for callback in on_commit:
            callback()
        return what_it_read

    assert on_commit
    progress._kept("completed", [alice.pk], read_before_the_commit)
    assert progress.completed_steps([alice.pk])[alice.pk] == {step.pk}
    assert progress.pathway_progress(alice)[0].i_completed


def test_a_deleted_account_leaves_nothing_for_whoever_gets_its_id(alice, pathway):
    letter = exercise(1, "what-i-need-now")
    services.save_response(user=alice, exercise=letter, body="Mine.")
    services.complete_step(user=alice, step=Step.objects.get(number=1))
    kept = progress.pathway_progress(alice)[0]
    assert kept.i_completed and letter.pk in kept.done_ids
    pk = alice.pk
    delete_account(user=alice)
    # SQLite may give a new account a deleted one's id.
    newcomer = User.objects.create(
        id=pk, email="new@example.com", display_name="New", role="hurt"
    )
    state = progress.pathway_progress(newcomer)[0]
    assert not state.i_completed
    assert letter.pk not in state.done_ids
