"""Today's check-in card: shared by the check-in page and the dashboard."""

from django.db.models import Q

from . import access
from .agreements import agreements_in_play
from .forms import CheckInForm
from .models import Agreement, CheckIn

# A score at or below this on safety and trust brings crisis help forward.
LOW_SAFETY = 2


def today_card(user, *, form=None, editing=False, after=None) -> dict:
    """Everything the card shows, in at most three queries.

    Besides the card, it counts the agreements waiting for this person's
    answer, from the same query that lists those a check-in can mention.
    `after` is the card from before a check-in was saved: its seats and
    agreements still hold, so only the check-ins are read again.
    """
    if after is None:
        membership, partner_membership = access.couple_seats(user)
    else:
        membership, partner_membership = after["seats"]
    sharing = bool(membership and membership.couple.is_sharing and partner_membership)
    partner = partner_membership.user if sharing else None
    day = access.local_today(user)
    todays = Q(user=user, day=day)
    if partner is not None:
        todays |= Q(
            user=partner, couple=membership.couple, day=access.local_today(partner)
        )
    checkins = list(
        CheckIn.objects.select_related("agreement__active_revision").filter(todays)
    )
    mine = next((c for c in checkins if c.user_id == user.pk), None)
    theirs = next((c for c in checkins if c.user_id != user.pk), None)
    if after is not None:
        in_play = after["in_play"]
    elif partner is not None:
        in_play = agreements_in_play(membership.couple, user)
    else:
        in_play = []
    agreements = [a for a in in_play if a.status == Agreement.Status.ACTIVE]
    if form is None and (mine is None or editing):
        initial = None
        if mine is not None:
            initial = (
                {
                    name: getattr(mine, name)
                    for name in (*CheckIn.SCORE_FIELDS, *CheckIn.TEXT_FIELDS)
                }
                | {
                    f"share_{n}": getattr(mine, f"share_{n}")
                    for n in ("scores", "mention", *CheckIn.TEXT_FIELDS)
                }
                | {
                    "agreement": mine.agreement_id,
                    "agreement_mention": mine.agreement_mention,
                }
            )
        form = CheckInForm(
            initial=initial, has_partner=partner is not None, agreements=agreements
        )
    return {
        "day": day,
        "mine": mine,
        "form": form,
        "partner": partner,
        "couple": membership.couple if sharing else None,
        "paused": bool(
            membership and partner_membership and not membership.couple.is_sharing
        ),
        "partner_checked_in": theirs is not None,
        # Reveal after mine: neither partner's answers anchor the other's.
        "partner_parts": theirs.shared_parts() if (theirs and mine) else None,
        "low_safety": bool(mine and mine.safety <= LOW_SAFETY),
        "agreements": agreements,
        "agreements_waiting": sum(a.waiting_for_me for a in in_play),
        "seats": (membership, partner_membership),
        "in_play": in_play,
    }
