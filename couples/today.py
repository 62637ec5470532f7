"""Today's check-in card: shared by the check-in page and the dashboard."""

from dataclasses import dataclass

from core.dates import local_today

from . import access
from .agreements import agreements_in_play
from .forms import CheckInForm
from .models import Agreement, CheckIn

# A score at or below this on safety and trust brings crisis help forward.
LOW_SAFETY = 2


@dataclass(frozen=True)
class CheckInCircle:
    """Who a person's check-in is with today: their seats, the sharing
    partner, and the couple's agreements in play (for the form's mentions)."""

    membership: object
    partner_membership: object
    partner: object
    couple: object
    in_play: list

    @property
    def agreements(self) -> list:
        """Agreements in force: the ones a check-in may mention."""
        return [a for a in self.in_play if a.status == Agreement.Status.ACTIVE]


def checkin_circle(user) -> CheckInCircle:
    """Seats and agreements, in two queries (one while no partner shares)."""
    membership, partner_membership = access.couple_seats(user)
    partner, couple = access.sharing_pair(membership, partner_membership)
    in_play = agreements_in_play(couple, user) if partner is not None else []
    return CheckInCircle(membership, partner_membership, partner, couple, in_play)


def today_card(user, circle=None, *, form=None, editing=False) -> dict:
    """Everything the card shows, in at most three queries.

    Besides the card, it counts the agreements waiting for this person's
    answer, from the same query that lists those a check-in can mention.
    """
    circle = circle or checkin_circle(user)
    partner = circle.partner
    day = local_today(user)
    checkins = list(
        access.todays_checkins_visible_to(
            user,
            partner=partner,
            couple=circle.couple,
            day=day,
            partner_day=local_today(partner) if partner else None,
        )
    )
    # A mentioned agreement is one in play, already read with its wording.
    in_play = {agreement.pk: agreement for agreement in circle.in_play}
    for checkin in checkins:
        if checkin.agreement_id in in_play:
            checkin.agreement = in_play[checkin.agreement_id]
    mine = next((c for c in checkins if c.user_id == user.pk), None)
    theirs = next((c for c in checkins if c.user_id != user.pk), None)
    if form is None and (mine is None or editing):
        form = CheckInForm(
            initial=_initial_from(mine) if mine else None,
            has_partner=partner is not None,
            agreements=circle.agreements,
        )
    membership = circle.membership
    return {
        "day": day,
        "mine": mine,
        "form": form,
        "partner": partner,
        "couple": circle.couple,
        "paused": bool(
            membership
            and circle.partner_membership
            and not membership.couple.is_sharing
        ),
        "partner_checked_in": theirs is not None,
        # Reveal after mine: neither partner's answers anchor the other's.
        "partner_parts": theirs.shared_parts() if (theirs and mine) else None,
        "low_safety": bool(mine and mine.safety <= LOW_SAFETY),
        "agreements": circle.agreements,
        "agreements_waiting": sum(a.waiting_for_me for a in circle.in_play),
    }


def _initial_from(mine: CheckIn) -> dict:
    """The form's starting values when a person edits today's check-in."""
    return (
        {
            name: getattr(mine, name)
            for name in (*CheckIn.SCORE_FIELDS, *CheckIn.TEXT_FIELDS)
        }
        | {
            f"share_{n}": getattr(mine, f"share_{n}")
            for n in ("checked_in", "scores", "mention", *CheckIn.TEXT_FIELDS)
        }
        | {"agreement": mine.agreement_id, "agreement_mention": mine.agreement_mention}
    )
