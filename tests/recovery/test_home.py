import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("recovery:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_home_greets_the_person_by_name(client, alice):
    client.force_login(alice)
    response = client.get(reverse("recovery:home"))
    assert response.status_code == 200
    assert "Welcome, Alice" in response.content.decode()


def test_home_query_count(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    client.get(reverse("recovery:home"))  # warms the cached pathway structure
    # session, user, membership (none), today's check-in, the home's facts (one
    # row: safety check, reading, therapist, month), exercises done, step
    # completions, a therapist's open assignments
    with django_assert_max_num_queries(8):
        assert client.get(reverse("recovery:home")).status_code == 200
