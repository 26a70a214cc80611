from django.apps import AppConfig


class ResidentialAreasConfig(AppConfig):
    name = "residential_areas"
    verbose_name = "Địa bàn và khu dân cư"

    def ready(self):
        from core import fragments

        from .models import AdministrativeUnit, UnitStatistic

        # cached page parts (home figures, completeness) show the tree and the yearly figures
        fragments.track(AdministrativeUnit, "tree")
        fragments.track(UnitStatistic, "statistics")
