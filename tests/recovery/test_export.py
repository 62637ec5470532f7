import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from couples import agreements as steps
from recovery import services
from recovery.export import NOT_EXPORTED, SECTIONS
from recovery.models import DataExport
from tests.factories import exercise, make_checkin

pytestmark = pytest.mark.django_db
CANARY = "canary-7f3a"


def test_every_model_that_points_at_a_person_is_exported_or_explained():
    user_model = apps.get_model("couples", "User")
    pointing = {"couples.User"}
    for model in apps.get_models():
        if any(
            f.is_relation and f.related_model is user_model
            for f in model._meta.get_fields()
            if not f.auto_created
        ):
            pointing.add(model._meta.label)
    assert {"couples.CheckIn", "recovery.Response", "recovery.Trigger"} <= pointing
    missing = pointing - set(SECTIONS) - set(NOT_EXPORTED)
    assert missing == set(), (
        f"Add these to the export, or to NOT_EXPORTED with a reason: {missing}"
    )


def test_export_holds_the_persons_words_and_only_theirs(
    client, alice, bob, couple, pathway, mailoutbox
):
    make_checkin(alice, note=f"{CANARY} note")
    services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body=f"{CANARY} writing"
    )
    services.save_response(
        user=bob, exercise=exercise(1, "what-i-need-now"), body="bob-only"
    )
    agreement = steps.propose_agreement(
        couple=couple, by=alice, category="other", title="t", text=f"{CANARY} words"
    )
    steps.accept(agreement=agreement, by=bob, revision_number=1)
    client.force_login(alice)
    client.post(reverse("recovery:exports"))
    export = DataExport.objects.get(user=alice)
    assert export.status == "ready"
    data = client.get(reverse("recovery:export-json", args=[export.pk, export.token]))
    assert data["Content-Disposition"] == 'attachment; filename="mend-my-data.json"'
    text = data.content.decode()
    assert text.count(CANARY) == 3 and "bob-only" not in text
    payload = json.loads(text)
    assert (
        payload["sections"]["couples.Agreement"][0]["versions"][0]["signed_by_me"]
        is True
    )
    html = client.get(
        reverse("recovery:export-html", args=[export.pk, export.token])
    ).content.decode()
    assert f"{CANARY} writing" in html


def test_only_the_owner_can_open_the_link(client, alice, bob):
    client.force_login(alice)
    client.post(reverse("recovery:exports"))
    export = DataExport.objects.get()
    client.force_login(bob)
    assert (
        client.get(
            reverse("recovery:export-json", args=[export.pk, export.token])
        ).status_code
        == 404
    )
    client.logout()
    assert (
        client.get(
            reverse("recovery:export-json", args=[export.pk, export.token])
        ).status_code
        == 302
    )


def test_a_wrong_token_or_an_expired_link_is_404(client, alice):
    client.force_login(alice)
    client.post(reverse("recovery:exports"))
    export = DataExport.objects.get()
    assert (
        client.get(
            reverse("recovery:export-json", args=[export.pk, "guess"])
        ).status_code
        == 404
    )
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert (
        client.get(
            reverse("recovery:export-json", args=[export.pk, export.token])
        ).status_code
        == 404
    )


def test_the_export_is_encrypted_at_rest(client, alice):
    from django.db import connection

    make_checkin(alice, note=CANARY)
    client.force_login(alice)
    client.post(reverse("recovery:exports"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload_json FROM recovery_dataexport")
        assert CANARY not in cursor.fetchone()[0]
