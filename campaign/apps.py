from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save


def _user_saved(sender, update_fields=None, **kwargs):
    from core import fragments

    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    fragments.bump("results")


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Cuộc vận động và kết quả hằng năm"

    def ready(self):
        from accounts.models import Role
        from core.navigation import add_entry

        from .results import providers  # noqa: F401  (registers the yearly form's own providers)

        # every role that reports, reviews or reads the yearly results (not a residential board)
        add_entry(
            (
                "Kết quả năm",
                "campaign:index",
                "campaign",
                frozenset(Role) - {Role.RESIDENTIAL_BOARD},
            )
        )

        from core import fragments

        from .models import (
            ContentArea,
            Indicator,
            IndicatorSet,
            PeriodExtension,
            ReportingPeriod,
            Submission,
        )

        # the completeness dashboard and the form's checked values are cached by the version
        # of the results; the form also shows the indicator set and the deadline's extensions
        for model in (
            Submission,
            ReportingPeriod,
            PeriodExtension,
            ContentArea,
            IndicatorSet,
            Indicator,
        ):
            fragments.track(model, "results")
        # the signed scan of a submission goes to whoever may open the submission
        from accounts.scope import can_see
        from core import files

        files.register(Submission, "attachment", check=lambda user, sub: can_see(user, sub.unit))
        # the form's history names who acted: a renamed user shows at once (a log-in, which
        # saves last_login only, changes nothing shown)
        post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="campaign:user-names")

        # activities (assignments, plans, festivals, conventions...) register theirs too
        from .activities import ready as activities_ready
        from .outcomes import ready as outcomes_ready

        activities_ready.ready()
        outcomes_ready.ready()  # the statuses' and model areas' menu entry and prefill
