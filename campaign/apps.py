import importlib

from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Cuộc vận động và kết quả hằng năm"

    def ready(self):
        from portal.context_processors import NAV_EXTRA

        from . import providers  # noqa: F401  (registers the yearly form's own prefill providers)

        NAV_EXTRA.append(("Kết quả năm", "campaign:index", "campaign", None))

        from portal import fragments

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

        # activities (assignments, plans, festivals, conventions...) register theirs too
        try:
            module = importlib.import_module("campaign.ready_activities")
        except ModuleNotFoundError as exc:
            if exc.name != "campaign.ready_activities":
                raise
        else:
            module.ready()
