from django.apps import AppConfig


class PovertyFundConfig(AppConfig):
    name = "poverty_fund"
    verbose_name = "Quỹ Vì người nghèo"
