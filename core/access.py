"""Roles every app checks: who may use a page at all (403 otherwise).

Who may see which *thing* is decided in each app's own access module.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


def client_required(view):
    """Pages for clients (couples and people alone); a therapist account gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_therapist:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
