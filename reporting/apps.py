from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Báo cáo"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import gettext_lazy as _

        from core.navigation import add_entry

        from . import tasks  # noqa: F401  (registers the Celery tasks)
        from .models import Notification
        from .selectors import forget_unread

        def changed(sender, instance, **kwargs):
            # at once, and again after commit: a count read in between is not kept
            forget_unread(instance.user_id)
            transaction.on_commit(lambda: forget_unread(instance.user_id), robust=True)

        post_save.connect(changed, sender=Notification, dispatch_uid="unread:save")
        post_delete.connect(changed, sender=Notification, dispatch_uid="unread:delete")

        from accounts.models import Role

        # compiled reports: the committees and the province, not a residential board or a
        # member organization (their notices are in the header)
        report_roles = frozenset(Role) - {Role.RESIDENTIAL_BOARD, Role.MEMBER_ORG}
        add_entry((_("Báo cáo"), "reporting:index", "reporting", report_roles))

        # the board's decisions on yearly results, told to the unit (notice and e-mail)
        from campaign.results.signals import submission_decided

        from .results_notices import submission_decided as tell_unit

        submission_decided.connect(tell_unit, dispatch_uid="reporting:submission-decided")

        # a run's PDF and XLSX go to whoever may open the run
        from accounts.scope import can_see
        from core import files

        from .models import ReportDraft, ReportRun

        files.register(ReportRun, "pdf", "xlsx", check=lambda user, run: can_see(user, run.unit))
        # a signed report's PDF, to whoever may see its unit (as the draft's own download)
        files.register(ReportDraft, "pdf", check=lambda user, draft: can_see(user, draft.unit))
