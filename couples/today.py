"""Today's check-in card: shared by the check-in page and the dashboard."""

from . import access
from .forms import CheckInForm
from .models import Agreement, CheckIn

# A score at or below this on safety and trust brings crisis help forward.
LOW_SAFETY = 2


def active_agreements(membership):
    return list(
        Agreement.objects.filter(
            couple=membership.couple, status=Agreement.Status.ACTIVE
        )
        .select_related("active_revision")
        .order_by("pk")
    )


def today_card(user, *, form=None, editing=False) -> dict:
    """Everything the card shows, in at most five queries."""
    membership = access.membership_of(user)
    partner_membership = access.partner_membership(membership)
    sharing = bool(membership and membership.couple.is_sharing and partner_membership)
    partner = partner_membership.user if sharing else None
    day = access.local_today(user)
    with_agreement = CheckIn.objects.select_related("agreement__active_revision")
    mine = with_agreement.filter(user=user, day=day).first()
    theirs = None
    agreements = []
    if partner is not None:
        theirs = with_agreement.filter(
            user=partner, couple=membership.couple, day=access.local_today(partner)
        ).first()
    if form is None and (mine is None or editing):
        initial = None
        if mine is not None:
            initial = {
                name: getattr(mine, name)
                for name in (*CheckIn.SCORE_FIELDS, *CheckIn.TEXT_FIELDS)
            } | {
                f"share_{n}": getattr(mine, f"share_{n}")
                for n in ("scores", *CheckIn.TEXT_FIELDS)
            }
        if partner is not None:
            agreements = active_agreements(membership)
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
    }
