import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from couples.models import Invitation, Membership
from couples.services import (
    PairingError,
    accept_invitation,
    create_couple,
    invite_partner,
)
from tests.factories import make_user, run_concurrently
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(alice):
    couple = create_couple(user=alice)
    return invite_partner(couple=couple, invited_by=alice)


def test_an_invitation_has_a_link_and_a_readable_code(client, alice, invitation):
    client.force_login(alice)
    html = client.get(reverse("couples:couple")).content.decode()
    assert reverse("couples:join", args=[invitation.token]) in html
    assert invitation.display_code in html
    assert len(invitation.code) == 8 and not set("01OIL") & set(invitation.code)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)


def test_the_invitation_offers_copy_share_and_a_quiet_cancel(client, alice, invitation):
    client.force_login(alice)
    html = page_text(client.get(reverse("couples:couple")))
    # Copy and Share are revealed by the script where the browser can do them.
    assert 'data-copy="#invite-link"' in html and 'data-share="#invite-link"' in html
    assert "Link copied." in html
    assert f"The code is {invitation.display_code}." in html
    cancel = html[
        html.index(reverse("couples:invitation-revoke", args=[invitation.pk])) :
    ]
    assert 'class="link-button small">Cancel this invitation' in cancel


def test_creating_an_invitation_through_the_page(client, alice, mailoutbox):
    client.force_login(alice)
    response = client.post(
        reverse("couples:invitation-create"), {"email": "pat@example.com"}
    )
    assert response["Location"] == reverse("couples:couple")
    invitation = Invitation.objects.get()
    assert invitation.email == "pat@example.com"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "An invitation to Mend"
    assert "infidel" not in (message.subject + message.body).lower()
    assert invitation.display_code in message.body


def test_inviting_yourself_is_explained_beside_the_field(client, alice):
    client.force_login(alice)
    response = client.post(reverse("couples:invitation-create"), {"email": alice.email})
    html = response.content.decode()
    assert response.status_code == 200
    assert "That is your own email address" in html
    assert f'value="{alice.email}"' in html
    assert not Invitation.objects.exists()


def test_a_full_couple_cannot_invite(client, alice, couple):
    client.force_login(alice)
    response = client.post(
        reverse("couples:invitation-create"), {"email": "x@example.com"}
    )
    assert "already has two people" in response.content.decode()


def test_a_new_invitation_cancels_the_old_one(alice, invitation):
    newer = invite_partner(couple=invitation.couple, invited_by=alice)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert newer.status == Invitation.Status.PENDING


def test_accepting_links_the_two_accounts(client, alice, bob, invitation):
    client.force_login(bob)
    response = client.post(reverse("couples:join-accept", args=[invitation.token]))
    assert response["Location"] == reverse("couples:couple")
    assert (
        Membership.objects.filter(
            couple=invitation.couple, ended_at__isnull=True
        ).count()
        == 2
    )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", bob)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            lambda inv: inv.__class__.objects.filter(pk=inv.pk).update(
                status="accepted"
            ),
            "already been used",
        ),
        (
            lambda inv: inv.__class__.objects.filter(pk=inv.pk).update(
                status="revoked"
            ),
            "was cancelled",
        ),
        (
            lambda inv: inv.__class__.objects.filter(pk=inv.pk).update(
                expires_at=timezone.now() - datetime.timedelta(minutes=1)
            ),
            "has expired",
        ),
    ],
)
def test_unusable_invitations_say_why(client, bob, invitation, spoil, message):
    spoil(invitation)
    client.force_login(bob)
    assert (
        message
        in client.get(reverse("couples:join", args=[invitation.token])).content.decode()
    )
    response = client.post(reverse("couples:join-accept", args=[invitation.token]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Membership.objects.filter(user=bob).exists()


def test_you_cannot_accept_your_own_invitation(client, alice, invitation):
    client.force_login(alice)
    response = client.post(reverse("couples:join-accept", args=[invitation.token]))
    assert "your own invitation" in response.content.decode()


def test_someone_already_paired_cannot_accept(client, carol, invitation):
    client.force_login(carol)
    response = client.post(reverse("couples:join-accept", args=[invitation.token]))
    assert "already in a couple space" in response.content.decode()
    assert Membership.objects.filter(couple=invitation.couple).count() == 1


def test_a_therapist_cannot_join_a_couple(client, theo, invitation):
    client.force_login(theo)
    assert (
        client.post(reverse("couples:join-accept", args=[invitation.token])).status_code
        == 403
    )


def test_joining_by_code_ignores_case_and_dashes(client, bob, invitation):
    client.force_login(bob)
    code = invitation.display_code.lower()
    response = client.post(reverse("couples:join-by-code"), {"code": f" {code} "})
    assert response["Location"] == reverse("couples:couple")
    assert Membership.objects.filter(user=bob, couple=invitation.couple).exists()


PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_joining_by_code_typed_with_persian_digits(client, bob, invitation):
    """A phone set to Persian types Persian digits; the code is the same code."""
    invitation.code = "ABCD2345"
    invitation.save(update_fields=["code"])
    client.force_login(bob)
    code = invitation.display_code.translate(PERSIAN_DIGITS)
    assert code == "ABCD-۲۳۴۵"
    response = client.post(reverse("couples:join-by-code"), {"code": code})
    assert response["Location"] == reverse("couples:couple")
    assert Membership.objects.filter(user=bob, couple=invitation.couple).exists()


def test_a_persian_page_shows_the_code_as_it_is_typed(client, alice, invitation):
    invitation.code = "ABCD2345"
    invitation.save(update_fields=["code"])
    alice.language = "fa"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    html = client.get(reverse("couples:couple")).content.decode()
    assert 'dir="ltr">ABCD-2345</code>' in html


def test_a_wrong_code_is_explained_and_kept(client, bob, invitation):
    client.force_login(bob)
    response = client.post(reverse("couples:join-by-code"), {"code": "ZZZZ-9999"})
    html = response.content.decode()
    assert "find an invitation with that code" in html
    assert 'value="ZZZZ-9999"' in html


def test_someone_elses_invitation_cannot_be_cancelled(client, carol, invitation):
    client.force_login(carol)
    url = reverse("couples:invitation-revoke", args=[invitation.pk])
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_cancelling_an_invitation_stops_its_link(client, alice, bob, invitation):
    client.force_login(alice)
    client.post(reverse("couples:invitation-revoke", args=[invitation.pk]))
    with pytest.raises(PairingError, match="cancelled"):
        accept_invitation(invitation=invitation, user=bob)


def test_unknown_invitation_link_is_404(client):
    assert client.get(reverse("couples:join", args=["not-a-token"])).status_code == 404


def test_a_newcomer_following_the_link_finds_it_again_after_signing_up(
    client, invitation
):
    html = client.get(reverse("couples:join", args=[invitation.token])).content.decode()
    assert "Create my account" in html
    newcomer = make_user("new@example.com")
    client.force_login(newcomer)
    home = client.get(reverse("recovery:home")).content.decode()
    assert "invited you to link your accounts" in home
    assert reverse("couples:join", args=[invitation.token]) in home


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_two_people_accepting_one_invitation_at_once():
    alice = make_user("alice@example.com")
    invitation = invite_partner(couple=create_couple(user=alice), invited_by=alice)
    first, second = make_user("one@example.com"), make_user("two@example.com")
    outcomes = run_concurrently(
        lambda: accept_invitation(invitation=invitation, user=first),
        lambda: accept_invitation(invitation=invitation, user=second),
    )
    assert sum(isinstance(o, Membership) for o in outcomes) == 1
    assert sum(isinstance(o, PairingError) for o in outcomes) == 1
    assert Membership.objects.filter(couple=invitation.couple).count() == 2
