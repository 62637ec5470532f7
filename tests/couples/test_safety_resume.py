"""The safety check completes the action it interrupted, or, on any sign of
danger, does nothing of it. One test per entry point."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils.http import urlencode

from couples.models import Invitation, Membership
from couples.safety import INTERRUPTED, INTERRUPTED_SALT
from couples.services import create_couple, invite_partner, join_couple
from recovery import services
from recovery.models import Conversation
from tests.factories import exercise, make_user
from tests.pages import page_text

pytestmark = pytest.mark.django_db
ALL_NO = {k: "no" for k in ["afraid", "threats", "hurt", "control", "monitored"]}


@pytest.fixture
def nia(db):
    return make_user("nia@example.com", display_name="Nia", safety_checked=False)


def check_url(response) -> str:
    """Where the interrupted action sent the person: the check, with its place."""
    location = response.get("HX-Redirect") or response["Location"]
    assert location.startswith(reverse("couples:safety-check")), location
    return location


def resume_id(response) -> str:
    """The check's address carries the id of the action it interrupted."""
    return parse_qs(urlsplit(check_url(response)).query)["resume"][0]


def answer(client, interrupted, **answers):
    """Answer the check as its form does (the place it was opened at, the id)."""
    query = parse_qs(urlsplit(check_url(interrupted)).query)
    data = ALL_NO | answers | {key: values[0] for key, values in query.items()}
    return client.post(reverse("couples:safety-check"), data)


@pytest.fixture
def nia_with_sam(nia, pathway):
    sam = make_user("sam@example.com", display_name="Sam")
    couple = create_couple(user=sam)
    join_couple(couple=couple, user=nia)
    writing = services.save_response(
        user=nia, exercise=exercise(1, "what-i-need-now"), body="Words for Sam."
    )
    return sam, writing


def test_sharing_is_completed_after_the_check_in_one_go(client, nia, nia_with_sam):
    sam, writing = nia_with_sam
    client.force_login(nia)
    interrupted = client.post(reverse("recovery:response-share", args=[writing.pk]))
    action_id = resume_id(interrupted)
    writing.refresh_from_db()
    assert not writing.shared_with_partner  # nothing before the check

    check_page = page_text(client.get(interrupted["Location"]))
    assert "Mend will share this writing with your partner" in check_page
    assert f'name="resume" value="{action_id}"' in check_page

    done = answer(client, interrupted)
    assert done["Location"] == writing.exercise.get_absolute_url()
    writing.refresh_from_db()
    assert writing.shared_with_partner
    assert INTERRUPTED not in client.session
    assert f"Shared with {sam.short_name}. Changed your mind?" in page_text(
        client.get(done["Location"])
    )


@pytest.mark.parametrize("worry", ["yes", "unsure"])
def test_a_sign_of_danger_shares_nothing_and_shows_the_partner_nothing(
    client, nia, nia_with_sam, worry
):
    sam, writing = nia_with_sam
    partner = client.__class__()
    partner.force_login(sam)
    exercise_url = writing.exercise.get_absolute_url()
    before = page_text(partner.get(exercise_url))

    client.force_login(nia)
    interrupted = client.post(reverse("recovery:response-share", args=[writing.pk]))
    html = page_text(answer(client, interrupted, afraid=worry))
    assert "it may not be safe to work on this together" in html
    writing.refresh_from_db()
    assert not writing.shared_with_partner
    assert INTERRUPTED not in client.session
    after = page_text(partner.get(exercise_url))
    assert "Words for Sam." not in after
    assert before.count("Nia") == after.count("Nia")


def test_the_invitee_accepts_once(client, alice, nia):
    invitation = invite_partner(couple=create_couple(user=alice), invited_by=alice)
    client.force_login(nia)
    interrupted = client.post(reverse("couples:join-accept", args=[invitation.token]))
    assert not Membership.objects.filter(user=nia).exists()
    done = answer(client, interrupted)
    assert done["Location"] == reverse("couples:couple")
    assert Membership.objects.get(user=nia).couple_id == invitation.couple_id
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert "Linked with Alice" in page_text(client.get(done["Location"]))


def test_a_concern_on_the_way_to_accepting_links_nobody(client, alice, nia):
    invitation = invite_partner(couple=create_couple(user=alice), invited_by=alice)
    client.force_login(nia)
    interrupted = client.post(reverse("couples:join-accept", args=[invitation.token]))
    html = page_text(answer(client, interrupted, hurt="yes"))
    assert (
        reverse("couples:join", args=[invitation.token]) in html
    )  # "continue" goes back
    assert not Membership.objects.filter(user=nia).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_joining_by_code_is_completed_and_keeps_only_the_code(client, alice, nia):
    invitation = invite_partner(couple=create_couple(user=alice), invited_by=alice)
    client.force_login(nia)
    interrupted = client.post(
        reverse("couples:join-by-code"),
        {"code": invitation.display_code, "note": "not kept"},
    )
    resume_id(interrupted)
    kept = signing.loads(client.session[INTERRUPTED], salt=INTERRUPTED_SALT)
    assert kept["path"] == reverse("couples:join-by-code")
    assert kept["fields"] == [["code", invitation.display_code]]
    answer(client, interrupted)
    assert Membership.objects.get(user=nia).couple_id == invitation.couple_id


def test_making_an_invitation_is_completed_with_its_email(client, nia):
    client.force_login(nia)
    interrupted = client.post(
        reverse("couples:invitation-create"), {"email": "sam@example.com"}
    )
    assert not Invitation.objects.exists()
    done = answer(client, interrupted)
    assert done["Location"] == reverse("couples:couple")
    invitation = Invitation.objects.get(invited_by=nia)
    assert invitation.email == "sam@example.com"
    assert [m.to for m in mail.outbox] == [["sam@example.com"]]


def test_starting_a_conversation_through_htmx_is_completed(client, nia, nia_with_sam):
    talk = exercise(1, "listening-without-defending")
    client.force_login(nia)
    interrupted = client.post(
        reverse("recovery:conversation-start", args=[talk.pk]),
        headers={"hx-request": "true"},
    )
    # htmx is told to go to the check, not handed the check to swap into a fragment.
    assert interrupted.status_code == 200 and "HX-Redirect" in interrupted
    assert not Conversation.objects.exists()
    done = answer(client, interrupted)
    assert done["Location"] == talk.get_absolute_url()
    assert Conversation.objects.filter(exercise=talk).count() == 1


def test_a_check_taken_later_from_settings_does_not_replay_an_old_action(
    client, nia, nia_with_sam
):
    _sam, writing = nia_with_sam
    client.force_login(nia)
    client.post(reverse("recovery:response-share", args=[writing.pk]))
    # The person leaves, then takes the check from their account page.
    response = client.post(reverse("couples:safety-check"), ALL_NO)
    assert response["Location"] == reverse("recovery:home")
    writing.refresh_from_db()
    assert not writing.shared_with_partner


def test_a_wrong_or_stale_id_does_nothing(client, nia, nia_with_sam):
    _sam, writing = nia_with_sam
    client.force_login(nia)
    client.post(reverse("recovery:response-share", args=[writing.pk]))
    html = page_text(
        client.get(f"{reverse('couples:safety-check')}?{urlencode({'resume': 'x'})}")
    )
    assert "Mend will share" not in html
    client.post(reverse("couples:safety-check"), ALL_NO | {"resume": "not-the-id"})
    writing.refresh_from_db()
    assert not writing.shared_with_partner


def test_someone_elses_object_still_answers_404_after_the_check(
    client, nia, nia_with_sam, alice
):
    theirs = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="Alice's."
    )
    client.force_login(nia)
    interrupted = client.post(reverse("recovery:response-share", args=[theirs.pk]))
    assert answer(client, interrupted).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.shared_with_partner
