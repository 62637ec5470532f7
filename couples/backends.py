"""Authentication backends that load a therapist's profile with the user.

Every therapist page needs the profile (is the therapist verified?), and
every signed-in page the count of unread news for the header's badge;
fetching both in the same query as the signed-in user keeps those pages
within budget.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends

from .access import unread_events_count
from .models import User


class _UserWithProfile:
    def get_user(self, user_id):
        user = (
            User.objects.select_related("therapist_profile")
            .annotate(unread_news=unread_events_count())
            .filter(pk=user_id)
            .first()
        )
        return user if user and self.user_can_authenticate(user) else None


class ModelBackend(_UserWithProfile, backends.ModelBackend):
    pass


class EmailBackend(_UserWithProfile, AuthenticationBackend):
    pass
