"""Authentication backends that load a therapist's profile with the user.

Every therapist page needs the profile (is the therapist verified?), and
every signed-in page the count of unread news for the header's badge;
fetching both in the same query as the signed-in user keeps those pages
within budget.
"""

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends

from .access import unread_events_count
from .models import User


@functools.cache
def signed_in_users():
    """The query that loads the signed-in person, built once per process.

    Building it (the news badge's count carries every visibility rule of
    couples.access) cost ten times more than running it; each request only
    narrows a copy of it to one id. Nothing in it depends on the request.
    """
    return User.objects.select_related("therapist_profile").annotate(
        unread_news=unread_events_count()
    )


class _UserWithProfile:
    def get_user(self, user_id):
        # get() rather than filter().first(): no ORDER BY to build.
        try:
            user = signed_in_users().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UserWithProfile, backends.ModelBackend):
    pass


class EmailBackend(_UserWithProfile, AuthenticationBackend):
    pass
