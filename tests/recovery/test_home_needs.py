"""The home page puts what waits for this person's answer first, each item
saying who and what and linking to the action; then the start-here plan, which
ticks itself off from what the person has really done."""

import datetime

import pytest
from django.urls import reverse

from content.models import Article, ArticleRead
from couples import agreements
from couples.safety import record_check
from recovery import services
from recovery.models import Exercise
from tests.factories import consent, exercise, make_user
from tests.pages import page_text

pytestmark = pytest.mark.django_db
HOME = reverse("recovery:home")
ALL_NO = {k: "no" for k in ["afraid", "threats", "hurt", "control", "monitored"]}


def home(client, person) -> str:
    client.force_login(person)
    return page_text(client.get(HOME))


def test_what_waits_comes_before_the_check_in(client, alice, bob, couple, pathway):
    agreements.propose_agreement(
        couple=couple, by=alice, category="other", title="Phones at dinner", text="x"
    )
    html = home(client, bob)
    assert "Alice proposed an agreement: “Phones at dinner”" in html
    assert html.index('id="needs-title"') < html.index('id="today-card"')
    assert html.index('id="today-card"') < html.index('id="pathway-title"')


def test_a_reassurance_request_is_answered_from_home(client, alice, bob, couple):
    asked = services.request_reassurance(user=alice, couple=couple)
    html = home(client, bob)
    answer = reverse("recovery:reassurance-answer", args=[asked.pk])
    assert "Alice asked you for reassurance" in html and answer in html
    client.post(answer, {"text": "I'm here."})
    assert "asked you for reassurance" not in home(client, bob)
    asked.refresh_from_db()
    assert asked.answer == "I'm here."


def test_a_noted_moment_sent_for_reassurance_links_to_it(client, alice, bob, couple):
    services.log_trigger(
        user=alice,
        couple=couple,
        occurred_on=datetime.date.today(),
        what_happened="A song",
        intensity=6,
        asked_for_reassurance=True,
    )
    html = home(client, bob)
    assert "Alice noted a hard moment and asked for reassurance" in html
    assert "A song" not in html  # the words are on the trigger log page


def test_a_guided_conversation_waiting_for_my_turn(client, alice, bob, couple, pathway):
    listening = exercise(1, "listening-without-defending")
    conversation = services.open_conversation(couple=couple, exercise=listening)
    services.ready_for_next(conversation=conversation, by=alice, prompt_index=0)
    html = home(client, bob)
    assert f"Alice is ready for the next question in “{listening.title}”" in html
    assert listening.get_absolute_url() in html
    assert "ready for the next question" not in home(client, alice)


def test_an_assignment_due_soon_names_the_therapist(client, alice, theo, pathway):
    from recovery.models import Step

    consent(alice, theo)
    services.assign(
        therapist=theo,
        client=alice,
        step=Step.objects.get(number=2),
        due_on=datetime.date.today() + datetime.timedelta(days=1),
    )
    html = home(client, alice)
    needs = html[
        html.index('id="needs-title"') : html.index(
            "</section>", html.index('id="needs-title"')
        )
    ]
    assert "Theo asked you to work on" in needs


def test_shared_writing_is_listed_until_read(client, alice, bob, couple, pathway):
    writing = services.share_response(
        response=services.save_response(
            user=alice, exercise=exercise(1, "what-i-need-now"), body="x"
        ),
        couple=couple,
    )
    assert "Alice shared their writing on" in home(client, bob)
    services.mark_seen(writing)
    assert "Alice shared their writing on" not in home(client, bob)


def test_nothing_waiting_means_no_list(client, alice, pathway):
    html = home(client, alice)
    assert 'id="needs-title"' not in html


def test_a_paused_couple_shows_nothing_of_the_partner(client, alice, bob, couple):
    from couples.services import pause_couple

    services.request_reassurance(user=alice, couple=couple)
    pause_couple(couple=couple, by=alice)
    assert "asked you for reassurance" not in home(client, bob)


# ---------- The start-here plan ----------


def test_the_plan_ticks_itself_off(client, pathway):
    person = make_user(
        "pat@example.com",
        display_name="Pat",
        role="strayed",
        together="partner",
        sees_therapist="yes",
        safety_checked=False,
    )
    html = home(client, person)
    plan = html[
        html.index('id="plan-title"') : html.index(
            "</ol>", html.index('id="plan-title"')
        )
    ]
    assert plan.count("<li") == 5  # reading, step 1, partner, safety, therapist
    assert "Done:" not in plan

    first = Article.objects.filter(slug="for-the-partner-who-strayed").first()
    ArticleRead.objects.create(user=person, article=first)
    for_pat = next(
        e for e in Exercise.objects.filter(step__number=1) if e.fits("strayed")
    )
    services.save_response(user=person, exercise=for_pat, body="Words.")
    record_check(user=person, answers=ALL_NO)
    html = home(client, person)
    plan = html[
        html.index('id="plan-title"') : html.index(
            "</ol>", html.index('id="plan-title"')
        )
    ]
    assert plan.count("Done:") == 3


def test_after_a_concern_the_plan_never_suggests_inviting(client, pathway):
    person = make_user("pat@example.com", together="partner", safety_checked=False)
    record_check(user=person, answers=ALL_NO | {"threats": "yes"})
    assert "Invite your partner" not in home(client, person)


def test_a_finished_plan_goes_away(client, alice, bob, couple, pathway):
    # Alice (hurt, no first wish): reading path, step 1, safety check.
    first = Article.objects.filter(slug="the-first-days-after-discovery").first()
    ArticleRead.objects.create(user=alice, article=first)
    services.save_response(
        user=alice, exercise=exercise(1, "what-this-has-meant"), body="Words."
    )
    assert 'id="plan-title"' not in home(client, alice)
