"""Who may open, read and change what: every page and action, for every role.

One row per URL (and method), one answer per role:

- anon:  not signed in. Pages send them to sign in; POSTs change nothing.
- alice: the author. Every private object below is hers.
- bob:   her partner. Sees what she shared, while the couple is sharing.
- carol: another couple's partner. 404 for Alice's objects; her own pages
         are her own, empty of Alice.
- theo:  a verified therapist both Alice and Bob consented to, every scope.
         Sees what the scopes and Alice's sharing allow; 403 on client pages.
- tina:  a verified therapist without consent. 404 for client objects; 403 on
         client pages.
- uma:   a therapist not verified yet, although both consented: her therapist
         pages are a waiting page; 403 on client pages.

LOGIN means a redirect to the sign-in page. `shows` maps a private text to
the roles whose page contains it (asserted only once the status is 200).
A POST changes nothing in the database and sends no email unless a
signed-in person gets 204 or 302 (or the row's `changes` names who may):
refusals (LOGIN, 403, 404), pages answered with 200 and anything anon sends
leave everything as it was. POST data is valid, so a refusal that let the
request through would show.

`wrong` records a view that answers a role differently today: the row is a
strict xfail that expects exactly those cells to differ, so any other cell
that differs still fails, and fixing the view fails until the entry goes.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from content.models import SavedArticle, SelfCheckAnswer
from content.page_cache import empty_caches
from core.emails import unsubscribe_token
from couples import agreements, news
from couples.access import membership_of
from couples.models import Invitation, Topic
from couples.services import end_couple, pause_couple, save_monthly_review
from recovery import services
from recovery.export import request_export
from recovery.loader import load_pathway
from recovery.models import Step, TherapistNote
from tests.factories import consent, exercise, make_article, make_checkin
from tests.pages import page_text

pytestmark = pytest.mark.django_db

ROLES = ("anon", "alice", "bob", "carol", "theo", "tina", "uma")
LOGIN = "login"
EVERYONE = " ".join(ROLES)

PRIVATE = "alice-private-writing"
SHARED = "alice-shared-writing"
FOR_THERAPIST = "alice-writing-for-her-therapist"
CHECKIN_NOTE = "alice-checkin-note"
CHECKIN_THANKS = "alice-checkin-thanks"
AGREEMENT_TITLE = "agreement-title-of-alice-and-bob"
AGREEMENT_TEXT = "agreement-text-of-alice-and-bob"
SLIP = "alice-slip-story"
COMMITMENT = "alice-commitment"
TRIGGER_PRIVATE = "alice-trigger-kept-private"
TRIGGER_ASK = "alice-trigger-asking-reassurance"
MONTHLY = "alice-monthly-answer"
THERAPIST_NOTE = "theo-note-about-alice"
SAVED_ARTICLE = "article-alice-saved"
SELF_CHECK = "Saved on"  # what the reflections page says above a saved self-check
NEWS_TO_BOB = "Alice told you about a slip."
NEWS_TO_ALICE = "Theo suggested something to work on."
NEWS_TO_THEO = "Alice finished a step."
MILESTONE = "You both signed an agreement."
DEVICE = "alice-phone-browser"


@dataclass(frozen=True)
class Row:
    method: str
    name: str
    args: Callable
    answers: tuple
    shows: dict = field(default_factory=dict)
    data: Callable | dict = field(default_factory=dict)
    changes: str | None = None  # who may change data with a 200 (default: 204/302)
    wrong: dict = field(default_factory=dict)

    def answer(self, role):
        return self.answers[ROLES.index(role)]


def GET(name, args, answers, *, shows=None, wrong=None):
    return Row("get", name, args, answers, shows=shows or {}, wrong=wrong or {})


def POST(name, args, answers, data=None, *, changes=None, wrong=None):
    return Row(
        "post", name, args, answers, data=data or {}, changes=changes, wrong=wrong or {}
    )


def NONE(w):
    return []


# fmt: off
ROWS = [
    # ---------- config/urls.py ----------
    #    url name                         arguments                                       anon   alice bob  carol theo tina uma
    GET("admin:index",                    NONE,                                          (302,   302,  302, 302,  302, 302, 302)),
    GET("account_logout",                 NONE,                                          (302,   200,  200, 200,  200, 200, 200)),
    POST("account_logout",                NONE,                                          (302,   302,  302, 302,  302, 302, 302)),
    GET("therapist-signup",               NONE,                                          (200,   302,  302, 302,  302, 302, 302)),
    GET("manifest",                       NONE,                                          (200,   200,  200, 200,  200, 200, 200)),
    GET("service-worker",                 NONE,                                          (200,   200,  200, 200,  200, 200, 200)),
    GET("account_email",                  NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200), shows={"alice@example.com": "alice"}),
    GET("account_change_password",        NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200)),
    GET("mfa_index",                      NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200)),
    GET("usersessions_list",              NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200)),
    # ---------- couples/urls.py ----------
    GET("couples:settings",               NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200)),
    POST("couples:settings",              NONE,                                          (LOGIN, 302,  302, 302,  302, 302, 302), {"display_name": "New name", "role": "unsaid", "time_zone": "UTC"}),
    POST("couples:keepalive",             NONE,                                          (LOGIN, 204,  204, 204,  204, 204, 204)),
    GET("couples:intake",                 NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403)),
    POST("couples:intake",                NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), {"role": "hurt", "first_wish": "trust"}),
    POST("couples:intake-skip",           NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403)),
    GET("couples:safety-check",           NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403)),
    POST("couples:safety-check",          NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), {"afraid": "no", "threats": "no", "hurt": "no", "control": "no", "monitored": "no"}),
    GET("couples:couple",                 NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={"Dave": "carol"}),
    POST("couples:couple-create",         NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403)),
    POST("couples:invitation-create",     NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), {"email": "new@example.com"}),
    POST("couples:invitation-revoke",     lambda w: [w.invitation.pk],                   (LOGIN, 302,  302, 404,  403, 403, 403)),
    POST("couples:join-by-code",          NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), lambda w: {"code": w.invitation.code}),
    POST("couples:couple-pause",          NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403)),
    POST("couples:couple-resume",         NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403)),
    GET("couples:couple-end",             NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403)),
    POST("couples:couple-end",            NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403)),
    GET("couples:monthly",                NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={MONTHLY: "alice"}),
    POST("couples:monthly",               NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), {"better": "Walks"}),
    GET("couples:join",                   lambda w: [w.invitation.token],                (200,   200,  200, 200,  200, 200, 200)),
    POST("couples:join-accept",           lambda w: [w.invitation.token],                (LOGIN, 200,  200, 200,  403, 403, 403)),
    GET("couples:checkin",                NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={CHECKIN_NOTE: "alice", CHECKIN_THANKS: "alice"}),
    POST("couples:checkin",               NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), {"mood": "4", "closeness": "6", "safety": "7"}),
    GET("couples:trends",                 NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403)),
    GET("couples:reminders-stop",         lambda w: [w.unsubscribe],                     (200,   200,  200, 200,  200, 200, 200)),
    POST("couples:reminders-stop",        lambda w: [w.unsubscribe],                     (200,   200,  200, 200,  200, 200, 200), changes=EVERYONE),
    GET("couples:therapists",             NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={"Theo": "alice bob"}),
    POST("couples:therapist-code",        NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), lambda w: {"code": w.theo.therapist_profile.connection_code}),
    GET("couples:therapist-connect",      lambda w: [w.theo.therapist_profile.connection_code], (LOGIN, 200, 200, 200, 403, 403, 403)),
    POST("couples:therapist-connect",     lambda w: [w.theo.therapist_profile.connection_code], (LOGIN, 302, 302, 302, 403, 403, 403), {"share_progress": "on"}),
    POST("couples:consent-update",        lambda w: [w.consent.pk],                      (LOGIN, 302,  404, 404,  403, 403, 403)),
    POST("couples:consent-revoke",        lambda w: [w.consent.pk],                      (LOGIN, 302,  404, 404,  403, 403, 403)),
    GET("couples:agreements",             NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={AGREEMENT_TITLE: "alice bob"}),
    GET("couples:agreement-create",       NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403)),
    POST("couples:agreement-create",      NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), {"category": "other", "title": "A new one", "text": "We say so."}),
    GET("couples:agreement-detail",       lambda w: [w.agreement.pk],                    (LOGIN, 200,  200, 404,  403, 403, 403), shows={AGREEMENT_TEXT: "alice bob", SLIP: "alice bob"}),
    POST("couples:agreement-accept",      lambda w: [w.agreement.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403), {"revision": "1"}),
    POST("couples:agreement-decline",     lambda w: [w.agreement.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403), {"revision": "1", "reason": "Not for us."}),
    POST("couples:agreement-retire",      lambda w: [w.agreement.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403)),
    POST("couples:agreement-retire-confirm", lambda w: [w.agreement.pk],                 (LOGIN, 302,  302, 404,  403, 403, 403)),
    POST("couples:agreement-retire-cancel", lambda w: [w.agreement.pk],                  (LOGIN, 302,  302, 404,  403, 403, 403)),
    POST("couples:agreement-still-working", lambda w: [w.agreement.pk],                  (LOGIN, 302,  302, 404,  403, 403, 403)),
    GET("couples:agreement-change",       lambda w: [w.agreement.pk],                    (LOGIN, 200,  200, 404,  403, 403, 403), shows={AGREEMENT_TEXT: "alice bob"}),
    POST("couples:agreement-change",      lambda w: [w.agreement.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403), {"title": "Changed", "text": "Changed words.", "revision": "1"}),
    GET("couples:agreement-history",      lambda w: [w.agreement.pk],                    (LOGIN, 200,  200, 404,  403, 403, 403), shows={AGREEMENT_TEXT: "alice bob"}),
    GET("couples:slip-create",            lambda w: [w.agreement.pk],                    (LOGIN, 200,  200, 404,  403, 403, 403)),
    POST("couples:slip-create",           lambda w: [w.agreement.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403), {"kind": "nearly", "what_happened": "I nearly forgot."}),
    POST("couples:slip-respond",          lambda w: [w.slip.pk],                         (LOGIN, 302,  302, 404,  403, 403, 403), lambda w: {f"slip-{w.slip.pk}-response": "Thank you for telling me."}),
    GET("couples:news",                   NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200), shows={NEWS_TO_BOB: "bob", NEWS_TO_ALICE: "alice", NEWS_TO_THEO: "theo"}),
    GET("couples:news-event",             lambda w: [w.alice_event.pk],                  (LOGIN, 200,  404, 404,  404, 404, 404), shows={NEWS_TO_ALICE: "alice"}),
    POST("couples:news-seen",             NONE,                                          (LOGIN, 302,  302, 302,  302, 302, 302), {"upto": "999999"}),
    GET("couples:timeline",               NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={MILESTONE: "alice bob"}),
    GET("couples:notifications",          NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200), shows={DEVICE: "alice"}),
    POST("couples:notifications",         NONE,                                          (LOGIN, 302,  302, 302,  302, 302, 302), {f"{topic}-{channel}": "daily" for topic in Topic.values for channel in ("email", "push")}),
    GET("couples:notifications-stop",     lambda w: [w.stop],                            (200,   200,  200, 200,  200, 200, 200)),
    POST("couples:notifications-stop",    lambda w: [w.stop],                            (200,   200,  200, 200,  200, 200, 200), changes=EVERYONE),
    POST("couples:push-subscribe",        NONE,                                          (LOGIN, 204,  204, 204,  204, 204, 204), {"endpoint": "https://fcm.googleapis.com/fcm/send/new-device", "p256dh": "BKey", "auth": "secret"}),
    POST("couples:push-unsubscribe",      NONE,                                          (LOGIN, 204,  204, 204,  204, 204, 204), {"endpoint": "https://push.example.net/alice-phone"}),
    POST("couples:push-device-remove",    lambda w: [w.device.pk],                       (LOGIN, 302,  404, 404,  404, 404, 404)),
    # ---------- recovery/urls.py ----------
    GET("recovery:home",                  NONE,                                          (LOGIN, 200,  200, 200,  302, 302, 302), shows={CHECKIN_NOTE: "alice", PRIVATE: ""}),
    GET("content:reflections",           NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={SELF_CHECK: "alice"}),
    POST("content:self-check-save",      lambda w: ["warning-signs"],                   (LOGIN, 302,  302, 302,  403, 403, 403), {"answer": ["secrecy-1"]}),
    GET("recovery:pathway",               NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403)),
    GET("recovery:step",                  lambda w: [1],                                 (LOGIN, 200,  200, 200,  403, 403, 403)),
    POST("recovery:step-complete",        lambda w: [1],                                 (LOGIN, 302,  302, 302,  403, 403, 403), {"complete": "1"}),
    GET("recovery:exercise",              lambda w: [w.private.exercise_id],             (LOGIN, 200,  200, 200,  403, 403, 403), shows={PRIVATE: "alice"}),
    GET("recovery:exercise",              lambda w: [w.shared.exercise_id],              (LOGIN, 200,  200, 200,  403, 403, 403), shows={SHARED: "alice bob"}),
    GET("recovery:exercise",              lambda w: [w.commitments.pk],                  (LOGIN, 200,  200, 200,  403, 403, 403), shows={COMMITMENT: "alice bob"}),
    GET("recovery:exercise",              lambda w: [w.listening.pk],                    (LOGIN, 200,  200, 200,  403, 403, 403), shows={"Question 1 of": "alice bob"}),
    POST("recovery:response-draft",       lambda w: [w.private.exercise_id],             (200,   200,  200, 200,  403, 403, 403), {"body": "Draft words."}, changes="alice bob carol"),
    POST("recovery:response-save",        lambda w: [w.private.exercise_id],             (LOGIN, 302,  302, 302,  403, 403, 403), {"body": "Saved words."}),
    GET("recovery:conversation",          lambda w: [w.listening.pk],                    (LOGIN, 200,  200, 200,  403, 403, 403), shows={"Question 1 of": "alice bob"}),
    POST("recovery:conversation-start",   lambda w: [w.listening.pk],                    (LOGIN, 302,  302, 302,  403, 403, 403)),
    POST("recovery:conversation-ready",   lambda w: [w.listening.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403), {"prompt": "0"}),
    POST("recovery:conversation-pause",   lambda w: [w.listening.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403)),
    POST("recovery:conversation-resume",  lambda w: [w.listening.pk],                    (LOGIN, 302,  302, 404,  403, 403, 403)),
    POST("recovery:response-share",       lambda w: [w.private.pk],                      (LOGIN, 302,  404, 404,  403, 403, 403)),
    POST("recovery:response-unshare",     lambda w: [w.shared.pk],                       (LOGIN, 302,  404, 404,  403, 403, 403)),
    POST("recovery:response-share-undo",  lambda w: [w.shared.pk],                       (LOGIN, 302,  404, 404,  403, 403, 403)),
    POST("recovery:response-therapist-share", lambda w: [w.private.pk],                  (LOGIN, 302,  404, 404,  403, 403, 403)),
    POST("recovery:response-therapist-unshare", lambda w: [w.private.pk],                (LOGIN, 302,  404, 404,  403, 403, 403)),
    POST("recovery:response-seen",        lambda w: [w.shared.pk],                       (LOGIN, 404,  302, 404,  403, 403, 403)),
    POST("recovery:response-acknowledge", lambda w: [w.shared.pk],                       (LOGIN, 404,  302, 404,  403, 403, 403), {"text": "Thank you."}),
    GET("recovery:journal",               NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={PRIVATE: "alice", SHARED: "alice"}),
    GET("recovery:exports",               NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200)),
    POST("recovery:exports",              NONE,                                          (LOGIN, 302,  302, 302,  302, 302, 302)),
    GET("recovery:account-delete",        NONE,                                          (LOGIN, 302,  302, 302,  302, 302, 302)),
    GET("recovery:account-deleted",       NONE,                                          (200,   200,  200, 200,  200, 200, 200)),
    GET("recovery:export-json",           lambda w: [w.export.pk, w.export.token],       (LOGIN, 200,  404, 404,  404, 404, 404), shows={PRIVATE: "alice"}),
    GET("recovery:export-html",           lambda w: [w.export.pk, w.export.token],       (LOGIN, 200,  404, 404,  404, 404, 404), shows={PRIVATE: "alice"}),
    GET("recovery:caseload",              NONE,                                          (LOGIN, 403,  403, 403,  200, 200, 200), shows={"Alice": "theo"}),
    POST("recovery:invite-client",        NONE,                                          (LOGIN, 403,  403, 403,  302, 302, 200), {"email": "client@example.com"}),
    GET("recovery:caseload-client",       lambda w: [w.alice.pk],                        (LOGIN, 403,  403, 403,  200, 404, 200), shows={FOR_THERAPIST: "theo", THERAPIST_NOTE: "theo", PRIVATE: "", SHARED: "", CHECKIN_NOTE: ""}),
    GET("recovery:caseload-couple",       lambda w: [w.couple.pk],                       (LOGIN, 403,  403, 403,  200, 404, 200), shows={FOR_THERAPIST: "theo", PRIVATE: "", SHARED: "", CHECKIN_NOTE: "", THERAPIST_NOTE: ""}),
    GET("recovery:caseload-couple",       lambda w: [w.other_couple.pk],                 (LOGIN, 403,  403, 403,  404, 404, 200), shows={"Carol": ""}),
    POST("recovery:assignment-create",    lambda w: [w.alice.pk],                        (LOGIN, 403,  403, 403,  302, 404, 200), lambda w: {"step": w.step.pk}),
    POST("recovery:note-create",          lambda w: [w.alice.pk],                        (LOGIN, 403,  403, 403,  302, 404, 200), {"text": "A new note."}),
    POST("recovery:assignment-status",    lambda w: [w.assignment.pk],                   (LOGIN, 302,  404, 404,  403, 403, 403), {"status": "started"}),
    POST("recovery:commitment-create",    NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), {"text": "Call at six."}),
    POST("recovery:commitment-kept",      lambda w: [w.commitment.pk],                   (LOGIN, 302,  302, 404,  403, 403, 403)),
    POST("recovery:commitment-acknowledge", lambda w: [w.commitment.pk],                 (LOGIN, 302,  302, 404,  403, 403, 403)),
    GET("recovery:triggers",              NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={TRIGGER_PRIVATE: "alice", TRIGGER_ASK: "alice bob"}),
    GET("recovery:trigger-create",        NONE,                                          (LOGIN, 200,  200, 200,  403, 403, 403), shows={TRIGGER_PRIVATE: ""}),
    POST("recovery:trigger-create",       NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403), lambda w: {"occurred_on": w.today.isoformat(), "what_happened": "A song.", "intensity": "5"}),
    POST("recovery:trigger-reassure",     lambda w: [w.ask.pk],                          (LOGIN, 404,  302, 404,  403, 403, 403), {"text": "I am here."}),
    GET("recovery:struggling",            NONE,                                          (200,   200,  200, 200,  200, 200, 200), shows={"You asked Bob": "alice", "Ask Alice now": "bob", TRIGGER_PRIVATE: ""}),
    POST("recovery:reassurance-request",  NONE,                                          (LOGIN, 302,  302, 302,  403, 403, 403)),
    POST("recovery:reassurance-answer",   lambda w: [w.reassurance.pk],                  (LOGIN, 404,  302, 404,  403, 403, 403), {"text": "I am here."}),
    # ---------- content/urls.py (signed in) ----------
    GET("content:saved",                  NONE,                                          (LOGIN, 200,  200, 200,  200, 200, 200), shows={SAVED_ARTICLE: "alice"}),
    POST("content:article-save",          lambda w: [w.article.slug],                    (LOGIN, 302,  302, 302,  302, 302, 302), {"saved": "1"}),
    POST("content:article-read",          lambda w: [w.article.slug],                    (LOGIN, 302,  302, 302,  302, 302, 302), {"read": "1"}),
]
# fmt: on


class KnownWrong(Exception):
    """Raised when only the cells a row lists as `wrong` answer differently."""


def _rows():
    seen = set()
    for row in ROWS:
        label = f"{row.method.upper()} {row.name}"
        if label in seen:  # the same page for another object: name it by its text
            label += f" [{next(iter(row.shows))}]"
        seen.add(label)
        marks = ()
        if row.wrong:
            reason = "; ".join(f"{role}: {why}" for role, why in row.wrong.items())
            marks = pytest.mark.xfail(strict=True, raises=KnownWrong, reason=reason)
        yield pytest.param(row, id=label, marks=marks)


@pytest.fixture
def world(alice, bob, couple, carol, theo, tina, uma):
    """Alice's private things, in every form a page can show or change."""
    load_pathway()
    today = timezone.localdate()
    w = SimpleNamespace(
        alice=alice, bob=bob, carol=carol, theo=theo, tina=tina, uma=uma
    )
    w.couple = couple
    # Carol's couple, which consented to nobody (one partner's consent alone
    # is tests/recovery/test_caseload.py's).
    w.other_couple = membership_of(carol).couple
    w.today = today
    w.step = Step.objects.get(number=1)
    w.consent = consent(alice, theo, share_checkins=True, share_responses=True)
    consent(bob, theo, share_checkins=True, share_responses=True)
    consent(alice, uma, share_checkins=True, share_responses=True)
    consent(bob, uma, share_checkins=True, share_responses=True)

    w.private = services.save_response(
        user=alice, exercise=exercise(1, "what-this-has-meant"), body=PRIVATE
    )
    w.shared = services.share_response(
        response=services.save_response(
            user=alice, exercise=exercise(1, "what-i-need-now"), body=SHARED
        ),
        couple=couple,
    )
    for_theo = services.save_response(
        user=alice, exercise=exercise(1, "letter-about-the-hurt"), body=FOR_THERAPIST
    )
    for_theo.shared_with_therapist = True
    for_theo.save(update_fields=["shared_with_therapist"])
    make_checkin(
        alice, note=CHECKIN_NOTE, appreciated=CHECKIN_THANKS, share_appreciated=True
    )

    w.agreement = agreements.propose_agreement(
        couple=couple,
        by=alice,
        category="other",
        title=AGREEMENT_TITLE,
        text=AGREEMENT_TEXT,
        review_on=datetime.date(2020, 1, 1),
    )
    agreements.accept(agreement=w.agreement, by=bob, revision_number=1)
    w.slip = agreements.record_slip(
        agreement=w.agreement, by=alice, kind="broke", what_happened=SLIP
    )

    w.commitments = exercise(2, "small-promises-kept")
    w.commitment = services.make_commitment(user=alice, couple=couple, text=COMMITMENT)
    services.log_trigger(
        user=alice,
        couple=couple,
        occurred_on=today,
        what_happened=TRIGGER_PRIVATE,
        intensity=4,
    )
    w.ask = services.log_trigger(
        user=alice,
        couple=couple,
        occurred_on=today,
        what_happened=TRIGGER_ASK,
        intensity=6,
        asked_for_reassurance=True,
    )
    w.reassurance = services.request_reassurance(user=alice, couple=couple)
    w.listening = exercise(1, "listening-without-defending")
    services.open_conversation(couple=couple, exercise=w.listening)
    save_monthly_review(
        user=alice,
        month=today.replace(day=1),
        couple=couple,
        answers={"better": MONTHLY},
        shared=False,
    )

    # A second invitation from Alice's couple, still open (say, sent before Bob joined).
    w.invitation = Invitation.objects.create(
        couple=couple,
        invited_by=alice,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    w.unsubscribe = unsubscribe_token(alice)
    w.assignment = services.assign(therapist=theo, client=alice, step=w.step)
    TherapistNote.objects.create(therapist=theo, client=alice, text=THERAPIST_NOTE)
    SelfCheckAnswer.objects.create(
        user=alice, check_slug="warning-signs", answers_json='["secrecy-1"]'
    )
    w.export = request_export(user=alice)  # built at once: tasks run immediately
    services.complete_step(user=alice, step=w.step)  # theo's consent covers progress
    w.alice_event = news.record_event(
        recipient=alice, actor=theo, kind=news.Kind.ASSIGNED, assignment=w.assignment
    )
    w.stop = news.stop_token(alice)
    w.device = news.subscribe_device(
        user=alice,
        endpoint="https://push.example.net/alice-phone",
        p256dh="BKey",
        auth="secret",
        device=DEVICE,
    )
    w.article = make_article("saved-by-alice", title=SAVED_ARTICLE)
    SavedArticle.objects.create(user=alice, article=w.article)
    mail.outbox.clear()
    return w


def snapshot():
    """Every row of every table that holds people's data, and the sent emails."""
    labels = {"couples", "recovery", "content", "account", "mfa"}
    rows = {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label in labels
    }
    return rows, [(m.subject, m.to) for m in mail.outbox]


def may_change(row, role, answer):
    if row.changes is not None:
        return role in row.changes.split()
    return role != "anon" and answer in (204, 302)


def problem_with(row, role, world) -> str | None:
    """Ask as this role; say what differs from the table, if anything."""
    answer = row.answer(role)
    client = Client()
    if role != "anon":
        client.force_login(getattr(world, role))
    url = reverse(row.name, args=row.args(world))
    data = row.data(world) if callable(row.data) else row.data
    before = snapshot() if row.method == "post" else None
    try:
        response = getattr(client, row.method)(url, data)
    except Exception as error:
        return f"raised {error!r}"
    status, location = response.status_code, response.get("Location", "")
    if answer == LOGIN:
        if status != 302 or not location.startswith(reverse("account_login")):
            return f"answered {status} {location}, not a redirect to sign in"
    elif status != answer:
        return f"answered {status} {location}, not {answer}"
    must_not_change = before is not None and not may_change(row, role, answer)
    if must_not_change and snapshot() != before:
        return "changed data or sent an email"
    if status == 200:
        html = response.content.decode()
        for text, seen_by in row.shows.items():
            if (text in html) != (role in seen_by.split()):
                return f"{'shows' if text in html else 'does not show'} {text!r}"
    return None


@pytest.mark.parametrize("row", list(_rows()))
def test_permission_matrix(world, row):
    problems = {}
    for role in ROLES:
        # Each role asks on the same world: what one changes is undone for the next.
        with transaction.atomic():
            problem = problem_with(row, role, world)
            transaction.set_rollback(True)
        empty_caches()
        mail.outbox.clear()
        if problem:
            problems[role] = problem
    unexpected = {role: p for role, p in problems.items() if role not in row.wrong}
    assert unexpected == {}
    fixed = set(row.wrong) - set(problems)
    assert fixed == set(), (
        f"{fixed} now answer as the table says: take them out of wrong"
    )
    if problems:
        raise KnownWrong(problems)


def test_every_url_has_a_row():
    """A new URL in one of the apps must get a row here."""
    named = {
        f"{namespace}:{name}"
        for namespace in ("couples", "recovery", "content")
        for name in get_resolver().namespace_dict[namespace][1].reverse_dict
        if isinstance(name, str)
    }
    public = {
        "content:landing",
        "content:language",
        "content:safety",
        "content:safety-country",
        "content:privacy",
        "content:library",
        "content:search",
        "content:glossary",
        "content:topic",
        "content:self-check",
        "content:article",
    }
    assert named - public - {row.name for row in ROWS} == set()


# ---------- The partner sees what was shared, only while sharing ----------


def test_the_partner_reads_shared_writing_but_never_private(client, world):
    client.force_login(world.bob)
    shared_page = page_text(
        client.get(reverse("recovery:exercise", args=[world.shared.exercise_id]))
    )
    assert SHARED in shared_page and PRIVATE not in shared_page
    private_page = page_text(
        client.get(reverse("recovery:exercise", args=[world.private.exercise_id]))
    )
    assert PRIVATE not in private_page
    for name in ("recovery:journal", "recovery:home", "couples:checkin"):
        html = page_text(client.get(reverse(name)))
        assert PRIVATE not in html and SHARED not in html, name


def test_the_partner_sees_a_shared_check_in_answer_but_not_the_private_note(
    client, world
):
    make_checkin(world.bob)  # a partner's answers show once you have checked in
    client.force_login(world.bob)
    html = page_text(client.get(reverse("couples:checkin")))
    assert CHECKIN_THANKS in html
    assert CHECKIN_NOTE not in html


def test_pausing_hides_everything_shared_from_the_partner(client, world, couple):
    pause_couple(couple=couple, by=world.alice)
    make_checkin(world.bob)
    client.force_login(world.bob)
    pages = {
        reverse("recovery:exercise", args=[world.shared.exercise_id]): SHARED,
        reverse("recovery:exercise", args=[world.commitments.pk]): COMMITMENT,
        reverse("recovery:triggers"): TRIGGER_ASK,
        reverse("couples:checkin"): CHECKIN_THANKS,
    }
    for url, text in pages.items():
        assert text not in page_text(client.get(url)), url
    response = client.post(
        reverse("recovery:response-acknowledge", args=[world.shared.pk]),
        {"text": "x"},
    )
    assert response.status_code == 404


def test_after_the_couple_ends_the_former_partner_sees_nothing(client, world, couple):
    end_couple(couple=couple, by=world.alice)
    client.force_login(world.bob)
    html = page_text(
        client.get(reverse("recovery:exercise", args=[world.shared.exercise_id]))
    )
    assert SHARED not in html
    detail = reverse("couples:agreement-detail", args=[world.agreement.pk])
    assert client.get(detail).status_code == 404
    assert TRIGGER_ASK not in page_text(client.get(reverse("recovery:triggers")))


def test_a_therapist_sees_writing_only_with_the_responses_scope(client, world):
    world.consent.share_responses = False
    world.consent.save(update_fields=["share_responses"])
    client.force_login(world.theo)
    url = reverse("recovery:caseload-client", args=[world.alice.pk])
    html = page_text(client.get(url))
    assert FOR_THERAPIST not in html and PRIVATE not in html and SHARED not in html
    assert THERAPIST_NOTE in html  # his own note stays his
