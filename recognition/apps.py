from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = "Danh hiệu văn hóa và khen thưởng"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from campaign.prefill import register
        from campaign.selectors_activities import register_festival_panel
        from portal.context_processors import NAV_EXTRA
        from residential_areas.panels import register_household_panel

        from .providers import festival_panel, household_panel, title_prefill

        register(title_prefill)
        register_festival_panel(festival_panel)
        register_household_panel(household_panel)
        entry = (
            _("Danh hiệu, khen thưởng"),
            "recognition:index",
            "recognition",
            None,
        )
        if entry not in NAV_EXTRA:
            NAV_EXTRA.append(entry)
