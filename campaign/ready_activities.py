"""Hooks of the activities part of campaign, called from CampaignConfig.ready()."""

from django.utils.translation import gettext_lazy as _

NAV_ENTRY = (_("Hoạt động"), "activities:index", "activities", None)


def ready() -> None:
    from . import api_activities  # noqa: F401  (registers the viewsets on campaign's router)
    from .prefill import register
    from .selectors_activities import PREFILL_PROVIDERS

    for provider in PREFILL_PROVIDERS:
        register(provider)
    add_nav_entry()


def add_nav_entry() -> None:
    from portal.context_processors import NAV_EXTRA

    if NAV_ENTRY[1] not in {item[1] for item in NAV_EXTRA}:
        NAV_EXTRA.append(NAV_ENTRY)
