from django.apps import AppConfig


class ResidentialAreasConfig(AppConfig):
    name = "residential_areas"
    verbose_name = "Địa bàn và khu dân cư"
