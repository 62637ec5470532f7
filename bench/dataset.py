"""Build the benchmark's dataset in PostgreSQL: couples with a year of history.

Runs inside the benchmark process after ``django.setup()`` against the bench
database. Big tables go in with PostgreSQL's COPY (personal text is still
encrypted value by value, as the app would store it); small ones with
``bulk_create``. Every person gets a signed-in session made the way Django's
login would make it, so the load generator can act as them.
"""

import datetime
import json
import random
import secrets
import string
import time
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql

from core.encryption import EncryptedTextField, encrypt

# A few time zones, so "today" differs between people as it does in life.
TIME_ZONES = ["UTC"] * 4 + [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Asia/Kolkata",
]
NOTES = [
    "Hard morning, better by the evening.",
    "Couldn't sleep again. Talked it through at breakfast.",
    "A good day. I noticed I didn't check his phone.",
]
WRITING = (
    "I keep coming back to the evening I found the messages. It wasn't one thing "
    "that was said, it was how much had been given to someone else while I felt "
    "lonely right beside you. To begin to feel safe I need honesty when I ask, "
    "even when the answer is hard.\n\n"
) * 3
AGREEMENT_TITLES = [
    ("third_person", "No contact with the third person"),
    ("devices", "Openness about phones, for now"),
    ("whereabouts", "Letting each other know"),
    ("social_media", "A break from social media"),
    ("friendships", "Telling each other about new friendships"),
    ("intimacy", "Taking it slowly"),
    ("other", "A weekly check-in conversation"),
]
AGREEMENT_TEXT = (
    "For the next three months, either of us can ask who the other has been "
    "talking to, and we answer openly, without sighing or changing the subject."
)


@dataclass(frozen=True)
class Size:
    couples: int = 2000
    therapists: int = 100
    days: int = 365

    @property
    def clients(self) -> int:
        return 2 * self.couples


@dataclass
class Person:
    pk: int
    session_key: str
    csrf: str
    client_pk: int | None = None  # a therapist's: one client who consented


@dataclass
class Dataset:
    size: Size
    # Clients in couple order (seat 1, seat 2, seat 1, ...); therapists apart.
    clients: list[Person] = field(default_factory=list)
    therapists: list[Person] = field(default_factory=list)
    article_slugs: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _now():
    return timezone.now()


def _at(day: datetime.date, hour: int, rng) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, rng.randrange(60)), tzinfo=datetime.UTC
    )


def _column_default(model_field, now):
    """The value a column gets when the app does not say (Django-side defaults)."""
    if getattr(model_field, "auto_now", False) or getattr(
        model_field, "auto_now_add", False
    ):
        return now
    if model_field.has_default():
        value = model_field.get_default()
    elif model_field.null:
        return None
    else:
        raise RuntimeError(
            f"{model_field.model.__name__}.{model_field.name} has no default: "
            "bench/dataset.py must fill it (the model changed)."
        )
    if isinstance(model_field, EncryptedTextField):
        return None  # filled per row: every encrypted value gets its own nonce
    if isinstance(model_field, models.JSONField):
        return json.dumps(value)
    if isinstance(model_field, models.ForeignKey):
        return value
    return model_field.get_db_prep_save(value, connection)


def copy_rows(model, field_names: list[str], rows) -> int:
    """COPY rows (tuples in the order of field_names) into the model's table.

    Columns the rows do not give get the model's default, so a field added
    later with a default does not break the build. Values are given as the
    database stores them: encrypted text already encrypted, JSON as text.
    """
    meta = model._meta
    given = [meta.get_field(name) for name in field_names]
    given_names = {f.name for f in given}
    now = _now()
    rest = [
        f
        for f in meta.concrete_fields
        if not f.primary_key and f.name not in given_names
    ]
    rest_values = [_column_default(f, now) for f in rest]
    rest_encrypted = [
        i for i, f in enumerate(rest) if isinstance(f, EncryptedTextField)
    ]
    columns = [f.column for f in given] + [f.column for f in rest]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(meta.db_table),
        sql.SQL(", ").join(sql.Identifier(c) for c in columns),
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            tail = rest_values
            if rest_encrypted:
                tail = list(rest_values)
                for i in rest_encrypted:
                    default = rest[i].get_default()
                    tail[i] = encrypt(default if isinstance(default, str) else "")
            copy.write_row((*row, *tail))
            count += 1
    return count


def _session_engine():
    return import_module(settings.SESSION_ENGINE)


def build(size: Size, *, seed: int = 7, log=print) -> Dataset:
    """Create the whole dataset; return who can be signed in as, and row counts."""
    from allauth.account.models import EmailAddress
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    from content.loader import load_library
    from content.models import Article, ArticleRead, SavedArticle
    from core.models import SecurityEvent
    from couples.models import (
        AccessLogEntry,
        Agreement,
        AgreementEvent,
        AgreementRevision,
        CheckIn,
        Consent,
        Couple,
        Membership,
        MonthlyReview,
        SafetyCheck,
        Slip,
        TherapistProfile,
        User,
    )
    from recovery.demo import APPRECIATIONS, NEEDS
    from recovery.loader import load_pathway
    from recovery.models import (
        Acknowledgement,
        Assignment,
        Commitment,
        Conversation,
        Exercise,
        Response,
        Step,
        StepProgress,
        TherapistNote,
        Trigger,
    )

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (made-up data, reproducible)
    data = Dataset(size=size)
    counts = data.rows
    now = _now()
    today = timezone.localdate()
    first_day = today - datetime.timedelta(days=size.days)

    def step(label, func):
        t = time.perf_counter()
        result = func()
        log(f"  {label:<34} {time.perf_counter() - t:6.1f} s")
        return result

    # ---- Library and pathway, as `make run` loads them.
    def content():
        with transaction.atomic():
            load_library()
            load_pathway()

    step("library and pathway", content)
    data.article_slugs = list(
        Article.objects.published().order_by("pk").values_list("slug", flat=True)
    )
    steps = list(Step.objects.order_by("number"))
    exercises = list(Exercise.objects.select_related("step").order_by("pk"))
    by_step = {s.pk: [e for e in exercises if e.step_id == s.pk] for s in steps}

    # ---- People. One password hash for all: Argon2 per person would take minutes.
    password = make_password("bench-password-not-secret")

    def people():
        users = []
        for i in range(size.couples):
            for seat, role in ((1, "hurt"), (2, "strayed")):
                users.append(
                    User(
                        email=f"c{i}-{seat}@bench.example",
                        display_name=f"P{i}-{seat}",
                        role=role,
                        time_zone=rng.choice(TIME_ZONES),
                        password=password,
                        processing_consent_at=now,
                        date_joined=now - datetime.timedelta(days=size.days + 10),
                        intake_at=now - datetime.timedelta(days=size.days + 10),
                    )
                )
        for j in range(size.therapists):
            users.append(
                User(
                    email=f"t{j}@bench.example",
                    display_name=f"Dr. T{j}",
                    account_type="therapist",
                    password=password,
                    processing_consent_at=now,
                    date_joined=now - datetime.timedelta(days=size.days + 30),
                )
            )
        User.objects.bulk_create(users, batch_size=2000)
        return users

    users = step("people", people)
    clients = users[: size.clients]
    therapists = users[size.clients :]
    counts["users"] = len(users)

    def accounts():
        n = copy_rows(
            EmailAddress,
            ["user", "email", "verified", "primary"],
            ((u.pk, u.email, True, True) for u in users),
        )
        counts["email addresses"] = n
        counts["safety checks"] = copy_rows(
            SafetyCheck,
            ["user", "concern", "answers_json", "taken_at"],
            (
                (
                    u.pk,
                    False,
                    encrypt(json.dumps({"afraid": "no", "threats": "no"})),
                    u.date_joined,
                )
                for u in clients
            ),
        )
        TherapistProfile.objects.bulk_create(
            TherapistProfile(
                user=t,
                full_name=t.display_name,
                licence_number=f"BENCH-{t.pk}",
                jurisdiction="Benchland",
                practice="Bench practice",
                verified_at=now - datetime.timedelta(days=200),
            )
            for t in therapists
        )
        counts["therapist profiles"] = len(therapists)

    step("emails, safety checks, profiles", accounts)

    # ---- Couples and seats.
    def couples_and_seats():
        couples = Couple.objects.bulk_create(
            [Couple() for _ in range(size.couples)], batch_size=2000
        )
        Membership.objects.bulk_create(
            (
                Membership(
                    couple=couple,
                    user=clients[2 * i + seat - 1],
                    seat=seat,
                    joined_at=now - datetime.timedelta(days=size.days + 5),
                )
                for i, couple in enumerate(couples)
                for seat in (1, 2)
            ),
            batch_size=4000,
        )
        counts["couples"] = len(couples)
        counts["memberships"] = 2 * len(couples)
        return couples

    couples = step("couples", couples_and_seats)

    # ---- Agreements, in every state, with their revisions and events.
    def agreements():
        plan = []  # (couple index, category, title, kind)
        kinds = ["active", "active", "active", "changing", "proposed", "retired"]
        for i in range(size.couples):
            chosen = kinds + rng.sample(["active", "declined", "proposed"], k=2)
            for n, kind in enumerate(chosen):
                category, title = AGREEMENT_TITLES[n % len(AGREEMENT_TITLES)]
                plan.append((i, category, title, kind))
        made = Agreement.objects.bulk_create(
            [
                Agreement(
                    couple=couples[i],
                    category=category,
                    status={"changing": "active"}.get(kind, kind),
                    created_at=now - datetime.timedelta(days=rng.randrange(size.days)),
                )
                for i, category, _title, kind in plan
            ],
            batch_size=5000,
        )
        revisions = []
        for agreement, (i, _cat, title, kind) in zip(made, plan, strict=True):
            a, b = clients[2 * i], clients[2 * i + 1]
            proposer, other = (a, b) if rng.random() < 0.5 else (b, a)
            agreement._people = (proposer, other, kind)
            when = agreement.created_at
            revisions.append(
                AgreementRevision(
                    agreement=agreement,
                    number=1,
                    title=title,
                    text=AGREEMENT_TEXT,
                    review_on=today + datetime.timedelta(days=rng.randrange(-30, 90))
                    if rng.random() < 0.4
                    else None,
                    proposed_by=proposer,
                    created_at=when,
                )
            )
            if kind == "changing":
                revisions.append(
                    AgreementRevision(
                        agreement=agreement,
                        number=2,
                        title=title + " (changed)",
                        text=AGREEMENT_TEXT,
                        proposed_by=other,
                        created_at=when + datetime.timedelta(days=20),
                    )
                )
        AgreementRevision.objects.bulk_create(revisions, batch_size=5000)
        by_agreement = {}
        for revision in revisions:
            by_agreement.setdefault(revision.agreement_id, []).append(revision)
        events, slips, updated = [], [], []
        Kind = AgreementEvent.Kind
        for agreement in made:
            proposer, other, kind = agreement._people
            revs = by_agreement[agreement.pk]
            first = revs[0]
            t = first.created_at

            def ev(revision, user, kind_, minutes, reason="", agreement=agreement, t=t):
                events.append(
                    AgreementEvent(
                        agreement=agreement,
                        revision=revision,
                        user=user,
                        kind=kind_,
                        reason=reason,
                        created_at=t + datetime.timedelta(minutes=minutes),
                    )
                )

            ev(first, proposer, Kind.PROPOSED, 0)
            ev(first, proposer, Kind.ACCEPTED, 0)
            agreement.current_revision = revs[-1]
            if kind in ("active", "changing", "retired"):
                ev(first, other, Kind.ACCEPTED, 600)
                agreement.active_revision = first
            if kind == "changing":
                ev(revs[1], other, Kind.REOPENED, 30000)
                ev(revs[1], other, Kind.ACCEPTED, 30000)
            if kind == "retired":
                ev(first, proposer, Kind.RETIRE_REQUESTED, 60000)
                ev(first, other, Kind.RETIRED, 61000)
            if kind == "declined":
                ev(first, other, Kind.DECLINED, 900, "Not like this.")
            if kind == "active" and rng.random() < 0.3:
                ev(first, other, Kind.REVIEWED, 50000)
            if kind == "active" and rng.random() < 0.25:
                slips.append(
                    Slip(
                        agreement=agreement,
                        user=rng.choice([proposer, other]),
                        kind=rng.choice(["nearly", "broke"]),
                        what_happened="I replied to a message I should have ignored.",
                        what_helps="Tell you the same evening.",
                        response="Thank you for telling me.",
                        responded_at=t + datetime.timedelta(days=3),
                        created_at=t + datetime.timedelta(days=2),
                    )
                )
            updated.append(agreement)
        AgreementEvent.objects.bulk_create(events, batch_size=5000)
        Slip.objects.bulk_create(slips, batch_size=5000)
        Agreement.objects.bulk_update(
            updated, ["current_revision", "active_revision"], batch_size=2000
        )
        counts["agreements"] = len(made)
        counts["agreement revisions"] = len(revisions)
        counts["agreement events"] = len(events)
        counts["slips"] = len(slips)
        # Active agreements by couple, for check-ins that mention one.
        active = {}
        for agreement in made:
            if agreement.status == "active":
                active.setdefault(agreement.couple_id, []).append(agreement.pk)
        return active

    active_agreements = step("agreements", agreements)

    # ---- A year of daily check-ins for everyone (the big table).
    def checkins():
        def rows():
            for i, couple in enumerate(couples):
                mentions = active_agreements.get(couple.pk, [])
                for seat in (0, 1):
                    user = clients[2 * i + seat]
                    keen = rng.uniform(0.55, 0.97)  # how often this person checks in
                    start, gain = rng.uniform(2, 5), rng.uniform(0, 4)
                    for offset in range(size.days, -1, -1):
                        if rng.random() > (keen if offset else 0.4):
                            continue
                        day = today - datetime.timedelta(days=offset)
                        level = (
                            start
                            + gain * (size.days - offset) / size.days
                            + rng.uniform(-1.5, 1.5)
                        )
                        score = max(1, min(10, round(level)))
                        mention = mentions and rng.random() < 0.1
                        at = _at(day, rng.randrange(7, 23), rng)
                        yield (
                            user.pk,
                            couple.pk,
                            day,
                            max(1, min(5, round(level / 2))),
                            score,
                            max(1, min(10, score - rng.choice([0, 1]))),
                            encrypt(
                                rng.choice(APPRECIATIONS) if rng.random() < 0.6 else ""
                            ),
                            encrypt(rng.choice(NEEDS) if rng.random() < 0.4 else ""),
                            encrypt(rng.choice(NOTES) if rng.random() < 0.2 else ""),
                            True,
                            True,
                            rng.random() < 0.7,
                            rng.random() < 0.2,
                            rng.choice(mentions) if mention else None,
                            rng.choice(["kept", "struggling"]) if mention else "",
                            True,
                            at,
                            at,
                        )

        counts["check-ins"] = copy_rows(
            CheckIn,
            [
                "user",
                "couple",
                "day",
                "mood",
                "closeness",
                "safety",
                "appreciated",
                "need",
                "note",
                "share_scores",
                "share_appreciated",
                "share_need",
                "share_note",
                "agreement",
                "agreement_mention",
                "share_mention",
                "created_at",
                "updated_at",
            ],
            rows(),
        )

    step("check-ins", checkins)

    # ---- Monthly reviews.
    def monthly():
        months = sorted(
            {
                (first_day + datetime.timedelta(days=d)).replace(day=1)
                for d in range(size.days)
            }
        )
        answers = json.dumps({"better": "We talk more.", "hardest": "The evenings."})

        def rows():
            for i, couple in enumerate(couples):
                for seat in (0, 1):
                    user = clients[2 * i + seat]
                    for month in months:
                        if rng.random() < 0.6:
                            yield (
                                user.pk,
                                couple.pk,
                                month,
                                encrypt(answers),
                                rng.random() < 0.5,
                                _at(month + datetime.timedelta(days=3), 20, rng),
                            )

        counts["monthly reviews"] = copy_rows(
            MonthlyReview,
            ["user", "couple", "month", "answers_json", "shared", "updated_at"],
            rows(),
        )

    step("monthly reviews", monthly)

    # ---- The pathway: where each person is, what they wrote, what they shared.
    def pathway():
        progress_rows, response_rows, conversations = [], [], []
        for i, couple in enumerate(couples):
            # Couples move together, roughly: 1-5 steps reached.
            reached = rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 3, 2, 1])[0]
            for seat in (0, 1):
                user = clients[2 * i + seat]
                role = user.role
                mine = reached - (
                    1 if seat and rng.random() < 0.3 and reached > 1 else 0
                )
                for s in steps:
                    if s.number > mine:
                        break
                    done_step = s.number < mine
                    if done_step:
                        progress_rows.append(
                            (
                                user.pk,
                                s.pk,
                                now
                                - datetime.timedelta(days=(mine - s.number) * 40 + 3),
                            )
                        )
                    for e in by_step[s.pk]:
                        if not e.is_written or not e.fits(role):
                            continue
                        if not done_step and rng.random() < 0.5:
                            continue
                        saved = rng.random() < 0.85
                        shared = saved and rng.random() < 0.45
                        when = now - datetime.timedelta(
                            days=(mine - s.number) * 40 + rng.randrange(1, 30)
                        )
                        response_rows.append(
                            (
                                user.pk,
                                e.pk,
                                couple.pk if shared else None,
                                encrypt(WRITING if saved else ""),
                                encrypt(WRITING[:300] if not saved else ""),
                                when,
                                when if saved else None,
                                shared,
                                when if shared else None,
                                (when + datetime.timedelta(hours=5))
                                if shared and rng.random() < 0.8
                                else None,
                                saved and rng.random() < 0.3,
                                when - datetime.timedelta(days=1),
                            )
                        )
            for s in steps:
                if s.number >= reached:
                    break
                for e in by_step[s.pk]:
                    if e.kind == Exercise.Kind.CONVERSATION:
                        conversations.append(
                            Conversation(
                                couple=couple,
                                exercise=e,
                                status=Conversation.Status.FINISHED,
                                prompt_index=len(e.prompts),
                                started_at=now - datetime.timedelta(days=60),
                            )
                        )
        counts["step progress"] = copy_rows(
            StepProgress, ["user", "step", "completed_at"], progress_rows
        )
        counts["responses"] = copy_rows(
            Response,
            [
                "user",
                "exercise",
                "couple",
                "body",
                "draft",
                "draft_saved_at",
                "saved_at",
                "shared_with_partner",
                "shared_at",
                "seen_by_partner_at",
                "shared_with_therapist",
                "created_at",
            ],
            response_rows,
        )
        Conversation.objects.bulk_create(conversations, batch_size=5000)
        counts["conversations"] = len(conversations)
        # The partner answers about half of what was shared and seen.
        partner_of = {}
        for i in range(size.couples):
            a, b = clients[2 * i].pk, clients[2 * i + 1].pk
            partner_of[a], partner_of[b] = b, a
        # Read before COPY starts: one connection cannot do both at once.
        shared = list(
            Response.objects.filter(
                shared_with_partner=True, seen_by_partner_at__isnull=False
            ).values_list("pk", "user_id", "seen_by_partner_at")
        )
        counts["acknowledgements"] = copy_rows(
            Acknowledgement,
            ["response", "user", "text", "created_at"],
            (
                (pk, partner_of[user_id], encrypt("Thank you for writing this."), seen)
                for pk, user_id, seen in shared
                if rng.random() < 0.5
            ),
        )

    step("pathway (progress, writing)", pathway)

    # ---- Practices: triggers (hurt partner) and commitments (partner who strayed).
    def practices():
        def trigger_rows():
            for i, couple in enumerate(couples):
                user = clients[2 * i]
                for _ in range(max(1, size.days * rng.randrange(40, 90) // 365)):
                    day = today - datetime.timedelta(days=rng.randrange(size.days))
                    asked = rng.random() < 0.3
                    at = _at(day, rng.randrange(24), rng)
                    yield (
                        user.pk,
                        couple.pk,
                        day,
                        encrypt("A song in the shop brought it all back."),
                        rng.randrange(1, 11),
                        encrypt("Breathing slowly." if rng.random() < 0.5 else ""),
                        asked,
                        encrypt("I'm right here." if asked else ""),
                        at + datetime.timedelta(hours=1) if asked else None,
                        at,
                    )

        counts["triggers"] = copy_rows(
            Trigger,
            [
                "user",
                "couple",
                "occurred_on",
                "what_happened",
                "intensity",
                "what_helped",
                "asked_for_reassurance",
                "reassurance",
                "reassured_at",
                "created_at",
            ],
            trigger_rows(),
        )

        def commitment_rows():
            for i, couple in enumerate(couples):
                user = clients[2 * i + 1]
                for _ in range(max(1, size.days * rng.randrange(15, 40) // 365)):
                    at = now - datetime.timedelta(
                        days=rng.randrange(size.days), minutes=rng.randrange(1440)
                    )
                    kept = rng.random() < 0.7
                    yield (
                        user.pk,
                        couple.pk,
                        encrypt("I'll text if I'm going to be late."),
                        at,
                        at + datetime.timedelta(days=2) if kept else None,
                        at + datetime.timedelta(days=3)
                        if kept and rng.random() < 0.6
                        else None,
                    )

        counts["commitments"] = copy_rows(
            Commitment,
            ["user", "couple", "text", "created_at", "kept_at", "acknowledged_at"],
            commitment_rows(),
        )

    step("triggers and commitments", practices)

    # ---- Therapists: each with a caseload of couples who both consented.
    def therapy():
        consents, assignments, notes, looks = [], [], [], []
        areas = [a for a, _ in AccessLogEntry.Area.choices]
        step_two = steps[1] if len(steps) > 1 else steps[0]
        for i in range(size.couples):
            therapist = therapists[i % size.therapists]
            started = now - datetime.timedelta(days=rng.randrange(30, size.days + 30))
            for seat in (0, 1):
                client = clients[2 * i + seat]
                consents.append(
                    (
                        client.pk,
                        therapist.pk,
                        True,
                        rng.random() < 0.8,
                        rng.random() < 0.5,
                        started,
                        started,
                        None,
                    )
                )
                for n in range(3):
                    s = steps[min(n + 1, len(steps) - 1)] if n else step_two
                    written = [e for e in by_step[s.pk] if e.is_written]
                    status = ["done", "started", "assigned"][n]
                    due = today + datetime.timedelta(days=rng.randrange(-20, 20))
                    assignments.append(
                        (
                            therapist.pk,
                            client.pk,
                            s.pk,
                            written[0].pk if written and rng.random() < 0.6 else None,
                            encrypt(
                                "Take your time with this before our next session."
                            ),
                            due,
                            status,
                            started + datetime.timedelta(days=7 * n),
                            started + datetime.timedelta(days=7 * n + 1)
                            if status != "assigned"
                            else None,
                            started + datetime.timedelta(days=7 * n + 5)
                            if status == "done"
                            else None,
                        )
                    )
                for n in range(rng.randrange(4, 12)):
                    notes.append(
                        (
                            therapist.pk,
                            client.pk,
                            encrypt("Session notes: working on repair conversations."),
                            started + datetime.timedelta(days=7 * n),
                        )
                    )
                for n in range(rng.randrange(10, 30)):
                    looks.append(
                        (
                            client.pk,
                            therapist.pk,
                            rng.choice(areas),
                            started + datetime.timedelta(days=3 * n),
                        )
                    )
        # A few earlier consents, since revoked (a therapist the couple left).
        for i in range(0, size.couples, 20):
            therapist = therapists[(i + 1) % size.therapists]
            for seat in (0, 1):
                t = now - datetime.timedelta(days=size.days)
                consents.append(
                    (
                        clients[2 * i + seat].pk,
                        therapist.pk,
                        True,
                        True,
                        False,
                        t,
                        t,
                        t + datetime.timedelta(days=60),
                    )
                )
        counts["consents"] = copy_rows(
            Consent,
            [
                "client",
                "therapist",
                "share_progress",
                "share_checkins",
                "share_responses",
                "created_at",
                "updated_at",
                "revoked_at",
            ],
            consents,
        )
        counts["assignments"] = copy_rows(
            Assignment,
            [
                "therapist",
                "client",
                "step",
                "exercise",
                "note",
                "due_on",
                "status",
                "created_at",
                "started_at",
                "done_at",
            ],
            assignments,
        )
        counts["therapist notes"] = copy_rows(
            TherapistNote, ["therapist", "client", "text", "created_at"], notes
        )
        counts["access log"] = copy_rows(
            AccessLogEntry, ["client", "therapist", "area", "viewed_at"], looks
        )

    step("consents, assignments, notes", therapy)

    # ---- Reading, security events.
    def reading_and_events():
        articles = list(Article.objects.published().values_list("pk", flat=True))
        saved, read = [], []
        for user in clients:
            for pk in rng.sample(articles, k=min(len(articles), rng.randrange(0, 6))):
                saved.append(
                    (
                        user.pk,
                        pk,
                        now - datetime.timedelta(days=rng.randrange(size.days)),
                    )
                )
            for pk in rng.sample(articles, k=min(len(articles), rng.randrange(2, 15))):
                read.append(
                    (
                        user.pk,
                        pk,
                        now - datetime.timedelta(days=rng.randrange(size.days)),
                    )
                )
        counts["saved articles"] = copy_rows(
            SavedArticle, ["user", "article", "saved_at"], saved
        )
        counts["articles read"] = copy_rows(
            ArticleRead, ["user", "article", "read_at"], read
        )
        counts["security events"] = copy_rows(
            SecurityEvent,
            ["user", "kind", "created_at"],
            (
                (
                    user.pk,
                    "login",
                    now - datetime.timedelta(days=rng.randrange(size.days)),
                )
                for user in users
                for _ in range(rng.randrange(5, 25))
            ),
        )

    step("reading, security events", reading_and_events)

    # ---- A signed-in session for everyone, as django.contrib.auth.login makes it.
    def sessions():
        store = _session_engine().SessionStore()
        alphabet = string.ascii_lowercase + string.digits
        stamp = int(time.time())
        rows, tracked = [], []
        for user in users:
            key = "".join(secrets.choice(alphabet) for _ in range(32))
            payload = {
                "_auth_user_id": str(user.pk),
                "_auth_user_backend": "couples.backends.ModelBackend",
                "_auth_user_hash": user.get_session_auth_hash(),
                "_session_expiry": user.idle_timeout_minutes * 60,
                "idle_refreshed_at": stamp,
            }
            rows.append(
                Session(
                    session_key=key,
                    session_data=store.encode(payload),
                    expire_date=now + datetime.timedelta(days=1),
                )
            )
            tracked.append(
                UserSession(
                    user=user,
                    session_key=key,
                    ip="127.0.0.1",
                    user_agent="wrk (Mend load benchmark)",
                    created_at=now,
                    last_seen_at=now,
                )
            )
            person = Person(pk=user.pk, session_key=key, csrf=secrets.token_hex(16))
            (data.therapists if user.is_therapist else data.clients).append(person)
        Session.objects.bulk_create(rows, batch_size=5000)
        UserSession.objects.bulk_create(tracked, batch_size=5000)
        # Couple i sees therapist i % therapists (therapy() above), so therapist
        # j's first couple is couple j.
        for j, person in enumerate(data.therapists):
            person.client_pk = clients[2 * (j % size.couples)].pk
        counts["sessions"] = len(rows)

    step("sessions", sessions)

    def analyze():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")

    step("VACUUM ANALYZE", analyze)
    data.seconds = time.perf_counter() - started
    return data
