import datetime
import zoneinfo

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from couples.models import CheckIn
from couples.services import end_couple, pause_couple, save_checkin
from tests.factories import make_checkin, make_user, run_concurrently
from tests.pages import page_text

pytestmark = pytest.mark.django_db
URL = reverse("couples:checkin")
HTMX = {"HX-Request": "true"}
VALID = {
    "mood": "4",
    "closeness": "6",
    "safety": "7",
    "share_checked_in": "on",
    "share_scores": "on",
    "appreciated": "The walk by the river",
    "share_appreciated": "on",
    "need": "More time to talk",
    "note": "I still feel wobbly at night",
}


def test_checking_in_without_javascript(client, alice, couple):
    client.force_login(alice)
    response = client.post(URL, VALID)
    assert response["Location"] == URL
    checkin = CheckIn.objects.get(user=alice)
    assert (checkin.mood, checkin.closeness, checkin.safety) == (4, 6, 7)
    assert checkin.couple == couple
    assert (
        checkin.share_scores,
        checkin.share_appreciated,
        checkin.share_need,
        checkin.share_note,
    ) == (
        True,
        True,
        False,
        False,
    )


def test_checking_in_with_htmx_returns_the_updated_card(client, alice, couple):
    client.force_login(alice)
    response = client.post(URL, VALID, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="today-card"')
    assert "<html" not in html
    assert "Your check-in" in html and "The walk by the river" in html


def test_free_text_is_encrypted_at_rest(alice):
    make_checkin(
        alice, note="I still feel wobbly at night", appreciated="tea", need="time"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT appreciated, need, note FROM couples_checkin")
        stored = " ".join(cursor.fetchone())
    assert "wobbly" not in stored and "tea" not in stored and stored.count("enc1:") == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mood", "6"),
        ("mood", "0"),
        ("closeness", "11"),
        ("safety", "x"),
        ("safety", ""),
    ],
)
def test_out_of_range_scores_are_explained_and_text_is_kept(
    client, alice, field, value
):
    client.force_login(alice)
    response = client.post(URL, VALID | {field: value}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a number from 1 to" in html
    assert f'id="id_{field}_error"' in html
    assert "The walk by the river" in html and "I still feel wobbly at night" in html
    assert not CheckIn.objects.exists()


def test_a_second_check_in_the_same_day_updates_the_first(client, alice):
    client.force_login(alice)
    client.post(URL, VALID)
    client.post(URL, VALID | {"mood": "2"})
    assert CheckIn.objects.filter(user=alice).count() == 1
    assert CheckIn.objects.get(user=alice).mood == 2


def test_editing_shows_the_form_filled_in(client, alice):
    make_checkin(alice, mood=2, note="kept")
    client.force_login(alice)
    html = client.get(URL + "?edit=1", headers=HTMX).content.decode()
    assert 'name="mood" value="2" id="id_mood_1" checked' in html
    assert "kept" in html


def test_the_day_is_the_persons_own_day(client, alice):
    alice.time_zone = "Pacific/Kiritimati"  # UTC+14
    alice.save()
    client.force_login(alice)
    client.post(URL, VALID)
    local = timezone.now().astimezone(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()
    assert CheckIn.objects.get(user=alice).day == local


def test_someone_alone_can_check_in_and_sees_no_sharing_choices(client, alice):
    client.force_login(alice)
    html = page_text(client.get(URL))
    assert "Share" not in html and "private to you" in html
    assert "tick the box" not in html
    assert "Private: only you can read this." in html
    client.post(URL, VALID)
    checkin = CheckIn.objects.get(user=alice)
    assert checkin.couple is None
    assert not (checkin.share_scores or checkin.share_appreciated)


# ---------- Who sees what ----------


def test_a_partner_is_told_the_note_stays_private_unless_ticked(client, alice, couple):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Private unless you tick the box below." in response.text
    assert 'name="share_note"' in response.text


def test_partners_answers_appear_only_after_my_own_check_in(client, alice, bob, couple):
    make_checkin(bob, mood=5, appreciated="Your patience", share_appreciated=True)
    client.force_login(alice)
    before = page_text(client.get(URL))
    assert "Bob has checked in today" in before
    assert "Your patience" not in before
    client.post(URL, VALID)
    after = client.get(URL).content.decode()
    assert "Your patience" in after


def test_private_parts_never_reach_the_partner(client, alice, bob, couple):
    make_checkin(
        bob, note="private thought", need="private need", share_scores=False, mood=1
    )
    make_checkin(alice)
    client.force_login(alice)
    for url in [URL, reverse("recovery:home"), reverse("couples:trends")]:
        html = page_text(client.get(url))
        assert "private thought" not in html and "private need" not in html, url
    assert "kept today" in client.get(URL).content.decode()


def test_another_couples_partner_sees_only_their_own_check_in_pages(
    client, alice, bob, couple, carol
):
    make_checkin(alice, appreciated="shared line", share_appreciated=True)
    client.force_login(carol)
    for url in [URL, reverse("recovery:home"), reverse("couples:trends")]:
        html = page_text(client.get(url))  # her own page, with her own couple
        assert "shared line" not in html and "Alice" not in html, url


@pytest.mark.parametrize("viewer", ["theo", "tina"])
def test_therapists_cannot_open_check_in_pages_and_their_home_shows_no_client(
    client, request, alice, bob, couple, viewer
):
    make_checkin(alice, appreciated="shared line", share_appreciated=True)
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("couples:trends")).status_code == 403
    home = client.get(reverse("recovery:home"))
    assert home["Location"] == reverse("recovery:caseload")
    html = page_text(client.get(home["Location"]))  # no consent: an empty caseload
    assert "shared line" not in html and "Alice" not in html


def test_therapists_cannot_use_check_ins(client, theo):
    client.force_login(theo)
    assert client.get(URL).status_code == 403
    assert client.post(URL, VALID).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith(reverse("account_login"))
    assert client.post(URL, VALID)["Location"].startswith(reverse("account_login"))


def test_pausing_hides_shared_answers_at_once(client, alice, bob, couple):
    make_checkin(bob, appreciated="shared line", share_appreciated=True)
    make_checkin(alice)
    pause_couple(couple=couple, by=bob)
    client.force_login(alice)
    html = page_text(client.get(URL))
    assert "shared line" not in html
    assert "paused" in html


def test_ending_keeps_entries_but_stops_access(client, alice, bob, couple):
    make_checkin(bob, appreciated="shared line", share_appreciated=True)
    make_checkin(alice)
    end_couple(couple=couple, by=alice)
    assert CheckIn.objects.count() == 2
    client.force_login(alice)
    assert "shared line" not in page_text(client.get(URL))
    client.force_login(bob)
    assert "shared line" in client.get(URL).content.decode()  # still Bob's own


def test_a_new_partner_never_sees_earlier_check_ins(client, alice, bob, couple):
    make_checkin(alice, appreciated="from before", share_appreciated=True)
    end_couple(couple=couple, by=alice)
    from couples.services import create_couple, join_couple

    newcomer = make_user("new@example.com", display_name="Nia")
    fresh = create_couple(user=newcomer)
    join_couple(couple=fresh, user=alice)
    make_checkin(newcomer, couple=fresh)
    client.force_login(newcomer)
    assert "from before" not in page_text(client.get(URL))


def test_low_safety_brings_crisis_help_forward(client, alice):
    client.force_login(alice)
    html = client.post(URL, VALID | {"safety": "1"}, headers=HTMX).content.decode()
    assert "contact emergency services" in html
    assert reverse("content:safety") in html


# ---------- Query counts ----------


def _history(user, days, couple=None):
    today = datetime.date.today()
    CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            couple=couple,
            day=today - datetime.timedelta(days=n),
            mood=3,
            closeness=5,
            safety=5,
        )
        for n in range(1, days + 1)
    )


@pytest.mark.parametrize("days", [7, 365])
def test_card_and_trends_query_counts_stay_flat(
    client, alice, bob, couple, days, django_assert_max_num_queries
):
    _history(alice, days, couple)
    _history(bob, days, couple)
    make_checkin(bob)
    client.force_login(alice)
    client.get(URL)  # the first request after signing in records the session
    # session, user, both seats (with couple and users), today's two check-ins,
    # our agreements in force (for the form)
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200
    # session, user, membership+couple, partner membership+user, my scores, partner's scores
    with django_assert_max_num_queries(6):
        assert client.get(reverse("couples:trends"), {"weeks": 26}).status_code == 200
    client.get(reverse("recovery:home"))  # warms the cached pathway structure
    # home: the card's 5, agreements waiting for me, this month's review,
    # exercises done, step completions, partner's unseen shared writing,
    # a therapist's open assignments
    with django_assert_max_num_queries(11):
        assert client.get(reverse("recovery:home")).status_code == 200


# ---------- Races ----------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_two_check_ins_submitted_at_once_end_as_one():
    person = make_user("racer@example.com")
    day = datetime.date(2026, 11, 1)
    values = {"mood": 3, "closeness": 4, "safety": 5}
    outcomes = run_concurrently(
        lambda: save_checkin(
            user=person, day=day, couple=None, values=values | {"mood": 1}
        ),
        lambda: save_checkin(
            user=person, day=day, couple=None, values=values | {"mood": 5}
        ),
    )
    assert all(isinstance(o, CheckIn) for o in outcomes), outcomes
    assert CheckIn.objects.filter(user=person).count() == 1
    assert CheckIn.objects.get(user=person).mood in (1, 5)


def test_a_person_without_a_linked_partner_is_not_asked_about_one(client, alice):
    client.force_login(alice)
    html = page_text(client.get(URL))
    assert "people who matter to you" in html
    assert "your partner" not in html.lower()
