import datetime

import pytest
from django.db import connection
from django.urls import reverse

from couples import agreements as steps
from couples.models import Agreement, AgreementEvent, AgreementRevision, Slip
from couples.reminders import send_agreement_reviews
from tests.factories import run_concurrently
from tests.pages import page_text

pytestmark = pytest.mark.django_db
Status = Agreement.Status


@pytest.fixture
def proposal(alice, couple):
    return steps.propose_agreement(
        couple=couple,
        by=alice,
        category="third_person",
        title="No contact",
        text="I will not contact them in any way.",
    )


def agree(agreement, alice, bob):
    """Bring an agreement into force: bob accepts alice's proposal."""
    return steps.accept(agreement=agreement, by=bob, revision_number=1)


# ---------- The state machine ----------


def test_a_proposal_needs_both_signatures(alice, bob, proposal):
    assert proposal.status == Status.PROPOSED and proposal.active_revision is None
    with pytest.raises(steps.AgreementError, match="already accepted"):
        steps.accept(agreement=proposal, by=alice, revision_number=1)
    agreement = steps.accept(agreement=proposal, by=bob, revision_number=1)
    assert agreement.status == Status.ACTIVE
    assert agreement.active_revision.number == 1


def test_suggesting_a_change_makes_a_new_revision_in_the_suggesters_words(
    alice, bob, proposal
):
    agreement = steps.suggest_change(
        agreement=proposal,
        by=bob,
        revision_number=1,
        title="No contact",
        text="Neither of us will.",
    )
    assert agreement.current_revision.number == 2
    assert agreement.current_revision.proposed_by == bob
    assert agreement.status == Status.PROPOSED
    # Alice's earlier acceptance was of version 1; version 2 needs hers too.
    agreement = steps.accept(agreement=agreement, by=alice, revision_number=2)
    assert agreement.status == Status.ACTIVE and agreement.active_revision.number == 2
    assert AgreementRevision.objects.filter(agreement=agreement).count() == 2


def test_declining_a_proposal_ends_it_with_the_reason_kept(alice, bob, proposal):
    agreement = steps.decline(
        agreement=proposal, by=bob, revision_number=1, reason="Not yet"
    )
    assert agreement.status == Status.DECLINED
    assert AgreementEvent.objects.get(kind="declined").reason == "Not yet"
    with pytest.raises(steps.AgreementError):
        steps.accept(agreement=agreement, by=bob, revision_number=1)


def test_you_cannot_decline_your_own_wording(alice, proposal):
    with pytest.raises(steps.AgreementError, match="your own wording"):
        steps.decline(agreement=proposal, by=alice, revision_number=1, reason="x")


def test_reopening_keeps_the_old_version_in_force_until_both_accept(
    alice, bob, proposal
):
    agreement = agree(proposal, alice, bob)
    agreement = steps.reopen(
        agreement=agreement,
        by=bob,
        revision_number=1,
        title="No contact",
        text="Changed.",
    )
    assert agreement.status == Status.ACTIVE
    assert (
        agreement.active_revision.number == 1 and agreement.current_revision.number == 2
    )
    assert agreement.is_being_changed
    agreement = steps.accept(agreement=agreement, by=alice, revision_number=2)
    assert agreement.active_revision.number == 2 and not agreement.is_being_changed


def test_declining_a_change_leaves_the_signed_version_in_force(alice, bob, proposal):
    agreement = agree(proposal, alice, bob)
    agreement = steps.reopen(
        agreement=agreement, by=bob, revision_number=1, title="t", text="x"
    )
    agreement = steps.decline(
        agreement=agreement, by=alice, revision_number=2, reason="I prefer it"
    )
    assert agreement.status == Status.ACTIVE
    assert agreement.current_revision == agreement.active_revision
    assert agreement.active_revision.number == 1


def test_reopening_is_only_for_agreements_in_force(alice, proposal):
    with pytest.raises(steps.AgreementError, match="in force"):
        steps.reopen(
            agreement=proposal, by=alice, revision_number=1, title="t", text="x"
        )


def test_retiring_needs_both(alice, bob, proposal):
    agreement = agree(proposal, alice, bob)
    steps.request_retirement(agreement=agreement, by=alice)
    with pytest.raises(steps.AgreementError, match="partner needs to agree"):
        steps.confirm_retirement(agreement=agreement, by=alice)
    agreement = steps.confirm_retirement(agreement=agreement, by=bob)
    assert agreement.status == Status.RETIRED


def test_a_retirement_request_can_be_withdrawn(alice, bob, proposal):
    agreement = agree(proposal, alice, bob)
    steps.request_retirement(agreement=agreement, by=alice)
    agreement = steps.cancel_retirement(agreement=agreement, by=bob)
    assert agreement.retire_requested_by is None and agreement.status == Status.ACTIVE
    with pytest.raises(steps.AgreementError, match="Nobody has asked"):
        steps.confirm_retirement(agreement=agreement, by=bob)


def test_retiring_a_proposal_is_refused(alice, proposal):
    with pytest.raises(steps.AgreementError, match="in force"):
        steps.request_retirement(agreement=proposal, by=alice)


def test_answering_an_old_version_is_caught(alice, bob, proposal):
    steps.suggest_change(
        agreement=proposal, by=bob, revision_number=1, title="t", text="x"
    )
    with pytest.raises(steps.StaleRevision):
        steps.accept(agreement=proposal, by=alice, revision_number=1)


def test_someone_alone_cannot_propose(alice):
    from couples.services import create_couple

    couple = create_couple(user=alice)
    with pytest.raises(steps.AgreementError, match="two people"):
        steps.propose_agreement(
            couple=couple, by=alice, category="other", title="t", text="x"
        )


def test_texts_are_encrypted_at_rest(proposal):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, text FROM couples_agreementrevision")
        stored = " ".join(cursor.fetchone())
    assert "contact" not in stored and stored.count("enc1:") == 2


def test_slips_are_told_and_answered_by_the_other(alice, bob, proposal):
    agreement = agree(proposal, alice, bob)
    slip = steps.record_slip(
        agreement=agreement,
        by=bob,
        kind="nearly",
        what_happened="They wrote; I almost replied.",
    )
    with pytest.raises(steps.AgreementError):
        steps.respond_to_slip(slip=slip, by=bob, response="me")
    slip = steps.respond_to_slip(
        slip=slip, by=alice, response="Thank you for telling me."
    )
    assert slip.responded_at is not None


# ---------- Pages and permissions ----------


def test_full_negotiation_through_the_pages(client, alice, bob, couple):
    client.force_login(alice)
    response = client.post(
        reverse("couples:agreement-create"),
        {
            "category": "devices",
            "title": "Open phones",
            "text": "We can ask to see messages.",
        },
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse(
        "couples:agreement-detail", args=[agreement.pk]
    )

    client.force_login(bob)
    assert (
        "Waiting for your answer"
        in client.get(reverse("couples:agreements")).content.decode()
    )
    client.post(
        reverse("couples:agreement-change", args=[agreement.pk]),
        {
            "title": "Open phones, for now",
            "text": "We can ask to see who we talk to.",
            "revision": 1,
        },
    )
    client.force_login(alice)
    detail = client.get(
        reverse("couples:agreement-detail", args=[agreement.pk])
    ).content.decode()
    assert "We can ask to see who we talk to." in detail
    client.post(
        reverse("couples:agreement-accept", args=[agreement.pk]),
        {"revision": 2},
    )
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE

    history = client.get(
        reverse("couples:agreement-history", args=[agreement.pk])
    ).content.decode()
    assert "<del>messages.</del>" in history and "<ins>who we talk to.</ins>" in history
    assert "Bob suggested a change (version 2)" in history


def test_a_stale_change_keeps_the_persons_words(client, alice, bob, proposal):
    steps.suggest_change(
        agreement=proposal, by=bob, revision_number=1, title="t", text="Bob's words"
    )
    client.force_login(alice)
    response = client.post(
        reverse("couples:agreement-change", args=[proposal.pk]),
        {"title": "Mine", "text": "Alice's careful words", "revision": 1},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed this agreement while you were reading it" in html
    assert "Alice&#x27;s careful words" in html and "Bob&#x27;s words" in html
    assert AgreementRevision.objects.filter(agreement=proposal).count() == 2


def test_decline_without_a_reason_is_explained(client, bob, proposal):
    client.force_login(bob)
    response = client.post(
        reverse("couples:agreement-decline", args=[proposal.pk]),
        {"revision": 1, "reason": ""},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.PROPOSED


def test_empty_or_overlong_text_is_explained_and_kept(client, alice, couple):
    client.force_login(alice)
    response = client.post(
        reverse("couples:agreement-create"),
        {"category": "other", "title": "Kept title", "text": "x" * 3001},
    )
    html = response.content.decode()
    assert "at most 3000 characters" in html and "Kept title" in html
    assert not Agreement.objects.exists()


def test_accepting_twice_through_the_page_says_so(client, alice, proposal):
    client.force_login(alice)
    response = client.post(
        reverse("couples:agreement-accept", args=[proposal.pk]),
        {"revision": 1},
        follow=True,
    )
    assert "already accepted" in response.content.decode()


def test_templates_prefill_the_form(client, alice, couple):
    client.force_login(alice)
    html = client.get(
        reverse("couples:agreement-create") + "?from=no-contact"
    ).content.decode()
    assert "No contact with the other person" in html
    assert "never reads anyone" in html


@pytest.mark.parametrize("viewer", ["carol", "theo", "tina"])
def test_outsiders_get_404_or_403(client, request, proposal, viewer):
    person = request.getfixturevalue(viewer)
    client.force_login(person)
    expected = 403 if person.is_therapist else 404
    for name in [
        "couples:agreement-detail",
        "couples:agreement-history",
        "couples:agreement-change",
    ]:
        assert client.get(reverse(name, args=[proposal.pk])).status_code == expected, (
            name
        )
    response = client.post(
        reverse("couples:agreement-accept", args=[proposal.pk]),
        {"revision": 1},
    )
    assert response.status_code == expected
    own_list = client.get(reverse("couples:agreements"))  # carol's own, empty list
    assert "No contact" not in page_text(own_list, 403 if person.is_therapist else 200)


def test_anonymous_is_sent_to_sign_in(client, proposal):
    response = client.get(reverse("couples:agreement-detail", args=[proposal.pk]))
    assert response["Location"].startswith(reverse("account_login"))


def test_both_partners_see_the_agreement(client, alice, bob, proposal):
    for person in (alice, bob):
        client.force_login(person)
        assert (
            "No contact"
            in client.get(
                reverse("couples:agreement-detail", args=[proposal.pk])
            ).content.decode()
        )


def test_after_the_pairing_ends_neither_sees_it(client, alice, bob, couple, proposal):
    from couples.services import end_couple

    end_couple(couple=couple, by=alice)
    client.force_login(bob)
    assert (
        client.get(reverse("couples:agreement-detail", args=[proposal.pk])).status_code
        == 404
    )


def test_slip_prompts_help_the_partner_respond(client, alice, bob, proposal):
    agreement = agree(proposal, alice, bob)
    client.force_login(bob)
    client.post(
        reverse("couples:slip-create", args=[agreement.pk]),
        {"kind": "nearly", "what_happened": "A message came."},
    )
    client.force_login(alice)
    html = client.get(
        reverse("couples:agreement-detail", args=[agreement.pk])
    ).content.decode()
    assert "A message came." in html
    assert "That honesty is part of repair" in html
    assert reverse("content:safety") in html
    slip = Slip.objects.get()
    client.post(
        reverse("couples:slip-respond", args=[slip.pk]),
        {f"slip-{slip.pk}-response": "Thank you."},
    )
    assert Slip.objects.get().response == "Thank you."


def test_a_check_in_can_mention_an_agreement(client, alice, bob, proposal):
    agree(proposal, alice, bob)
    client.force_login(bob)
    client.post(
        reverse("couples:checkin"),
        {
            "mood": "3",
            "closeness": "5",
            "safety": "5",
            "agreement": proposal.pk,
            "agreement_mention": "kept",
            "share_checked_in": "on",
            "share_mention": "on",
        },
    )
    assert "I kept it:</strong> No contact" in page_text(
        client.get(reverse("couples:checkin"))
    )
    client.force_login(alice)
    client.post(
        reverse("couples:checkin"), {"mood": "3", "closeness": "5", "safety": "5"}
    )
    html = client.get(reverse("couples:checkin")).content.decode()
    assert "I kept it:</strong> No contact" in html
    # Retired since, it is no longer in play: the mention still names it.
    steps.request_retirement(agreement=proposal, by=alice)
    steps.confirm_retirement(agreement=proposal, by=bob)
    html = page_text(client.get(reverse("couples:checkin")))
    assert "I kept it:</strong> No contact" in html


def test_a_mention_without_saying_how_is_explained(client, alice, bob, proposal):
    agree(proposal, alice, bob)
    client.force_login(bob)
    response = client.post(
        reverse("couples:checkin"),
        {"mood": "3", "closeness": "5", "safety": "5", "agreement": proposal.pk},
        headers={"HX-Request": "true"},
    )
    assert "Say whether you kept it" in response.content.decode()


# ---------- Reviews ----------


def test_review_date_reminds_both_once(alice, bob, couple, mailoutbox):
    agreement = steps.propose_agreement(
        couple=couple,
        by=alice,
        category="other",
        title="t",
        text="x",
        review_on=datetime.date(2026, 12, 1),
    )
    steps.accept(agreement=agreement, by=bob, revision_number=1)
    assert send_agreement_reviews(today=datetime.date(2026, 11, 30)) == 0
    assert send_agreement_reviews(today=datetime.date(2026, 12, 1)) == 2
    assert send_agreement_reviews(today=datetime.date(2026, 12, 2)) == 0
    assert {m.to[0] for m in mailoutbox} == {alice.email, bob.email}
    assert all("agreement" not in m.subject.lower() for m in mailoutbox)


def test_still_working_review_on_the_page(client, alice, bob, couple):
    agreement = steps.propose_agreement(
        couple=couple,
        by=alice,
        category="other",
        title="t",
        text="x",
        review_on=datetime.date(2020, 1, 1),
    )
    steps.accept(agreement=agreement, by=bob, revision_number=1)
    client.force_login(alice)
    url = reverse("couples:agreement-detail", args=[agreement.pk])
    assert "Still working for us?" in client.get(url).content.decode()
    client.post(
        reverse("couples:agreement-still-working", args=[agreement.pk]),
        {},
    )
    assert "Still working for us?" not in page_text(client.get(url))


# ---------- Query counts ----------


def _many(couple, alice, bob, count, revisions=1):
    for n in range(count):
        agreement = steps.propose_agreement(
            couple=couple, by=alice, category="other", title=f"A{n}", text="x"
        )
        for number in range(1, revisions):
            steps.suggest_change(
                agreement=agreement,
                by=bob if number % 2 else alice,
                revision_number=number,
                title=f"A{n}",
                text=f"x{number}",
            )
    return agreement


@pytest.mark.parametrize(("count", "revisions"), [(3, 1), (100, 1), (3, 40)])
def test_query_counts_stay_flat(
    client, alice, bob, couple, count, revisions, django_assert_max_num_queries
):
    last = _many(couple, alice, bob, count, revisions)
    client.force_login(alice)
    client.get(
        reverse("couples:agreements")
    )  # the first request after signing in records the session
    # session, user, membership, partner membership, agreements (with revisions, my acceptance)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("couples:agreements")).status_code == 200
    # session, user, membership, agreement, events (with users, revisions), slips
    with django_assert_max_num_queries(6):
        assert (
            client.get(reverse("couples:agreement-detail", args=[last.pk])).status_code
            == 200
        )
    # session, user, membership, agreement, revisions, events
    with django_assert_max_num_queries(6):
        assert (
            client.get(reverse("couples:agreement-history", args=[last.pk])).status_code
            == 200
        )


# ---------- Concurrency ----------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_accept_and_suggest_at_the_same_moment_end_consistently():
    from couples.services import create_couple, join_couple
    from tests.factories import make_user

    alice, bob = make_user("a@example.com"), make_user("b@example.com")
    couple = create_couple(user=alice)
    join_couple(couple=couple, user=bob)
    agreement = steps.propose_agreement(
        couple=couple, by=alice, category="other", title="t", text="x"
    )
    steps.suggest_change(
        agreement=agreement, by=bob, revision_number=1, title="t", text="y"
    )
    # Alice accepts version 2 while Bob, at the same moment, rewrites version 2.
    outcomes = run_concurrently(
        lambda: steps.accept(agreement=agreement, by=alice, revision_number=2),
        lambda: steps.suggest_change(
            agreement=agreement, by=bob, revision_number=2, title="t", text="z"
        ),
    )
    agreement.refresh_from_db()
    errors = [o for o in outcomes if isinstance(o, Exception)]
    if agreement.status == Status.ACTIVE:
        # Alice won: Bob's rewrite was refused as stale, nothing overwritten.
        assert agreement.active_revision.number == 2
        assert isinstance(errors[0], steps.AgreementError)
    else:
        # Bob won: Alice's acceptance of the old wording was refused.
        assert (
            agreement.current_revision.number == 3 and agreement.active_revision is None
        )
        assert isinstance(errors[0], steps.StaleRevision)
    assert len(errors) == 1


def test_editing_a_check_in_keeps_the_agreement_it_mentioned(
    client, alice, bob, proposal
):
    agree(proposal, alice, bob)
    client.force_login(bob)
    client.post(
        reverse("couples:checkin"),
        {
            "mood": "3",
            "closeness": "5",
            "safety": "5",
            "agreement": proposal.pk,
            "agreement_mention": "struggling",
        },
    )
    html = client.get(reverse("couples:checkin") + "?edit=1").content.decode()
    assert f'<option value="{proposal.pk}" selected>' in html
    assert 'value="struggling" id="id_agreement_mention_1" checked>' in html
