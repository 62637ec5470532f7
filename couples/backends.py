"""Authentication backends that load a therapist's profile with the user.

Every therapist page needs the profile (is the therapist verified?); fetching
it in the same query as the signed-in user keeps those pages within budget.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends

from .models import User


class _UserWithProfile:
    def get_user(self, user_id):
        # get() rather than filter().first(): no ORDER BY to build, on every request.
        try:
            user = User.objects.select_related("therapist_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UserWithProfile, backends.ModelBackend):
    pass


class EmailBackend(_UserWithProfile, AuthenticationBackend):
    pass
