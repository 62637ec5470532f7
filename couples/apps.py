from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "couples"
    verbose_name = "People and couples"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
