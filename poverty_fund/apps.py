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
        from residential_areas.models import Household
        from residential_areas.panels import register_household_panel

        from . import panels, providers
        from .models import Disbursement, Donation, Fund, Transfer

        # fund statements and public files are cached by the version of the fund's books; the
        # public files name (masked) the households the fund supported
        for model in (Fund, Donation, Disbursement, Transfer, Household):
            fragments.track(model, "fund")

        register(providers.fund_figures)
        # a house photo shows a household: served within the house's scope, each read logged
        from accounts.models import PersonalDataAccess
        from core import files

        from .models import HousePhoto
        from .selectors import house_get_for_user

        files.register(
            HousePhoto,
            "image",
            check=lambda user, photo: house_get_for_user(user=user, pk=photo.house_id),
            log=PersonalDataAccess.objects.log,
        )
        register_household_panel(panels.poverty_panel)
        register_festival_panel(panels.festival_panel)
        from accounts.models import Role

        # a residential board keeps no fund (its households' support shows on their pages)
        fund_roles = frozenset(Role) - {Role.RESIDENTIAL_BOARD}
        add_entry((_("Quỹ Vì người nghèo"), "poverty_fund:fund_list", "poverty_fund", fund_roles))
