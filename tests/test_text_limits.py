"""Every free text has one limit, kept by the model field and the form alike
(core.limits), and text over it gets a calm message and is given back."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import limits
from core.encryption import EncryptedTextField
from recovery.models import Trigger
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Encrypted values that are not typed by a person: built by Mend from choices.
NOT_TYPED = {
    ("couples", "monthlyreview", "answers_json"),
    ("couples", "safetycheck", "answers_json"),
    ("content", "selfcheckanswer", "answers_json"),
    ("recovery", "dataexport", "payload_json"),
}


def test_every_typed_encrypted_field_has_a_limit():
    unlimited = [
        f"{model._meta.app_label}.{model._meta.model_name}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
        and field.max_length is None
        and (model._meta.app_label, model._meta.model_name, field.name) not in NOT_TYPED
    ]
    assert unlimited == []


def test_the_model_refuses_text_over_its_limit(alice):
    trigger = Trigger(
        user=alice,
        occurred_on="2026-12-01",
        intensity=5,
        what_happened="x" * (limits.ACCOUNT + 1),
    )
    with pytest.raises(ValidationError) as error:
        trigger.full_clean()
    assert "what_happened" in error.value.message_dict


def test_the_trigger_log_refuses_a_hundred_thousand_characters_and_keeps_them(
    client, alice
):
    client.force_login(alice)
    text = "It came back. " * 7_200  # about 100,000 characters
    response = client.post(
        reverse("recovery:trigger-create"),
        {"occurred_on": "2026-12-01", "what_happened": text, "intensity": "5"},
    )
    assert response.status_code == 200
    assert not Trigger.objects.exists()
    page = response.text
    assert "at most" in page  # the form's message, beside the field
    assert "It came back." in page  # their words are given back
    assert f'maxlength="{limits.ACCOUNT}"' in page


def test_the_writing_box_takes_its_limit_from_the_form(client, alice, pathway):
    from tests.factories import exercise

    client.force_login(alice)
    letter = exercise(1, "what-i-need-now")
    page = client.get(reverse("recovery:exercise", args=[letter.pk]))
    assert page.status_code == 200
    assert f'maxlength="{limits.WRITING}"' in page.text


def test_a_stranger_cannot_store_more_than_the_limit_as_a_draft(client, pathway):
    from recovery.models import Response
    from tests.factories import exercise

    person = make_user("pia@example.com")
    client.force_login(person)
    letter = exercise(1, "what-i-need-now")
    client.post(
        reverse("recovery:response-draft", args=[letter.pk]),
        {"body": "y" * (limits.WRITING + 500)},
    )
    assert len(Response.objects.get(user=person).draft) == limits.WRITING


def test_each_text_box_says_its_limit_beside_it(client, alice):
    client.force_login(alice)
    page = client.get(reverse("recovery:trigger-create"))
    assert page.status_code == 200
    assert f"Up to {limits.ACCOUNT} characters." in page.text
