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
    assert html.count('href="/safety/') >= 12  # one light page per country
    uk = client.get(reverse("content:safety-country", args=["gb"]))
    assert uk.status_code == 200
    assert (
        'href="tel:116123"' in uk.text
    )  # Samaritans, with spaces removed for dialling
    assert all(
        CrisisLine.objects.exclude(kind="emergency").values_list("source", flat=True)
    )


def test_post_to_a_read_only_page_is_refused(client):
    assert client.post(reverse("content:safety")).status_code == 405


def test_a_country_without_lines_is_not_found(client, library):
    assert client.get("/safety/zz/").status_code == 404
    assert client.get("/safety/GB/").status_code == 404  # addresses are lower case


def test_persian_readers_see_iran_afghanistan_and_tajikistan_first(client, library):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    html = client.get(reverse("content:safety")).text
    assert html.count('<section class="country"') == 3
    assert 'href="tel:123"' in html  # Iran's social emergency line, on the page itself
