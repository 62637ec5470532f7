import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("content:landing", "Healing after emotional infidelity"),
        ("content:safety", "Safety and crisis help"),
        ("content:privacy", "Your privacy"),
    ],
)
def test_public_page_renders_for_anyone(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert 'class="quick-exit"' in html
    assert reverse("content:safety") in html
    assert "not therapy" in html


def test_landing_sends_signed_in_people_home(client, alice):
    client.force_login(alice)
    response = client.get(reverse("content:landing"))
    assert response["Location"] == reverse("recovery:home")


def test_safety_page_is_honest_about_browser_history(client):
    html = client.get(reverse("content:safety")).content.decode()
    assert "does not erase your browser history" in html


def test_public_pages_make_few_queries(client, django_assert_max_num_queries):
    for name in ["content:landing", "content:privacy"]:
        # No database work at all for an anonymous visitor.
        with django_assert_max_num_queries(0):
            assert client.get(reverse(name)).status_code == 200
    # the crisis lines
    with django_assert_max_num_queries(1):
        assert client.get(reverse("content:safety")).status_code == 200


def test_safety_page_lists_crisis_lines_for_at_least_twelve_countries(client, library):
    from content.models import CrisisLine

    html = client.get(reverse("content:safety")).content.decode()
    assert CrisisLine.objects.values("country").distinct().count() >= 12
    assert html.count('<details class="country">') >= 12
    assert 'href="tel:116123"' in html  # Samaritans, with spaces removed for dialling
    assert all(
        CrisisLine.objects.exclude(kind="emergency").values_list("source", flat=True)
    )


def test_post_to_a_read_only_page_is_refused(client):
    assert client.post(reverse("content:safety")).status_code == 405
