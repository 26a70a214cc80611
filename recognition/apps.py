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
        from accounts.models import Role

        # titles are the residential areas' and the committees' work, not a member organization's
        titles = frozenset(Role) - {Role.MEMBER_ORG}
        add_entry((_("Danh hiệu, khen thưởng"), "recognition:index", "recognition", titles))

        from core import fragments

        from .models import Decision, Recognition

        # the titles shown on dashboards follow every recognition and decision written
        fragments.track(Recognition, "titles")
        fragments.track(Decision, "titles")
