from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses and no app owns: encryption, email, audit, tasks, l10n."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import audit, checks  # noqa: F401  (registers receivers and deploy checks)
