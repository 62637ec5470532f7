import re

import pytest
from django.urls import reverse

from couples.models import Couple, Membership
from couples.services import pause_couple

pytestmark = pytest.mark.django_db


def test_ending_says_exactly_what_happens_before_confirming(client, alice, couple):
    client.force_login(alice)
    html = client.get(reverse("couples:couple-end")).content.decode()
    assert "Nothing is deleted. You each keep your own entries." in html
    assert "can no longer see anything of yours" in html
    assert Membership.objects.filter(ended_at__isnull=True).count() == 2


def test_ending_frees_both_people(client, alice, bob, couple):
    client.force_login(alice)
    client.post(reverse("couples:couple-end"))
    couple.refresh_from_db()
    assert couple.status == Couple.Status.ENDED
    assert not Membership.objects.filter(ended_at__isnull=True).exists()
    client.force_login(bob)
    assert (
        "Invite your partner" in client.get(reverse("couples:couple")).content.decode()
    )


def test_only_the_one_who_paused_can_resume(client, alice, bob, couple):
    pause_couple(couple=couple, by=alice)
    client.force_login(bob)
    client.post(reverse("couples:couple-resume"))
    couple.refresh_from_db()
    assert couple.status == Couple.Status.PAUSED
    client.force_login(alice)
    client.post(reverse("couples:couple-resume"))
    couple.refresh_from_db()
    assert couple.status == Couple.Status.ACTIVE


def test_pause_through_the_page(client, bob, couple):
    client.force_login(bob)
    client.post(reverse("couples:couple-pause"))
    couple.refresh_from_db()
    assert (couple.status, couple.paused_by) == (Couple.Status.PAUSED, bob)


def test_no_couple_means_404_for_couple_actions(client, carol, alice):
    client.force_login(alice)  # alice has no couple in this test
    assert client.post(reverse("couples:couple-pause")).status_code == 404
    assert client.get(reverse("couples:couple-end")).status_code == 404


def test_couple_page_query_count(client, alice, couple, django_assert_max_num_queries):
    client.force_login(alice)
    client.get(
        reverse("couples:couple")
    )  # the first request after signing in records the session
    # session, user, membership+couple, partner membership+user, safety check
    with django_assert_max_num_queries(5):
        assert client.get(reverse("couples:couple")).status_code == 200


def test_role_can_be_chosen_and_changed(client, alice):
    client.force_login(alice)
    client.post(
        reverse("couples:settings"),
        {
            "display_name": "Alice",
            "role": "unsaid",
            "time_zone": "UTC",
            "checkin_reminder_time": "20:15",
        },
    )
    alice.refresh_from_db()
    assert alice.role == "unsaid"
    assert alice.checkin_reminder_time.hour == 20


PRIMARY = re.compile(
    r'<(?:a|button)\b[^>]*class="button"[^>]*>(.*?)</(?:a|button)>', re.DOTALL
)


def primary_actions(html):
    """The main area's solid buttons (class "button" alone), in page order."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return PRIMARY.findall(main)


def test_a_newly_linked_couple_is_offered_the_check_in_first(client, alice, couple):
    client.force_login(alice)

    response = client.get(reverse("couples:couple"))

    assert response.status_code == 200
    html = response.content.decode()
    assert primary_actions(html) == ["Go to today's check-in"]
    assert 'class="link-button">Pause sharing</button>' in html
    assert html.index("Go to today's check-in") < html.index("Pause sharing")
    assert html.index("Our agreements") < html.index("End the pairing")


def test_the_one_who_paused_is_offered_resume_first(client, alice, couple):
    pause_couple(couple=couple, by=alice)
    client.force_login(alice)

    response = client.get(reverse("couples:couple"))

    assert response.status_code == 200
    assert primary_actions(response.content.decode()) == ["Resume sharing"]
    assert "Pause sharing" not in response.content.decode()
