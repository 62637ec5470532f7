from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from couples import access
from couples.models import Couple


def client_required(view):
    """Couple features are for clients; a therapist account gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_therapist:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def my_couple(user) -> Couple:
    """Return this person's current couple, or 404: never another couple's."""
    membership = access.membership_of(user)
    if membership is None:
        raise Http404("No couple space.")
    return membership.couple
