from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Báo cáo"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portal.context_processors import NAV_EXTRA

        from . import tasks  # noqa: F401  (registers the Celery tasks)

        entry = (_("Báo cáo"), "reporting:index", "reporting", None)
        if entry[1] not in {item[1] for item in NAV_EXTRA}:
            NAV_EXTRA.append(entry)
