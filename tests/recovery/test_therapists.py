"""Therapists see a client only with consent, only what was chosen, and every look is logged."""

import datetime
import html

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.dates import local_today
from couples.models import AccessLogEntry, Consent, TherapistProfile, User
from couples.therapy import revoke_consent, verify_therapist
from recovery import services
from recovery.models import Assignment, Step, TherapistNote
from tests.factories import consent, exercise, make_checkin, make_therapist, make_user
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def detail(client, person):
    return client.get(reverse("recovery:caseload-client", args=[person.pk]))


@pytest.fixture
def both_consented(alice, bob, couple, theo, pathway):
    return consent(alice, theo), consent(bob, theo)


# ---------- The permission matrix ----------


def test_with_both_partners_consent_the_therapist_sees_each(
    client, theo, alice, bob, both_consented
):
    client.force_login(theo)
    caseload = client.get(reverse("recovery:caseload")).content.decode()
    assert "Alice" in caseload and "Bob" in caseload
    assert detail(client, alice).status_code == 200


def test_consent_from_only_one_partner_shows_nothing(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo)
    client.force_login(theo)
    assert "Alice" not in page_text(client.get(reverse("recovery:caseload")))
    assert detail(client, alice).status_code == 404


def test_someone_alone_consents_alone(client, theo, carol, pathway):
    solo = make_user("solo@example.com", display_name="Solo")
    consent(solo, theo)
    client.force_login(theo)
    assert detail(client, solo).status_code == 200


def test_a_consent_counts_once_no_current_partner_is_left_without_one(
    alice, bob, couple, theo, tina, pathway
):
    from couples.access import consents_in_effect
    from couples.services import end_couple

    def counted():
        return set(consents_in_effect().values_list("client__email", "therapist_id"))

    mine = consent(alice, theo)
    assert counted() == set()  # Bob has not consented to Theo
    consent(bob, tina)
    assert counted() == set()  # nor does his consent to Tina count for Theo
    theirs = consent(bob, theo)
    # Both consented to Theo; Bob's consent to Tina alone still counts for nothing.
    assert counted() == {(alice.email, theo.pk), (bob.email, theo.pk)}
    revoke_consent(consent=theirs)
    assert counted() == set()
    end_couple(couple=couple, by=bob)
    # Without a partner, each person's own consent is enough.
    assert counted() == {(alice.email, theo.pk), (bob.email, tina.pk)}
    revoke_consent(consent=mine)
    assert counted() == {(bob.email, tina.pk)}


def test_revoking_takes_effect_at_once_for_the_couple(
    client, theo, alice, bob, both_consented
):
    revoke_consent(consent=both_consented[0])
    client.force_login(theo)
    assert detail(client, alice).status_code == 404
    assert detail(client, bob).status_code == 404  # the couple needs both


def test_another_therapist_sees_nothing(client, tina, alice, both_consented):
    client.force_login(tina)
    assert detail(client, alice).status_code == 404
    assert "Alice" not in page_text(client.get(reverse("recovery:caseload")))


def test_an_unverified_therapist_sees_only_the_waiting_page(
    client, uma, alice, bob, couple, pathway
):
    consent(alice, uma)
    consent(bob, uma)
    client.force_login(uma)
    html = page_text(detail(client, alice))  # the waiting page, not the client's
    assert "checking your professional details" in html and "Alice" not in html


def test_clients_cannot_open_therapist_pages(client, alice, both_consented):
    client.force_login(alice)
    assert client.get(reverse("recovery:caseload")).status_code == 403
    assert detail(client, alice).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, alice):
    assert detail(client, alice)["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("scope", "shown", "hidden"),
    [
        (
            "share_progress",
            "Pathway progress",
            ["Check-in scores", "Writing shared with you"],
        ),
        (
            "share_checkins",
            "Check-in scores",
            ["Pathway progress", "Writing shared with you"],
        ),
        (
            "share_responses",
            "Writing shared with you",
            ["Pathway progress", "Check-in scores"],
        ),
    ],
)
def test_each_scope_on_its_own(
    client, theo, alice, bob, couple, pathway, scope, shown, hidden
):
    scopes = {
        "share_progress": False,
        "share_checkins": False,
        "share_responses": False,
        scope: True,
    }
    consent(alice, theo, **scopes)
    consent(bob, theo)
    client.force_login(theo)
    html = page_text(detail(client, alice))
    assert shown in html
    for title in hidden:
        assert title not in html


def test_only_writing_marked_for_the_therapist_is_shown(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_responses=True)
    consent(bob, theo)
    for_therapist = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="For my therapist"
    )
    for_therapist.shared_with_therapist = True
    for_therapist.save()
    partner_only = services.save_response(
        user=alice, exercise=exercise(1, "what-this-has-meant"), body="Only for Bob"
    )
    services.share_response(response=partner_only, couple=couple)
    services.save_response(
        user=alice, exercise=exercise(1, "letter-about-the-hurt"), body="Private to me"
    )
    client.force_login(theo)
    html = page_text(detail(client, alice))
    assert "For my therapist" in html
    assert "Only for Bob" not in html and "Private to me" not in html


def test_check_in_notes_never_reach_the_therapist(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_checkins=True)
    consent(bob, theo)
    make_checkin(
        alice, note="my private note", appreciated="tea", share_appreciated=True
    )
    client.force_login(theo)
    html = page_text(detail(client, alice))
    assert "my private note" not in html and "tea" not in html


# ---------- Access log ----------


def test_every_look_is_logged_and_shown_to_the_client(
    client, theo, alice, both_consented
):
    Consent.objects.filter(client=alice).update(share_checkins=True)
    client.force_login(theo)
    detail(client, alice)
    areas = set(
        AccessLogEntry.objects.filter(client=alice, therapist=theo).values_list(
            "area", flat=True
        )
    )
    assert areas == {"progress", "checkins", "assignments"}
    client.force_login(alice)
    html = client.get(reverse("couples:therapists")).content.decode()
    assert (
        "Who looked, and when" in html and "check-in scores" in html and "Theo" in html
    )


# ---------- Consent pages ----------


def test_connecting_by_code_and_choosing_scopes(client, alice, theo):
    profile = TherapistProfile.objects.get(user=theo)
    client.force_login(alice)
    response = client.post(
        reverse("couples:therapist-code"), {"code": profile.display_code.lower()}
    )
    assert response["Location"] == reverse(
        "couples:therapist-connect", args=[profile.connection_code]
    )
    html = client.get(response["Location"]).content.decode()
    assert "very low safety several days running" in html  # told at consent time
    client.post(response["Location"], {"share_progress": "on", "share_checkins": "on"})
    given = Consent.objects.get(client=alice)
    assert (given.share_progress, given.share_checkins, given.share_responses) == (
        True,
        True,
        False,
    )


def test_connecting_to_an_unverified_therapist_is_explained(client, alice, uma):
    profile = TherapistProfile.objects.get(user=uma)
    client.force_login(alice)
    html = client.post(
        reverse("couples:therapist-connect", args=[profile.connection_code]),
        {"share_progress": "on"},
    ).content.decode()
    assert "verified yet" in html
    assert not Consent.objects.exists()


def test_changing_and_revoking_consent(client, alice, theo):
    given = consent(alice, theo)
    client.force_login(alice)
    client.post(
        reverse("couples:consent-update", args=[given.pk]),
        {f"consent-{given.pk}-share_responses": "on"},
    )
    given.refresh_from_db()
    assert (given.share_progress, given.share_responses) == (False, True)
    client.post(reverse("couples:consent-revoke", args=[given.pk]))
    given.refresh_from_db()
    assert given.revoked_at is not None


def test_nobody_else_can_change_a_consent(client, bob, theo, alice):
    given = consent(alice, theo)
    for person in (bob, theo):
        client.force_login(person)
        response = client.post(reverse("couples:consent-revoke", args=[given.pk]))
        assert response.status_code in (403, 404)
    given.refresh_from_db()
    assert given.revoked_at is None


# ---------- Assignments and notes ----------


def test_assignment_lifecycle(client, theo, alice, bob, both_consented, mailoutbox):
    step = Step.objects.get(number=2)
    client.force_login(theo)
    client.post(
        reverse("recovery:assignment-create", args=[alice.pk]),
        {"step": step.pk, "due_on": "2026-12-01", "note": "Before Thursday"},
    )
    assignment = Assignment.objects.get()
    assert mailoutbox[-1].to == [alice.email]
    assert mailoutbox[-1].subject == "Something new in Mend"
    client.force_login(alice)
    assert "Before Thursday" in client.get(reverse("recovery:home")).content.decode()
    client.post(
        reverse("recovery:assignment-status", args=[assignment.pk]),
        {"status": "started"},
    )
    client.post(
        reverse("recovery:assignment-status", args=[assignment.pk]), {"status": "done"}
    )
    assignment.refresh_from_db()
    assert assignment.status == "done" and assignment.started_at and assignment.done_at
    client.force_login(theo)
    assert "Done" in detail(client, alice).content.decode()


def test_dashboard_and_client_page_name_each_assignment_in_the_readers_language(
    client, theo, alice, both_consented
):
    step = Step.objects.get(number=2)
    chosen = step.exercises.first()
    services.assign(therapist=theo, client=alice, step=step, exercise=chosen)
    services.assign(therapist=theo, client=alice, step=Step.objects.get(number=3))
    client.force_login(alice)
    html = page_text(client.get(reverse("recovery:home")))
    assert f'<a href="{chosen.get_absolute_url()}">{chosen.title}</a>' in html
    step_three = Step.objects.get(number=3)
    assert f"Step 3: {step_three.title}" in html
    alice.language = "fa"
    alice.save(update_fields=["language"])
    html = page_text(client.get(reverse("recovery:home")))
    assert chosen.translations["fa"]["title"] in html
    client.force_login(theo)
    html = page_text(detail(client, alice))
    assert f"Step 2: {chosen.title}" in html


def test_nobody_else_moves_an_assignment(client, theo, alice, bob, both_consented):
    assignment = services.assign(
        therapist=theo, client=alice, step=Step.objects.get(number=1)
    )
    client.force_login(bob)
    assert (
        client.post(
            reverse("recovery:assignment-status", args=[assignment.pk]),
            {"status": "done"},
        ).status_code
        == 404
    )


def test_no_assignment_without_consent(client, tina, alice, both_consented):
    client.force_login(tina)
    response = client.post(
        reverse("recovery:assignment-create", args=[alice.pk]),
        {"step": Step.objects.get(number=1).pk},
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_an_exercise_from_another_step_is_explained_beside_the_field(
    client, theo, alice, both_consented
):
    client.force_login(theo)
    step_one = Step.objects.get(number=1)
    wrong = exercise(2, "ending-contact")
    response = client.post(
        reverse("recovery:assignment-create", args=[alice.pk]),
        {
            "step": step_one.pk,
            "exercise": wrong.pk,
            "due_on": "2026-12-24",
            "note": "Before the holidays",
        },
    )
    page = page_text(response)  # the page again, not a redirect
    assert not Assignment.objects.exists()
    assert "Nothing was assigned yet: please check the form." in page
    # The message sits in the exercise field, right above its menu.
    field = page[page.index('<label for="id_exercise"') :]
    field = field[: field.index("</select>")]
    assert (
        f"“{wrong.title}” belongs to another step. Choose an exercise of step 1, "
        "or leave this on “Any exercise of the step”." in html.unescape(field)
    )
    # What was entered is kept.
    assert f'<option value="{wrong.pk}" selected data-step="{wrong.step_id}">' in page
    assert f'<option value="{step_one.pk}" selected>' in page
    assert 'value="2026-12-24"' in page and "Before the holidays</textarea>" in page


def test_the_exercise_menu_names_each_exercises_step_for_the_filter(
    client, theo, alice, both_consented
):
    client.force_login(theo)
    page = page_text(detail(client, alice))
    menu = page[page.index('<select name="exercise"') :]
    menu = menu[: menu.index("</select>")]
    assert 'data-step-field="id_step"' in menu
    assert '<option value="" selected>Any exercise of the step</option>' in menu
    for step in Step.objects.all():
        assert f'<optgroup label="{step.number}. ' in menu
        for one in step.exercises.all():
            assert f'<option value="{one.pk}" data-step="{step.pk}">' in menu
    assert "js/exercise-filter.js" in page


def test_private_notes_are_encrypted_and_never_shown_to_the_client(
    client, theo, alice, both_consented
):
    client.force_login(theo)
    client.post(
        reverse("recovery:note-create", args=[alice.pk]), {"text": "Watch for shutdown"}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM recovery_therapistnote")
        assert "shutdown" not in cursor.fetchone()[0]
    assert TherapistNote.objects.get().text == "Watch for shutdown"
    client.force_login(alice)
    for url in [
        reverse("recovery:home"),
        reverse("couples:therapists"),
        reverse("recovery:journal"),
    ]:
        assert "Watch for shutdown" not in page_text(client.get(url))


# ---------- Crisis alerts ----------


def _low_days(person, days):
    today = timezone.localdate()
    for n in range(days):
        make_checkin(person, day=today - datetime.timedelta(days=n), safety=1)


def test_very_low_safety_several_days_running_is_highlighted(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_checkins=True)
    consent(bob, theo)
    _low_days(alice, 3)
    client.force_login(theo)
    assert "Low safety several days running" in caseload_row(client, alice)


def test_no_alert_without_consent_to_share_check_ins(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo)
    consent(bob, theo)
    _low_days(alice, 3)
    client.force_login(theo)
    assert "Low safety" not in page_text(client.get(reverse("recovery:caseload")))


def test_no_alert_for_a_single_low_day(client, theo, alice, bob, couple, pathway):
    consent(alice, theo, share_checkins=True)
    consent(bob, theo)
    _low_days(alice, 1)
    client.force_login(theo)
    assert "Low safety" not in page_text(client.get(reverse("recovery:caseload")))


# ---------- Accounts ----------


def test_therapist_sign_up_creates_an_unverified_therapist(client, mailoutbox):
    client.post(
        reverse("therapist-signup"),
        {
            "full_name": "Dr Lee",
            "licence_number": "L-42",
            "jurisdiction": "Ontario, CRPO",
            "email": "lee@example.com",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "processing_consent": "on",
        },
    )
    user = User.objects.get(email="lee@example.com")
    assert user.is_therapist and not user.therapist_profile.is_verified


def test_verifying_emails_the_therapist(uma, mailoutbox):
    verify_therapist(profile=uma.therapist_profile)
    assert uma.therapist_profile.is_verified
    assert mailoutbox[-1].to == [uma.email]


def caseload_row(client, person) -> str:
    """The caseload's card of the group this person is in."""
    from tests.recovery.test_caseload import group_of

    return group_of(page_text(client.get(reverse("recovery:caseload"))), person)


def test_last_activity_shows_what_the_client_shares_and_nothing_else(
    client, theo, pathway
):
    person = make_user("solo@example.com", display_name="Solo")
    given = consent(person, theo, share_progress=False, share_checkins=True)
    long_ago = timezone.now() - datetime.timedelta(days=40)
    checkin = make_checkin(person)
    type(checkin).objects.filter(pk=checkin.pk).update(updated_at=long_ago)
    # A step completed later, in an area this consent does not share.
    services.complete_step(user=person, step=Step.objects.get(number=1))
    client.force_login(theo)
    row = caseload_row(client, person)
    assert timezone.localtime(long_ago).strftime("%-d %b") in row
    assert timezone.localtime().strftime("%-d %b") not in row

    given.share_progress = True
    given.save(update_fields=["share_progress"])
    today = timezone.localtime().strftime("%-d %b")
    assert today in caseload_row(client, person)


def test_a_clients_scores_carry_their_name_for_the_therapist(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_checkins=True)
    consent(bob, theo)
    make_checkin(alice)
    client.force_login(theo)
    page = page_text(detail(client, alice))
    assert "Alice checked in on 1 day." in page
    # Too few to draw: the therapist reads when the charts will appear.
    assert "once Alice has checked in on three days" in page
    assert "Go to today" not in page

    for days_ago in (1, 2):
        make_checkin(alice, day=local_today(alice) - datetime.timedelta(days=days_ago))
    page = detail(client, alice).content.decode()
    assert "Alice checked in on 3 days." in page
    assert "You checked in" not in page
    assert '<th scope="col">Alice</th>' in page
    assert "series-me" in page and ">You<" not in page


def test_last_activity_is_a_dash_when_nothing_is_shared(client, theo, pathway):
    person = make_user("solo@example.com", display_name="Solo")
    consent(person, theo, share_progress=False)
    make_checkin(person)
    client.force_login(theo)
    assert '<span class="muted">—</span>' in caseload_row(client, person)


@pytest.mark.parametrize("clients", [1, 200])
def test_caseload_query_count_stays_flat(
    client, theo, pathway, clients, django_assert_max_num_queries
):
    for n in range(clients):
        person = make_user(f"client{n}@example.com")
        consent(person, theo, share_checkins=True)
        make_checkin(person)
    client.force_login(theo)
    client.get(reverse("recovery:caseload"))  # the first request records the session
    # session, user, therapist profile, consents (with every column), crisis check-ins
    with django_assert_max_num_queries(5):
        assert client.get(reverse("recovery:caseload")).status_code == 200


def test_admin_verify_action(admin_client, uma):
    admin_client.post(
        reverse("admin:couples_therapistprofile_changelist"),
        {"action": "verify", "_selected_action": [uma.therapist_profile.pk]},
    )
    uma.therapist_profile.refresh_from_db()
    assert uma.therapist_profile.is_verified


def test_make_therapist_helper_is_not_a_client(db):
    assert make_therapist("t@example.com", "T").is_therapist
