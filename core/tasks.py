from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Send one email, outside the request that asked for it."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or None,
        to=to,
        headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
