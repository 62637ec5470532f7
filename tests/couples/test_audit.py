import pytest
from django.urls import reverse

from core.models import SecurityEvent
from tests.conftest import PASSWORD
from tests.factories import consent

pytestmark = pytest.mark.django_db


def kinds(user=None):
    events = (
        SecurityEvent.objects.all()
        if user is None
        else SecurityEvent.objects.filter(user=user)
    )
    return list(events.order_by("created_at").values_list("kind", flat=True))


def test_sign_ins_and_failures_are_recorded_without_what_was_typed(client, alice):
    client.post(
        reverse("account_login"), {"login": alice.email, "password": "wrong-password-x"}
    )
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert "login" in kinds(alice)
    failed = SecurityEvent.objects.get(kind="login_failed")
    assert failed.user is None


def test_consent_export_and_therapist_access_are_recorded(
    client, alice, bob, couple, theo, pathway
):
    consent(alice, theo)
    consent(bob, theo)
    from couples.therapy import give_consent, log_access

    give_consent(
        client=alice,
        therapist_profile=theo.therapist_profile,
        scopes={"share_progress": True},
    )
    log_access(therapist=theo, client=alice, areas=["progress"])
    client.force_login(alice)
    client.post(reverse("recovery:exports"))
    assert {"consent_changed", "export"} <= set(kinds(alice))
    assert "therapist_access" in kinds(theo)


def test_deletion_is_recorded_without_the_person(alice):
    from recovery.deletion import delete_account

    delete_account(user=alice)
    assert SecurityEvent.objects.filter(kind="deletion", user=None).exists()
