"""Deleting an account: what goes, and exactly what remains.

Goes: the account, every check-in, response, draft, trigger, commitment,
monthly review, safety check, self-check, saved article, export, consent,
assignment and access-log entry of the person, and any therapist's notes
about them.

Remains, for the other partner only: agreements they were party to, with
their own words intact. Wording the deleted person wrote is replaced by a
note, and their actions show as "former partner". Nothing else remains.
"""

from django.db import transaction

from core.audit import record
from core.emails import send_to_user
from core.models import SecurityEvent
from couples.access import membership_of, partner_membership
from couples.models import AgreementEvent, AgreementRevision
from couples.services import end_couple

from .progress import forget_progress

REMOVED = "(Removed: this was written by a former partner who deleted their account.)"


@transaction.atomic
def delete_account(*, user) -> None:
    membership = membership_of(user)
    partner = None
    if membership is not None:
        other = partner_membership(membership)
        partner = other.user if other else None
        end_couple(couple=membership.couple, by=user)
    for revision in AgreementRevision.objects.filter(proposed_by=user):
        revision.title = REMOVED
        revision.text = REMOVED
        revision.save(update_fields=["title", "text"])
    AgreementEvent.objects.filter(user=user).update(reason="")
    forget_progress(user.pk)
    user.delete()
    record(SecurityEvent.Kind.DELETION)
    if partner is not None:
        send_to_user(
            partner,
            subject="A change in Mend",
            template="recovery/email/partner_left.txt",
            context={"name": partner.short_name},
        )
