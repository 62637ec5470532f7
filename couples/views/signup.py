"""Therapist sign-up: allauth's class-based view, kept apart from our function views."""

from allauth.account.views import SignupView

from couples.forms import TherapistSignupForm


class TherapistSignupView(SignupView):
    """allauth's sign-up (verification, rate limits), with professional details."""

    template_name = "couples/therapist_signup.html"

    def get_form_class(self):
        return TherapistSignupForm


therapist_signup = TherapistSignupView.as_view()
