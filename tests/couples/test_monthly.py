import pytest
from django.db import connection
from django.urls import reverse

from couples.models import MonthlyReview
from tests.pages import page_text

pytestmark = pytest.mark.django_db
URL = reverse("couples:monthly")


def test_answers_are_saved_private_by_default_and_encrypted(client, alice, couple):
    client.force_login(alice)
    response = client.post(URL, {"better": "We laughed again", "hardest": ""})
    assert response["Location"] == URL
    review = MonthlyReview.objects.get(user=alice)
    assert not review.shared
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json FROM couples_monthlyreview")
        assert "laughed" not in cursor.fetchone()[0]


def test_empty_answers_are_explained(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"better": "", "shared": "on"})
    assert "Write something for at least one question" in response.content.decode()
    assert not MonthlyReview.objects.exists()


def test_partner_sees_shared_answers_after_writing_their_own(
    client, alice, bob, couple
):
    client.force_login(bob)
    client.post(URL, {"better": "Sunday breakfast", "shared": "on"})
    client.force_login(alice)
    assert "Sunday breakfast" not in page_text(client.get(URL))
    client.post(URL, {"better": "Walks"})
    assert "Sunday breakfast" in client.get(URL).content.decode()


def test_unshared_answers_stay_private(client, alice, bob, couple):
    client.force_login(bob)
    client.post(URL, {"better": "my secret"})
    client.force_login(alice)
    client.post(URL, {"better": "Walks"})
    assert "my secret" not in page_text(client.get(URL))


def test_the_dashboard_offers_it_once_a_month(client, alice, couple):
    client.force_login(alice)
    assert (
        "this month's questions"
        in client.get(reverse("recovery:home")).content.decode().lower()
    )
    client.post(URL, {"better": "Walks"})
    assert (
        "this month's questions"
        not in page_text(client.get(reverse("recovery:home"))).lower()
    )
