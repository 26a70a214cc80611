from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = "Danh hiệu văn hóa và khen thưởng"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from campaign.activities.selectors import register_festival_panel
        from campaign.results.prefill import register
        from core.navigation import add_entry
        from residential_areas.panels import register_household_panel

        from .providers import festival_panel, household_panel, title_prefill

        register(title_prefill)
        register_festival_panel(festival_panel)
        register_household_panel(household_panel)
        add_entry((_("Danh hiệu, khen thưởng"), "recognition:index", "recognition", None))
