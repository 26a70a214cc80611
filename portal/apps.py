from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Cổng Cuộc vận động"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_save

        from core import fragments, text

        from . import checks  # noqa: F401 - registers the configuration checks (SITE_URL)

        # every text any model stores, whichever path saves it, without invisible characters
        pre_save.connect(text.clean_model_text, dispatch_uid="text:clean")

        def migrated(sender, **kwargs):
            # a deploy migrates: cached parts rendered by the old templates, or from data a
            # data migration changed without signals, are rendered anew
            fragments.bump()

        post_migrate.connect(migrated, sender=self, weak=False, dispatch_uid="fragments:migrate")
