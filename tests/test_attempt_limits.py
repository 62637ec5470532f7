"""Every secret a person types is limited: wrong guesses make everyone from
that account and address wait, and during the wait the right secret is
refused too, so the answers tell a guesser nothing."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from core import attempts
from couples.models import Consent, Membership
from couples.services import create_couple, invite_partner
from recovery.export import request_export
from recovery.models import DataExport
from tests.conftest import PASSWORD
from tests.couples.test_authentication import current_code, sign_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db

WAIT = "please wait"


def wrong_codes(client, url, field, times, **extra):
    for n in range(times):
        response = client.post(url, {field: f"WRONG{n:03d}", **extra})
        assert response.status_code == 200
        assert "couldn&#x27;t find" in response.text or "couldn't find" in response.text


def test_pairing_codes_lock_after_five_wrong_guesses_even_for_the_right_code(
    client, alice, bob
):
    couple = create_couple(user=alice)
    invitation = invite_partner(couple=couple, invited_by=alice)
    client.force_login(bob)
    url = reverse("couples:join-by-code")
    wrong_codes(client, url, "code", attempts.PAIRING_CODE.attempts)
    response = client.post(url, {"code": invitation.code})
    assert response.status_code == 200
    assert WAIT in response.text
    assert not Membership.objects.filter(user=bob).exists()


def test_the_pairing_wait_counts_per_address_too(client, alice, bob):
    client.force_login(alice)
    url = reverse("couples:join-by-code")
    wrong_codes(client, url, "code", attempts.PAIRING_CODE.attempts)
    client.force_login(bob)  # someone else, from the same address
    response = client.post(url, {"code": "ABCD2345"})
    assert WAIT in response.text


def test_a_right_pairing_code_before_the_limit_still_links(client, alice, bob):
    couple = create_couple(user=alice)
    invitation = invite_partner(couple=couple, invited_by=alice)
    client.force_login(bob)
    url = reverse("couples:join-by-code")
    wrong_codes(client, url, "code", attempts.PAIRING_CODE.attempts - 1)
    response = client.post(url, {"code": invitation.code})
    assert response.status_code == 302
    assert Membership.objects.filter(user=bob, couple=couple).exists()


def test_therapist_codes_lock_and_keep_what_was_typed(client, alice, theo):
    client.force_login(alice)
    url = reverse("couples:therapist-code")
    wrong_codes(client, url, "code", attempts.THERAPIST_CODE.attempts)
    real = theo.therapist_profile.connection_code
    response = client.post(url, {"code": real})
    assert response.status_code == 200
    assert WAIT in response.text
    assert f'value="{real}"' in response.text  # their typing is given back


def test_the_connect_address_answers_unknown_codes_like_wrong_ones(client, alice, theo):
    client.force_login(alice)
    unknown = client.get(reverse("couples:therapist-connect", args=["ZZZZ9999"]))
    assert unknown.status_code == 302
    assert unknown["Location"] == reverse("couples:therapists")
    real = theo.therapist_profile.connection_code
    page = client.get(reverse("couples:therapist-connect", args=[real]))
    assert page.status_code == 200
    for n in range(attempts.THERAPIST_CODE.attempts):
        client.get(reverse("couples:therapist-connect", args=[f"ZZZZ{n:04d}"]))
    locked = client.get(reverse("couples:therapist-connect", args=[real]))
    assert locked.status_code == 302  # the real code now answers like an unknown one
    consent = client.post(
        reverse("couples:therapist-connect", args=[real]), {"share_progress": "on"}
    )
    assert consent.status_code == 302
    assert not Consent.objects.filter(client=alice).exists()


def test_reminder_links_lock_after_ten_wrong_tokens(client, alice):
    from core.emails import unsubscribe_token

    for n in range(attempts.LINK_TOKEN.attempts):
        url = reverse("couples:reminders-stop", args=[f"not-a-token-{n}"])
        assert client.get(url).status_code == 404
    good = reverse("couples:reminders-stop", args=[unsubscribe_token(alice)])
    assert client.get(good).status_code == 429


def test_invitation_links_lock_after_ten_wrong_tokens(client, alice):
    couple = create_couple(user=alice)
    invitation = invite_partner(couple=couple, invited_by=alice)
    for n in range(attempts.LINK_TOKEN.attempts):
        url = reverse("couples:join", args=[f"wrong-token-{n}"])
        assert client.get(url).status_code == 404
    response = client.get(reverse("couples:join", args=[invitation.token]))
    assert response.status_code == 429


def test_export_links_lock_after_ten_wrong_tokens(client, alice):
    request_export(user=alice)
    export = DataExport.objects.get(user=alice)
    client.force_login(alice)
    for n in range(attempts.LINK_TOKEN.attempts):
        url = reverse("recovery:export-json", args=[export.pk, f"wrong-{n}"])
        assert client.get(url).status_code == 404
    url = reverse("recovery:export-json", args=[export.pk, export.token])
    assert client.get(url).status_code == 429


def test_two_factor_codes_are_limited_by_allauth(client, alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    sign_in(client, alice.email)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_sign_in_is_limited_per_account(client):
    make_user("nora@example.com")
    for _ in range(5):
        client.post(
            reverse("account_login"),
            {"login": "nora@example.com", "password": "not-her-password"},
        )
    response = client.post(
        reverse("account_login"), {"login": "nora@example.com", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
