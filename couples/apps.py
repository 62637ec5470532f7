from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "couples"
    verbose_name = "People and couples"

    def ready(self):
        from . import audit, checks  # noqa: F401  (registers receivers and deploy checks)
