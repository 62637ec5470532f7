from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Library"

    def ready(self):
        from .cache import library_changed
        from .models import Article, CrisisLine, GlossaryTerm, Topic

        for model in (Article, Topic, GlossaryTerm, CrisisLine):
            post_save.connect(
                library_changed,
                sender=model,
                dispatch_uid=f"library-{model.__name__}-saved",
            )
            post_delete.connect(
                library_changed,
                sender=model,
                dispatch_uid=f"library-{model.__name__}-deleted",
            )
        m2m_changed.connect(
            library_changed,
            sender=Article.related.through,
            dispatch_uid="library-related",
        )
