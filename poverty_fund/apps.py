from django.apps import AppConfig


class PovertyFundConfig(AppConfig):
    name = "poverty_fund"
    verbose_name = "Quỹ Vì người nghèo"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from campaign.activities.selectors import register_festival_panel
        from campaign.results.prefill import register
        from core import fragments
        from core.navigation import add_entry
        from residential_areas.panels import register_household_panel

        from . import panels, providers
        from .models import Disbursement, Donation, Fund, Transfer

        # fund statements are cached by the version of the fund's books
        for model in (Fund, Donation, Disbursement, Transfer):
            fragments.track(model, "fund")

        register(providers.fund_figures)
        register_household_panel(panels.poverty_panel)
        register_festival_panel(panels.festival_panel)
        add_entry((_("Quỹ Vì người nghèo"), "poverty_fund:fund_list", "poverty_fund", None))
