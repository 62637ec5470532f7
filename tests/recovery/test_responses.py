"""Writing on the pathway: private by default, shared on purpose, never lost."""

import pytest
from django.db import connection
from django.urls import reverse

from recovery import services
from recovery.models import Response
from recovery.views.pathway import author_token
from tests.factories import exercise
from tests.pages import page_text

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def letter(pathway):
    return exercise(1, "acknowledgement-letter")


@pytest.fixture
def bobs_private_letter(bob, couple, letter):
    return services.save_response(
        user=bob, exercise=letter, body="Private words for now"
    )


@pytest.fixture
def bobs_shared_letter(bob, couple, letter):
    response = services.save_response(
        user=bob, exercise=letter, body="I was wrong, and I am sorry."
    )
    return services.share_response(response=response, couple=couple)


def page(client, letter):
    return page_text(client.get(reverse("recovery:exercise", args=[letter.pk])))


def test_saving_keeps_writing_private(client, bob, couple, letter):
    client.force_login(bob)
    response = client.post(
        reverse("recovery:response-save", args=[letter.pk]), {"body": "Dear Alice"}
    )
    assert response["Location"] == reverse("recovery:exercise", args=[letter.pk])
    saved = Response.objects.get(user=bob)
    assert saved.body == "Dear Alice" and not saved.shared_with_partner


def test_writing_is_encrypted_at_rest(bobs_private_letter):
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM recovery_response")
        assert "Private words" not in cursor.fetchone()[0]


def test_empty_save_is_explained(client, bob, letter):
    client.force_login(bob)
    html = client.post(
        reverse("recovery:response-save", args=[letter.pk]), {"body": ""}
    ).content.decode()
    assert "Write something before saving" in html


def test_overlong_save_keeps_the_text_as_a_draft(client, bob, letter):
    client.force_login(bob)
    text = "word " * 4001
    response = client.post(
        reverse("recovery:response-save", args=[letter.pk]), {"body": text}
    )
    assert response.status_code == 200
    assert "at most 20000 characters" in response.content.decode()
    assert Response.objects.get(user=bob).draft == text[:20_000]


# ---------- Who sees what ----------


def test_the_author_sees_their_private_writing(
    client, bob, bobs_private_letter, letter
):
    client.force_login(bob)
    assert "Private words for now" in page(client, letter)


@pytest.mark.parametrize("viewer", ["alice", "carol"])
def test_private_writing_is_nobody_elses(
    client, request, bobs_private_letter, letter, viewer
):
    client.force_login(request.getfixturevalue(viewer))
    assert "Private words for now" not in page(client, letter)
    assert "Private words for now" not in page_text(
        client.get(reverse("recovery:journal"))
    )
    assert "Private words for now" not in page_text(
        client.get(reverse("recovery:home"))
    )


@pytest.mark.parametrize("viewer", ["theo", "tina"])
def test_therapists_cannot_open_pathway_writing(
    client, request, bobs_shared_letter, letter, viewer
):
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(reverse("recovery:exercise", args=[letter.pk])).status_code == 403
    assert client.get(reverse("recovery:journal")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, letter):
    assert client.get(reverse("recovery:exercise", args=[letter.pk]))[
        "Location"
    ].startswith(reverse("account_login"))


def test_the_partner_sees_shared_writing_and_can_answer(
    client, alice, bobs_shared_letter, letter
):
    client.force_login(alice)
    html = page(client, letter)
    assert "I was wrong, and I am sorry." in html and "Bob shared this with you" in html
    # Opening the page writes nothing; the page then posts that it was read.
    bobs_shared_letter.refresh_from_db()
    assert bobs_shared_letter.seen_by_partner_at is None
    seen_url = reverse("recovery:response-seen", args=[bobs_shared_letter.pk])
    assert seen_url in html
    assert client.post(seen_url, headers={"HX-Request": "true"}).status_code == 200
    bobs_shared_letter.refresh_from_db()
    assert bobs_shared_letter.seen_by_partner_at is not None
    client.post(
        reverse("recovery:response-acknowledge", args=[bobs_shared_letter.pk]),
        {"text": "Thank you."},
    )
    assert bobs_shared_letter.acknowledgements.get().text == "Thank you."


def test_only_the_partner_can_mark_shared_writing_read(
    client, alice, bob, carol, bobs_shared_letter
):
    seen_url = reverse("recovery:response-seen", args=[bobs_shared_letter.pk])
    for person in (bob, carol):
        client.force_login(person)
        assert client.post(seen_url).status_code == 404
    bobs_shared_letter.refresh_from_db()
    assert bobs_shared_letter.seen_by_partner_at is None


def test_a_stranger_cannot_answer_or_share_someone_elses_writing(
    client, carol, bobs_shared_letter
):
    client.force_login(carol)
    assert (
        client.post(
            reverse("recovery:response-acknowledge", args=[bobs_shared_letter.pk]),
            {"text": "x"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("recovery:response-unshare", args=[bobs_shared_letter.pk]),
            {},
        ).status_code
        == 404
    )


def test_the_partner_cannot_unshare_or_answer_their_own(
    client, alice, bob, bobs_shared_letter
):
    client.force_login(alice)
    assert (
        client.post(
            reverse("recovery:response-unshare", args=[bobs_shared_letter.pk]),
            {},
        ).status_code
        == 404
    )
    client.force_login(bob)
    assert (
        client.post(
            reverse("recovery:response-acknowledge", args=[bobs_shared_letter.pk]),
            {"text": "x"},
        ).status_code
        == 404
    )


def test_unsharing_takes_it_back_at_once(
    client, alice, bob, bobs_shared_letter, letter
):
    client.force_login(bob)
    client.post(reverse("recovery:response-unshare", args=[bobs_shared_letter.pk]), {})
    client.force_login(alice)
    assert "I was wrong" not in page(client, letter)


def test_pausing_the_couple_hides_shared_writing(
    client, alice, bob, couple, bobs_shared_letter, letter
):
    from couples.services import pause_couple

    pause_couple(couple=couple, by=bob)
    client.force_login(alice)
    assert "I was wrong" not in page(client, letter)


def test_the_dashboard_points_to_new_shared_writing(client, alice, bobs_shared_letter):
    client.force_login(alice)
    html = client.get(reverse("recovery:home")).content.decode()
    assert "Bob shared their writing on" in html
    assert bobs_shared_letter.exercise.get_absolute_url() in html
    assert bobs_shared_letter.exercise.title in html


def test_sharing_needs_a_partner(client, alice, letter):
    response = services.save_response(user=alice, exercise=letter, body="x")
    client.force_login(alice)
    client.post(reverse("recovery:response-share", args=[response.pk]), {})
    response.refresh_from_db()
    assert not response.shared_with_partner


def test_the_admin_list_never_shows_writing(admin_client, bobs_private_letter):
    html = page_text(admin_client.get(reverse("admin:recovery_response_changelist")))
    assert "Private words" not in html
    html = page_text(
        admin_client.get(
            reverse("admin:recovery_response_change", args=[bobs_private_letter.pk])
        )
    )
    assert "Private words" not in html


# ---------- Drafts: nothing is lost ----------


def test_autosave_keeps_a_draft_and_answers_with_a_status(client, bob, letter):
    client.force_login(bob)
    response = client.post(
        reverse("recovery:response-draft", args=[letter.pk]),
        {"body": "Half a thought"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Draft saved at" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert "Half a thought" in page(client, letter)  # restored after a reload
    reloaded = page(client, letter)
    assert "Draft saved on" in reloaded and "Press Save when it is ready." in reloaded
    assert "unsaved" not in reloaded  # it is saved, as a draft


def test_a_draft_survives_an_expired_session(client, bob, letter):
    client.force_login(bob)
    token = author_token(bob)
    client.logout()  # the session expires
    response = client.post(
        reverse("recovery:response-draft", args=[letter.pk]),
        {"body": "Words written while signed out", "author": token},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "What you wrote is kept" in response.content.decode()
    assert not Response.objects.exists()
    stash = str(client.session.items())
    assert "Words written while" not in stash  # kept encrypted, even in the session
    client.force_login(bob)
    html = page(client, letter)
    assert "Words written while signed out" in html
    assert "We kept what you were writing" in html


def test_saving_after_the_session_expired_keeps_the_text_and_asks_to_sign_in(
    client, bob, letter
):
    client.force_login(bob)
    token = author_token(bob)
    client.logout()
    response = client.post(
        reverse("recovery:response-save", args=[letter.pk]),
        {"body": "My whole letter", "author": token},
    )
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(bob)
    assert "My whole letter" in page(client, letter)


def test_kept_writing_only_ever_returns_to_its_author(client, alice, bob, letter):
    client.force_login(bob)
    token = author_token(bob)
    client.logout()
    client.post(
        reverse("recovery:response-draft", args=[letter.pk]),
        {"body": "Bob's words", "author": token},
    )
    client.force_login(alice)
    assert "Bob&#x27;s words" not in page(client, letter)
    assert not Response.objects.filter(user=alice).exists()


def test_a_forged_author_keeps_nothing(client, letter):
    response = client.post(
        reverse("recovery:response-draft", args=[letter.pk]),
        {"body": "x", "author": "forged"},
        headers=HTMX,
    )
    assert "You were signed out." in response.content.decode()
    assert "recovery.kept-writing" not in client.session


# ---------- Journal ----------


def test_journal_filters_and_searches_only_my_writing(
    client, alice, bob, couple, pathway
):
    services.save_response(
        user=alice,
        exercise=exercise(1, "what-i-need-now"),
        body="I need quiet evenings",
    )
    services.save_response(
        user=alice,
        exercise=exercise(2, "what-trust-would-look-like"),
        body="Trust looks like calm",
    )
    services.save_response(
        user=bob, exercise=exercise(1, "what-i-need-now"), body="quiet too"
    )
    client.force_login(alice)
    journal = reverse("recovery:journal")
    assert client.get(journal).content.decode().count("journal-entry") == 2
    assert client.get(journal, {"step": 2}).content.decode().count("journal-entry") == 1
    html = page_text(client.get(journal, {"q": "QUIET"}, headers=HTMX))
    assert (
        html.count("journal-entry") == 1
        and "I need quiet evenings" in html
        and "<html" not in html
    )


@pytest.mark.parametrize("count", [5, 500])
def test_query_counts_stay_flat(
    client, alice, bob, couple, pathway, count, django_assert_max_num_queries
):
    from recovery.models import Exercise
    from tests.factories import make_user

    exercises = list(Exercise.objects.all())
    # One response per person and exercise: many responses means many writers.
    writers = [alice] + [
        make_user(f"writer{n}@example.com") for n in range(count // len(exercises))
    ]
    Response.objects.bulk_create(
        Response(
            user=writers[n // len(exercises)],
            exercise=exercises[n % len(exercises)],
            body="x",
            saved_at="2026-11-01T10:00Z",
        )
        for n in range(count)
    )
    client.force_login(alice)
    client.get(reverse("recovery:home"))
    # session, user, membership, steps done, completions, partner membership
    with django_assert_max_num_queries(7):
        assert client.get(reverse("recovery:pathway")).status_code == 200
    # session, user, step (+exercises, related), membership, partner, done, completions
    with django_assert_max_num_queries(9):
        assert client.get(reverse("recovery:step", args=[2])).status_code == 200
    # session, user, entries (with exercises and steps), the steps for the filter
    with django_assert_max_num_queries(4):
        assert client.get(reverse("recovery:journal")).status_code == 200
