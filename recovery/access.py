"""Who may read what on the pathway.

- A response, trigger or draft is its author's alone unless shared.
- A shared response is readable by the author's partner while both are in
  the same couple it was shared in, and the couple is not paused or ended.
- Anyone else gets a 404: never a hint that the thing exists.
"""

from django.shortcuts import get_object_or_404

from couples import access as couple_access

from .models import Response


def sharing_couple(user):
    """Return (partner, couple) while this person shares with a partner, else (None, None)."""
    membership = couple_access.membership_of(user)
    if membership is None or not membership.couple.is_sharing:
        return None, None
    other = couple_access.partner_membership(membership)
    if other is None:
        return None, None
    return other.user, membership.couple


def own_response(user, pk) -> Response:
    return get_object_or_404(
        Response.objects.select_related("exercise__step"), pk=pk, user=user
    )


def partners_shared_response(user, pk) -> Response:
    partner, couple = sharing_couple(user)
    return get_object_or_404(
        Response.objects.shared_with(
            user, partner=partner, couple_id=couple.pk if couple else None
        ).select_related("exercise__step", "user"),
        pk=pk,
    )
