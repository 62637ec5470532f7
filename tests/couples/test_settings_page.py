import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("couples:settings"))
    assert response["Location"].startswith(reverse("account_login"))


def test_person_updates_their_name_and_time_zone(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("couples:settings"),
        {"display_name": "Ally", "role": "hurt", "time_zone": "America/Toronto"},
    )
    assert response["Location"] == reverse("couples:settings")
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone) == ("Ally", "America/Toronto")


def test_unknown_time_zone_is_explained_and_input_kept(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("couples:settings"),
        {"display_name": "Ally", "role": "hurt", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert 'value="Ally"' in html
    alice.refresh_from_db()
    assert alice.time_zone == "UTC"


def test_settings_page_only_ever_edits_the_signed_in_person(client, alice, bob):
    client.force_login(alice)
    client.post(
        reverse("couples:settings"),
        {"display_name": "X", "time_zone": "UTC", "id": bob.pk},
    )
    bob.refresh_from_db()
    assert bob.display_name == "Bob"


def test_settings_query_count(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    client.get(reverse("couples:settings"))  # the first request records the session
    # 1 session, 2 user
    with django_assert_max_num_queries(2):
        assert client.get(reverse("couples:settings")).status_code == 200
