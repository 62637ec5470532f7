"""The caseload groups partners by couple, and a couple has a page of its own.

A therapist sees a couple only once both partners consented, and of each
partner only what that partner's own consent allows.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from couples.models import AccessLogEntry
from couples.services import create_couple, end_couple
from couples.therapy import revoke_consent
from recovery import services
from recovery.models import Step
from tests.factories import consent, exercise, make_checkin, make_user
from tests.pages import page_text

pytestmark = pytest.mark.django_db


# ---------- Reading the caseload ----------


def caseload_page(client) -> str:
    return page_text(client.get(reverse("recovery:caseload")))


def groups(page: str) -> list[str]:
    """Each group's card on the caseload, as HTML."""
    start = page.index('<ul class="caseload-groups"')
    end = page.index('<section class="grid section">', start)
    return page[start:end].split('class="card caseload-group"')[1:]


def group_of(page: str, person) -> str:
    """The card of the group whose table links to this person's page."""
    url = reverse("recovery:caseload-client", args=[person.pk])
    [group] = [g for g in groups(page) if f'href="{url}"' in g]
    return group


def cells(group: str, heading: str) -> list[str]:
    """The cells of one row of a group's table, one per person, tags removed."""
    row = re.search(rf'<th scope="row">{heading}</th>(.*?)</tr>', group, re.S)
    assert row, f"no row {heading!r}"
    found = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in found]


def couple_page(client, couple):
    return client.get(reverse("recovery:caseload-couple", args=[couple.pk]))


@pytest.fixture
def solo(db):
    return make_user("solo@example.com", display_name="Solo")


# ---------- Grouping ----------


def test_a_couple_is_one_group_and_a_client_alone_is_another(
    client, theo, alice, bob, couple, solo, pathway
):
    consent(alice, theo)
    consent(bob, theo, share_checkins=True)
    consent(solo, theo)
    client.force_login(theo)
    page = caseload_page(client)

    assert len(groups(page)) == 2
    together = group_of(page, alice)
    assert together == group_of(page, bob)
    assert "Alice and Bob" in together
    assert reverse("recovery:caseload-couple", args=[couple.pk]) in together
    # Each partner's consent, side by side in their own column.
    assert cells(together, "Shares with you") == [
        "progress",
        "progress check-in scores",
    ]

    alone = group_of(page, solo)
    assert "Alice" not in alone and "caseload/couple/" not in alone
    assert cells(alone, "Shares with you") == ["progress"]


def test_a_couple_where_only_one_consented_shows_nothing_of_either(
    client, theo, alice, bob, couple, solo, pathway
):
    consent(alice, theo, share_checkins=True)
    consent(solo, theo)
    client.force_login(theo)
    page = caseload_page(client)
    assert "Solo" in page
    assert "Alice" not in page and "Bob" not in page
    assert couple_page(client, couple).status_code == 404


def test_someone_whose_partner_has_not_joined_is_a_client_alone(client, theo, pathway):
    waiting = make_user("waiting@example.com", display_name="Waiting")
    couple = create_couple(user=waiting)
    consent(waiting, theo)
    client.force_login(theo)
    group = group_of(caseload_page(client), waiting)
    assert "caseload/couple/" not in group
    assert couple_page(client, couple).status_code == 404


def test_after_a_couple_ends_each_is_a_client_alone(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo)
    consent(bob, theo)
    end_couple(couple=couple, by=alice)
    client.force_login(theo)
    page = caseload_page(client)
    assert group_of(page, alice) != group_of(page, bob)
    assert couple_page(client, couple).status_code == 404


def test_progress_says_which_step_each_partner_is_on(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo)
    consent(bob, theo, share_progress=False)
    services.complete_step(user=alice, step=Step.objects.get(number=1))
    client.force_login(theo)
    group = group_of(caseload_page(client), alice)
    assert cells(group, "Pathway") == ["On step 2 of 5", "not shared"]


# ---------- The couple's page ----------


@pytest.fixture
def couple_with_history(alice, bob, couple, theo, pathway):
    """Alice shares writing and check-ins with Theo; Bob only his progress."""
    consent(alice, theo, share_checkins=True, share_responses=True)
    consent(bob, theo)
    for person, words in [(alice, "Alice wrote this for Theo"), (bob, "Bob's words")]:
        response = services.save_response(
            user=person, exercise=exercise(1, "what-i-need-now"), body=words
        )
        services.share_with_therapist(response=response, shared=True)
    today = timezone.localdate()
    for days_ago in range(4):
        make_checkin(alice, day=today - datetime.timedelta(days=days_ago), safety=6)
        make_checkin(bob, day=today - datetime.timedelta(days=days_ago), safety=9)
    services.complete_step(user=bob, step=Step.objects.get(number=1))
    return couple


def test_the_couple_page_shows_each_partner_only_what_their_consent_allows(
    client, theo, couple_with_history
):
    client.force_login(theo)
    page = page_text(couple_page(client, couple_with_history))
    # Her own words keep their own direction, on a Persian page too.
    assert '<p dir="auto">Alice wrote this for Theo</p>' in page
    assert "Bob&#x27;s words" not in page and "Bob's words" not in page
    assert "Bob does not share writing with you." in page
    assert "Bob does not share check-in scores with you." in page
    assert "Alice checked in on 4 days." in page
    assert "Bob checked in" not in page  # his scores are not Theo's to see
    assert "Alice does not share their progress with you." not in page
    # Progress: Bob's steps, side by side with Alice's.
    step_one = re.search(r"<tr><th scope=\"row\">1\. .*?</tr>", page, re.S).group()
    assert "complete" in step_one


def test_both_partners_scores_share_one_chart_when_both_share_them(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_checkins=True)
    consent(bob, theo, share_checkins=True)
    today = timezone.localdate()
    for days_ago in range(3):
        make_checkin(alice, day=today - datetime.timedelta(days=days_ago), safety=3)
        make_checkin(bob, day=today - datetime.timedelta(days=days_ago), safety=8)
    client.force_login(theo)
    page = page_text(couple_page(client, couple))
    assert "Alice checked in on 3 days. Bob checked in on 3 days." in page
    assert "<bdi>Alice</bdi> / <bdi>Bob</bdi>" in page
    assert "you / partner" not in page
    assert "Safety and trust for Alice" in page
    assert "Safety and trust for Bob" in page


def test_each_look_at_the_couple_page_is_logged_for_each_partner(
    client, theo, alice, bob, couple_with_history
):
    client.force_login(theo)
    page_text(couple_page(client, couple_with_history))
    logged = {
        person: set(
            AccessLogEntry.objects.filter(client=person, therapist=theo).values_list(
                "area", flat=True
            )
        )
        for person in (alice, bob)
    }
    assert logged == {
        alice: {"progress", "checkins", "responses", "assignments"},
        bob: {"progress", "assignments"},
    }


def test_revoking_either_consent_closes_the_couple_page(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo)
    given = consent(bob, theo)
    client.force_login(theo)
    assert couple_page(client, couple).status_code == 200
    revoke_consent(consent=given)
    assert couple_page(client, couple).status_code == 404


def test_each_partners_page_leads_to_the_couples_page(
    client, theo, alice, bob, couple, solo, pathway
):
    consent(alice, theo)
    consent(bob, theo)
    consent(solo, theo)
    client.force_login(theo)
    url = reverse("recovery:caseload-couple", args=[couple.pk])
    alices = client.get(reverse("recovery:caseload-client", args=[alice.pk]))
    assert url in page_text(alices)
    solos = client.get(reverse("recovery:caseload-client", args=[solo.pk]))
    assert "caseload/couple/" not in page_text(solos)


def test_the_couple_page_is_for_therapists_only(
    client, alice, bob, couple, theo, tina, pathway
):
    consent(alice, theo)
    consent(bob, theo)
    client.force_login(alice)
    assert couple_page(client, couple).status_code == 403
    client.force_login(tina)
    assert couple_page(client, couple).status_code == 404
    client.logout()
    assert couple_page(client, couple)["Location"].startswith(reverse("account_login"))


def test_the_couple_page_for_every_role(
    client, alice, bob, couple, carol, theo, tina, uma, pathway
):
    """Anonymous, either partner, another couple, therapists with and without consent."""
    from couples.access import membership_of

    consent(alice, theo, share_checkins=True, share_responses=True)
    consent(bob, theo, share_progress=False)
    # Carol and Dave consented to Tina: she sees their couple, not Alice's.
    dave = membership_of(carol).couple.memberships.exclude(user=carol).get().user
    consent(carol, tina)
    consent(dave, tina)
    # Uma is not verified: both partners' consents to her count for nothing.
    consent(alice, uma)
    consent(bob, uma)
    url = reverse("recovery:caseload-couple", args=[couple.pk])

    assert client.get(url)["Location"].startswith(reverse("account_login"))
    for person, status in [
        (alice, 403),
        (bob, 403),
        (carol, 403),
        (tina, 404),
        (theo, 200),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.force_login(uma)  # the page waiting for verification, nothing else
    waiting = page_text(client.get(url))
    assert "verif" in waiting and "Alice" not in waiting and "Bob" not in waiting
    client.force_login(theo)
    page = page_text(client.get(url))
    assert "Alice and Bob" in page  # the page rendered, so what is absent counts
    assert "Bob does not share their progress with you." in page
    assert "Bob does not share check-in scores with you." in page
    assert "Alice does not share" not in page

    client.force_login(tina)
    theirs = reverse("recovery:caseload-couple", args=[membership_of(carol).couple_id])
    assert "Carol and Dave" in page_text(client.get(theirs))
    client.force_login(theo)
    assert client.get(theirs).status_code == 404


def test_a_wrong_couple_id_is_404(client, theo, alice, bob, couple, pathway):
    consent(alice, theo)
    consent(bob, theo)
    client.force_login(theo)
    missing = reverse("recovery:caseload-couple", args=[couple.pk + 1000])
    assert client.get(missing).status_code == 404


# ---------- Alerts ----------


def low_safety(person, days):
    today = timezone.localdate()
    for n in range(days):
        make_checkin(person, day=today - datetime.timedelta(days=n), safety=2)


def test_an_alert_is_named_and_explained_with_what_to_consider(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_checkins=True)
    consent(bob, theo, share_checkins=True)
    low_safety(alice, 3)
    client.force_login(theo)
    page = caseload_page(client)
    group = group_of(page, alice)
    assert cells(group, "Alerts") == ["Low safety several days running", "none"]
    assert f'href="#alert-{alice.pk}"' in group
    explanation = group[group.index(f'id="alert-{alice.pk}"') :]
    assert (
        "Alice rated “safety and trust” 2 or lower, out of 10, on 3 or more days "
        "running this past week." in explanation
    )
    assert "You might consider reaching out to Alice before your next session" in (
        " ".join(explanation.split())
    )
    assert f'id="alert-{bob.pk}"' not in page


def test_no_alert_reads_none_and_a_client_without_check_ins_says_so(
    client, theo, alice, bob, couple, solo, pathway
):
    consent(alice, theo, share_checkins=True)
    consent(bob, theo)
    consent(solo, theo)
    low_safety(bob, 3)  # Bob does not share check-ins: no alert can come of them
    client.force_login(theo)
    page = caseload_page(client)
    assert cells(group_of(page, alice), "Alerts") == ["none", "check-ins not shared"]
    assert cells(group_of(page, solo), "Alerts") == ["check-ins not shared"]
    assert "Low safety" not in page


def test_the_caseload_says_what_an_alert_is(client, theo, solo, pathway):
    consent(solo, theo, share_checkins=True)
    client.force_login(theo)
    page = " ".join(caseload_page(client).split())
    assert "What an alert means" in page
    assert (
        "An alert appears when a client who shares check-in scores with you rated "
        "“safety and trust” 2 or lower, out of 10, on 3 days running within the "
        "past week." in page
    )
    assert "Mend does not email you about them" in page


# ---------- At a glance: assignments, and what is new since the last visit ----------


def test_assignments_due_overdue_and_done_at_a_glance(
    client, theo, tina, alice, bob, couple, pathway
):
    consent(alice, theo)
    consent(bob, theo)
    consent(alice, tina)
    consent(bob, tina)
    today = timezone.localdate()
    step = Step.objects.get(number=1)

    def assign(by=theo, days=None, status=None):
        due = today + datetime.timedelta(days=days) if days is not None else None
        assignment = services.assign(therapist=by, client=alice, step=step, due_on=due)
        if status:
            services.set_assignment_status(
                assignment=assignment, by=alice, status=status
            )

    assign(days=-2)  # overdue
    assign(days=3)  # to do, the next one due
    assign(days=10)
    assign()  # to do, no date
    assign(days=-5, status="done")
    assign(by=tina, days=-1)  # another therapist's: not Theo's to count
    client.force_login(theo)
    group = group_of(caseload_page(client), alice)
    next_due = (today + datetime.timedelta(days=3)).strftime("%-d %b")
    assert cells(group, "Your assignments") == [
        f"1 overdue 3 to do (next due {next_due}) 1 done",
        "none yet",
    ]


def test_what_was_shared_since_the_last_visit_counts_only_what_consent_opens(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_checkins=True, share_responses=True)
    consent(bob, theo)  # progress only
    for person in (alice, bob):
        writing = services.save_response(
            user=person, exercise=exercise(1, "what-i-need-now"), body="Words."
        )
        services.share_with_therapist(response=writing, shared=True)
        make_checkin(person)
    services.complete_step(user=bob, step=Step.objects.get(number=1))
    client.force_login(theo)
    group = group_of(caseload_page(client), alice)
    shared = cells(group, "Shared since your last visit")
    never = "you have not opened their page yet"
    assert shared == [
        f"1 check-in 1 piece of writing {never}",
        f"1 step completed {never}",
    ]

    # A visit to the couple's page is a visit to both: nothing is new after it.
    page_text(couple_page(client, couple))
    today = timezone.localtime().strftime("%-d %b")
    group = group_of(caseload_page(client), alice)
    assert cells(group, "Shared since your last visit") == [
        f"nothing new since {today}",
        f"nothing new since {today}",
    ]

    later = make_checkin(alice, day=timezone.localdate() - datetime.timedelta(days=1))
    make_checkin(bob, day=timezone.localdate() - datetime.timedelta(days=1))
    assert later.updated_at > AccessLogEntry.objects.latest("viewed_at").viewed_at
    group = group_of(caseload_page(client), alice)
    assert cells(group, "Shared since your last visit") == [
        f"1 check-in since {today}",
        f"nothing new since {today}",  # Bob's check-ins are not Theo's to count
    ]


def test_check_ins_kept_from_the_partner_count_only_when_the_consent_includes_them(
    client, theo, alice, bob, couple, pathway
):
    consent(alice, theo, share_checkins=True, include_private_scores=False)
    bobs = consent(bob, theo, share_checkins=True, include_private_scores=False)
    make_checkin(alice, share_scores=False)  # scores kept from Bob
    make_checkin(bob, share_checked_in=False)  # even the check-in kept from Alice
    client.force_login(theo)
    never = "you have not opened their page yet"
    group = group_of(caseload_page(client), alice)
    assert cells(group, "Shared since your last visit") == [
        f"nothing new {never}",
        f"nothing new {never}",
    ]
    assert (
        cells(group, "Shares with you")
        == ["progress check-in scores, not those kept private"] * 2
    )

    bobs.include_private_scores = True
    bobs.save(update_fields=["include_private_scores"])
    group = group_of(caseload_page(client), alice)
    assert cells(group, "Shared since your last visit") == [
        f"nothing new {never}",
        f"1 check-in {never}",
    ]
    assert cells(group_of(caseload_page(client), bob), "Shares with you")[1] == (
        "progress check-in scores"
    )


def test_the_caseload_links_to_whats_new(client, theo, solo, pathway):
    consent(solo, theo)
    client.force_login(theo)
    link = f'<a href="{reverse("couples:news")}">What' + "'s new</a> lists"
    assert link in caseload_page(client)


@pytest.mark.parametrize("days", [2, 30])
def test_the_couple_page_costs_nine_queries_however_long_the_history(
    client, world, days, django_assert_num_queries
):
    from tests.factories import grow_history

    grow_history(
        [world["alice"], world["bob"]], world["couple"], world["theo"], days=days
    )
    client.force_login(world["theo"])
    url = reverse("recovery:caseload-couple", args=[world["couple"].pk])
    client.get(url)  # the first request records the session
    # session, user (with profile and unread count), both consents, shared
    # writing, assignments, Alice's scores, Bob's scores, the access-log rows
    # (one insert), the security event; steps completed come from each
    # person's cached progress, read by the first request
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_clients_with_an_alert_come_first(client, theo, alice, bob, couple, pathway):
    zoe = make_user("zoe@example.com", display_name="Zoe")
    consent(alice, theo, share_checkins=True)
    consent(bob, theo)
    consent(zoe, theo, share_checkins=True)
    client.force_login(theo)
    assert "Alice" in groups(caseload_page(client))[0]
    low_safety(zoe, 3)
    first, second = groups(caseload_page(client))
    assert "Zoe" in first and "Alice" in second
