"""Hooks of the activities part of campaign, called from CampaignConfig.ready()."""

from django.utils.translation import gettext_lazy as _

NAV_ENTRY = (_("Hoạt động"), "activities:index", "activities", None)


def ready() -> None:
    from ..results.prefill import register
    from . import api  # noqa: F401  (registers the viewsets on campaign's router)
    from .selectors import PREFILL_PROVIDERS

    for provider in PREFILL_PROVIDERS:
        register(provider)
    add_nav_entry()


def add_nav_entry() -> None:
    from core.navigation import add_entry

    add_entry(NAV_ENTRY)
