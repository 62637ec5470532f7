"""What the home page shows besides today's check-in: what waits for this
person's answer, first, and their start-here plan.

Everything here comes from things the page loads anyway (seats, agreements in
play, the pathway, open assignments) and from `home_facts`: one query on the
person's own row, a subquery per fact. The page costs the same number of
queries after a year as after a day.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, JSONField, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content import bundled
from content.models import ArticleRead
from couples.models import Agreement, Consent, MonthlyReview, SafetyCheck, User

from . import access
from .models import Conversation

# An assignment is listed first from this many days before it is due.
DUE_SOON = datetime.timedelta(days=2)
PROFESSIONAL_HELP = "getting-professional-help"


# ---------- The facts, in one query ----------


@dataclass(frozen=True)
class HomeFacts:
    monthly_done: bool
    safety_concern: bool | None  # None: the check was never taken
    read_reading: bool
    read_help: bool
    has_therapist: bool
    partner_request_id: int | None = None
    partner_request_at: datetime.datetime | None = None
    partner_trigger_asks: bool = False
    conversation_exercise_id: int | None = None
    conversation_ready_ids: list | None = None


def home_facts(user, *, partner, couple, month, reading_slugs) -> HomeFacts:
    """Gather the small facts the home page needs, as one query on the user's row."""
    person = OuterRef("pk")
    facts = {
        # This month's "how are we doing?" answers are written.
        "monthly_done": Exists(MonthlyReview.objects.filter(user=person, month=month)),
        # The newest safety check found a concern (or none was taken).
        "safety_concern": Subquery(
            SafetyCheck.objects.filter(user=person)
            .order_by("-taken_at")
            .values("concern")[:1]
        ),
        # The start-here plan's reading, and the article on finding help.
        "read_reading": Exists(
            ArticleRead.objects.filter(user=person, article__slug__in=reading_slugs)
        ),
        "read_help": Exists(
            ArticleRead.objects.filter(user=person, article__slug=PROFESSIONAL_HELP)
        ),
        "has_therapist": Exists(Consent.objects.active().filter(client=person)),
    }
    if partner is not None:
        asked = access.reassurance_asked_of(partner, couple).order_by("-asked_at")
        talking = Conversation.objects.filter(
            couple=couple, status=Conversation.Status.ACTIVE
        ).order_by("-updated_at")
        facts |= {
            # The partner's one-tap request still waiting for an answer.
            "partner_request_id": Subquery(asked.values("pk")[:1]),
            "partner_request_at": Subquery(asked.values("asked_at")[:1]),
            # A noted moment the partner sent for reassurance, unanswered.
            "partner_trigger_asks": Exists(
                access.reassurance_requests_for(partner, couple).filter(
                    reassured_at__isnull=True
                )
            ),
            # The couple's guided conversation under way, and who is ready.
            "conversation_exercise_id": Subquery(talking.values("exercise_id")[:1]),
            "conversation_ready_ids": Subquery(
                talking.values("ready_user_ids")[:1], output_field=JSONField()
            ),
        }
    row = User.objects.filter(pk=user.pk).annotate(**facts).values(*facts).get()
    return HomeFacts(**row)


# ---------- What waits for this person, first ----------


@dataclass(frozen=True)
class Need:
    """One thing waiting for this person: the template words it by `kind`."""

    kind: str
    url: str
    title: str = ""
    pk: int | None = None
    when: object = None
    who: str = ""


def waiting_for(
    user, *, partner, facts, in_play, assignments, shared, exercises, today
) -> list[Need]:
    """What waits for this person's answer, most pressing first."""
    needs = []
    if facts.partner_request_id:
        needs.append(
            Need(
                "reassurance",
                reverse("recovery:reassurance-answer", args=[facts.partner_request_id]),
                pk=facts.partner_request_id,
                when=facts.partner_request_at,
            )
        )
    if facts.partner_trigger_asks:
        needs.append(Need("trigger", reverse("recovery:triggers") + "#requests-title"))
    for agreement in in_play:
        if agreement.waiting_for_me:
            kind = (
                "agreement"
                if agreement.status == Agreement.Status.PROPOSED
                else "agreement-change"
            )
            needs.append(
                Need(
                    kind,
                    reverse("couples:agreement-detail", args=[agreement.pk]),
                    title=agreement.current_revision.title,
                )
            )
    ready = facts.conversation_ready_ids or []
    if facts.conversation_exercise_id and user.pk not in ready:
        exercise = exercises.get(facts.conversation_exercise_id)
        if exercise is not None:
            partner_ready = partner is not None and partner.pk in ready
            needs.append(
                Need(
                    "conversation-ready" if partner_ready else "conversation",
                    exercise.get_absolute_url(),
                    title=exercise.title,
                )
            )
    for assignment in assignments:
        if assignment.due_on and assignment.due_on <= today + DUE_SOON:
            needs.append(
                Need(
                    "assignment",
                    assignment.get_absolute_url(),
                    title=(assignment.exercise or assignment.step).title,
                    when=assignment.due_on,
                    who=assignment.therapist.therapist_profile.full_name,
                )
            )
    for response in shared:
        needs.append(
            Need(
                "shared", response.exercise.get_absolute_url(), response.exercise.title
            )
        )
    return needs


# ---------- The start-here plan ----------


@dataclass(frozen=True)
class PlanItem:
    text: str
    url: str
    done: bool
    also: tuple[str, str] | None = None  # a second link: (wording, address)


# What to read first, for what the person wants most: (article, wording).
READING_FOR_WISH = {
    User.Wish.UNDERSTAND: (
        "why-it-happens",
        _("Read why emotional infidelity happens"),
    ),
    User.Wish.CALM: (
        "flooding-and-taking-a-break",
        _("Read how to take a break from a hard talk, and come back"),
    ),
    User.Wish.DECIDE: (
        "when-a-relationship-cant-be-saved",
        _("Read how to make the decision with care"),
    ),
    User.Wish.TRUST: (
        "rebuilding-trust",
        _("Read how trust comes back, one kept promise at a time"),
    ),
}
# Without a wish: the library's reading path for the part the person lives.
PATH_FOR_ROLE = {
    User.Role.HURT: ("hurt", _("Start the reading path for the partner who was hurt")),
    User.Role.STRAYED: (
        "strayed",
        _("Start the reading path for the partner who turned to someone else"),
    ),
}
FIRST_READING = ("what-is-emotional-infidelity", _("Read what emotional infidelity is"))


def reading_for(user) -> tuple[list[str], str, str]:
    """The plan's reading: the articles that tick it, the one to open, its wording."""
    if user.first_wish in READING_FOR_WISH:
        slug, text = READING_FOR_WISH[user.first_wish]
        return [slug], slug, text
    if user.role in PATH_FOR_ROLE:
        key, text = PATH_FOR_ROLE[user.role]
        path = next(p for p in bundled.start_here_paths() if p["key"] == key)
        return path["articles"], path["articles"][0], text
    slug, text = FIRST_READING
    return [slug], slug, text


def start_here_plan(user, *, facts, states, partner_seat) -> list[PlanItem]:
    """Three to five next things, each ticked by what the person has really done."""
    _slugs, first_slug, reading_text = reading_for(user)
    items = [
        PlanItem(
            str(reading_text),
            reverse("content:article", args=[first_slug]),
            facts.read_reading,
        )
    ]
    step_one = states[0] if states else None
    if step_one is not None and step_one.for_me:
        first = step_one.next_exercise or step_one.for_me[0]
        items.append(
            PlanItem(
                _("Begin step 1: %(title)s") % {"title": first.title},
                first.get_absolute_url(),
                step_one.done_count > 0 or step_one.i_completed,
            )
        )
    if user.together == User.Together.PARTNER and not facts.safety_concern:
        items.append(
            PlanItem(
                str(_("Invite your partner, when it feels safe")),
                reverse("couples:couple"),
                partner_seat is not None,
            )
        )
    items.append(
        PlanItem(
            str(_("Read the safety page")),
            reverse("content:safety"),
            facts.safety_concern is not None,
            also=(
                str(_("then take the private safety check")),
                f"{reverse('couples:safety-check')}?next={reverse('recovery:home')}",
            ),
        )
    )
    if user.sees_therapist == User.Therapist.YES:
        items.append(
            PlanItem(
                str(_("Let your therapist follow along, if you want to")),
                reverse("couples:therapists"),
                facts.has_therapist,
            )
        )
    elif user.sees_therapist == User.Therapist.LOOKING:
        items.append(
            PlanItem(
                str(_("Read how to find a therapist who fits")),
                reverse("content:article", args=[PROFESSIONAL_HELP]),
                facts.read_help,
            )
        )
    return items
