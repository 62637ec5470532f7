"""End-to-end privacy checks: a canary written through every form never appears in
clear text in the database or the logs, and key rotation keeps everything readable."""

import base64
import logging
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from couples.models import AgreementRevision, CheckIn
from recovery.models import Exercise, ReassuranceRequest, Response, Trigger

pytestmark = pytest.mark.django_db
CANARY = "canary-91d4e"
KEY_A = base64.urlsafe_b64encode(b"a" * 32).decode()
KEY_B = base64.urlsafe_b64encode(b"b" * 32).decode()


def write_everywhere(client, alice, bob):
    """Write the canary into every free-text field, through the normal forms."""
    client.force_login(alice)
    client.post(
        reverse("couples:checkin"),
        {
            "mood": "3",
            "closeness": "4",
            "safety": "5",
            "appreciated": CANARY,
            "need": CANARY,
            "note": CANARY,
        },
    )
    for exercise in Exercise.objects.filter(kind="reflection")[:2]:
        client.post(
            reverse("recovery:response-draft", args=[exercise.pk]), {"body": CANARY}
        )
        client.post(
            reverse("recovery:response-save", args=[exercise.pk]), {"body": CANARY}
        )
    client.post(
        reverse("recovery:trigger-create"),
        {
            "occurred_on": "2026-11-20",
            "what_happened": CANARY,
            "intensity": "4",
            "what_helped": CANARY,
        },
    )
    client.post(reverse("recovery:commitment-create"), {"text": CANARY})
    client.post(reverse("couples:monthly"), {"better": CANARY, "shared": "on"})
    client.post(
        reverse("couples:agreement-create"),
        {"category": "other", "title": CANARY, "text": CANARY},
    )
    client.post(
        reverse("couples:safety-check"),
        {k: "no" for k in ["afraid", "threats", "hurt", "control", "monitored"]},
    )
    client.force_login(bob)
    response = Response.objects.filter(user=alice).first()
    client.post(reverse("recovery:response-share", args=[response.pk]), {})
    client.post(reverse("recovery:reassurance-request"))
    client.force_login(alice)
    asked = ReassuranceRequest.objects.get(user=bob)
    client.post(
        reverse("recovery:reassurance-answer", args=[asked.pk]), {"text": CANARY}
    )


def clear_text_columns(needle):
    """Every (table, row) whose raw columns contain the needle."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found += [
                table
                for row in cursor.fetchall()
                if needle in " ".join(str(v) for v in row)
            ]
    return found


def test_the_canary_is_never_stored_or_logged_in_clear_text(
    client, alice, bob, couple, pathway, caplog
):
    caplog.set_level(logging.DEBUG)
    write_everywhere(client, alice, bob)
    assert CheckIn.objects.get(user=alice).note == CANARY  # it really was written
    assert Trigger.objects.get(user=alice).what_happened == CANARY
    assert ReassuranceRequest.objects.get(user=bob).answer == CANARY
    assert clear_text_columns(CANARY) == []
    assert CANARY not in caplog.text


def test_key_rotation_end_to_end(client, alice, bob, couple, pathway, settings):
    fixture_keys = list(settings.FIELD_ENCRYPTION_KEYS)  # the personas' data uses these
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A, *fixture_keys]
    write_everywhere(client, alice, bob)
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A, *fixture_keys]
    out = StringIO()
    call_command("reencrypt_fields", stdout=out)
    assert "couples.CheckIn.note: 1 value(s) re-encrypted" in out.getvalue()
    assert "mfa.Authenticator: 1 value(s) re-encrypted" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # the old key is gone
    assert CheckIn.objects.get(user=alice).note == CANARY
    assert {r.body for r in Response.objects.filter(user=alice)} == {CANARY}
    assert AgreementRevision.objects.get().text == CANARY
    from allauth.mfa.models import Authenticator

    stored = Authenticator.objects.get(user=alice, type="totp").data["secret"]
    from core import encryption

    assert encryption.decrypt(stored) == secret
