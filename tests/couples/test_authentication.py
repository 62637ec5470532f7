import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.db import connection
from django.urls import reverse

from couples.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.production_hasher
def test_sign_up_sends_a_verification_email_and_verifying_signs_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Robin",
            "email": "robin@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Europe/Lisbon",
            "processing_consent": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="robin@example.com")
    assert (user.display_name, user.time_zone) == ("Robin", "Europe/Lisbon")
    assert user.processing_consent_at is not None
    assert user.password.startswith("argon2")
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mailoutbox) == 1
    link = re.search(
        r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body
    ).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    assert response["Location"] == reverse("recovery:home")


def test_unverified_person_cannot_sign_in(client, db):
    from tests.factories import make_user

    make_user("new@example.com", verified=False)
    response = sign_in(client, "new@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_password_must_be_at_least_12_characters(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "short@example.com",
            "password1": "abc123xyz",
            "password2": "abc123xyz",
        },
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert 'value="short@example.com"' in response.content.decode()
    assert not User.objects.filter(email="short@example.com").exists()


def test_sign_up_with_a_taken_email_does_not_reveal_the_account(
    client, alice, mailoutbox
):
    response = client.post(
        reverse("account_signup"),
        {
            "email": alice.email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "processing_consent": "on",
        },
    )
    # The same answer as for a new address; the owner gets an email instead.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=alice.email).count() == 1


def test_password_reset_answers_the_same_for_unknown_addresses(
    client, alice, mailoutbox
):
    known = client.post(reverse("account_reset_password"), {"email": alice.email})
    unknown = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.com"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_wrong_password_is_a_clear_message(client, alice):
    response = sign_in(client, alice.email, "not-the-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited_with_a_clear_message(client, alice):
    for _ in range(5):
        sign_in(client, alice.email, "wrong-password-here")
    response = sign_in(client, alice.email, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_totp_secret_is_encrypted_in_the_database(alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator")
        stored = " ".join(str(row[0]) for row in cursor.fetchall())
    assert secret not in stored
    assert "enc1:" in stored


def test_recovery_code_seed_is_encrypted_in_the_database(alice):
    RecoveryCodes.activate(alice)
    authenticator = Authenticator.objects.get(
        user=alice, type=Authenticator.Type.RECOVERY_CODES
    )
    assert authenticator.data["seed"].startswith("enc1:")


def test_totp_enrolment_through_the_pages(client, alice):
    sign_in(client, alice.email)
    # Adding a second factor is sensitive: allauth asks for the password again.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=alice, type=Authenticator.Type.TOTP
    ).exists()
    # Recovery codes come with the authenticator.
    assert Authenticator.objects.filter(
        user=alice, type=Authenticator.Type.RECOVERY_CODES
    ).exists()


def test_sign_in_asks_for_and_accepts_an_authenticator_code(client, alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    response = sign_in(client, alice.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response["Location"] == reverse("recovery:home")
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_an_authenticator_code_typed_in_persian_digits_is_accepted(client, alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    sign_in(client, alice.email)
    persian = current_code(secret).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = client.post(reverse("mfa_authenticate"), {"code": persian})
    assert response["Location"] == reverse("recovery:home")
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_sign_in_with_a_recovery_code_works_once(client, alice):
    TOTP.activate(alice, generate_totp_secret())
    codes = RecoveryCodes.activate(alice).get_unused_codes()

    sign_in(client, alice.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response["Location"] == reverse("recovery:home")

    client.logout()
    sign_in(client, alice.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_changing_email_asks_for_the_password_again(client, alice):
    sign_in(client, alice.email)
    session = client.session
    # Pretend the sign-in happened long ago.
    for key in list(session.keys()):
        if (
            key.startswith("account_authentication")
            or key == "account_authenticated_at"
        ):
            del session[key]
    session["account_authentication_records"] = []
    session.save()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "alice.new@example.com"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"], follow=True)
    assert login.request["PATH_INFO"] == reverse("account_login")


def test_signed_in_non_staff_cannot_open_the_admin(client, alice):
    client.force_login(alice)
    assert client.get("/admin/", follow=True).status_code == 403


def test_sign_up_needs_explicit_consent_to_process_sensitive_data(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nc@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert (
        "can&#x27;t keep your writing without this agreement"
        in response.content.decode()
    )
    assert not User.objects.filter(email="nc@example.com").exists()


def sign_up(client, email="robin@example.com"):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": "Robin",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "processing_consent": "on",
        },
    )


@pytest.mark.parametrize("language", ["en", "fa"])
def test_confirmation_email_names_mend_and_its_address(
    client, mailoutbox, settings, language
):
    settings.SITE_URL = "https://mend.example.org"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_up(client)

    (message,) = mailoutbox
    body = message.body
    assert re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
    assert "\nmend.example.org" in body
    # The site name was once empty: "Hello from !", "an account on ."
    assert "from !" not in body and " on ." not in body
    assert "Robin" not in body  # the address's owner may not be the one signing up
    if language == "en":
        assert message.subject == "Confirm your email address for Mend"
        assert body.startswith(
            "Hello,\n\nThis email address was given for an account on Mend."
        )
        assert "\n\nMend\nmend.example.org" in body
    else:
        assert message.subject == "نشانی ایمیل خود را برای Mend تأیید کنید"
        assert body.startswith("سلام،\n\nاین نشانی ایمیل برای حسابی در Mend")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_confirmation_page_speaks_in_mends_words(
    client, mailoutbox, settings, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_up(client)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body)
    path = "/" + link.group(0).split("/", 3)[3]

    response = client.get(path)

    assert response.status_code == 200
    text = response.text
    assert "robin@example.com" in text
    assert "for user" not in text and "Confirm Email Address" not in text
    if language == "en":
        assert "Confirm your email address" in text
        assert "Yes, this is my address" in text
    else:
        assert "نشانی ایمیل خود را تأیید کنید" in text


def test_an_expired_confirmation_link_says_what_to_do(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))

    assert response.status_code == 200
    assert "This link has expired or has already been used." in response.text
    assert reverse("account_login") in response.text


def test_sign_in_page_has_one_forgotten_password_link(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert response.text.count(f'href="{reverse("account_reset_password")}"') == 1
