from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from core import encryption
from core.tasks import send_email

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render the message now; hand the sending to a background task."""
        # allauth's own send_mail would add the site; Mend is not a Django
        # "site", so say its name and address here (emails print them).
        site = SimpleNamespace(
            name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
        )
        context = {"email": email, "current_site": site} | context
        message = self.render_mail(template_prefix, email, context)
        user = User.objects.filter(email__iexact=email).only("discreet_mode").first()
        if user is not None and user.discreet_mode:
            # Account emails need their links, but the subject and sender stay neutral.
            message.subject = "Your account"
            message.from_email = settings.DISCREET_FROM_EMAIL
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        send_email.enqueue(
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            html=html,
            from_email=message.from_email or "",
        )


class MFAAdapter(DefaultMFAAdapter):
    """Keep TOTP secrets and recovery-code seeds encrypted in the database."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
