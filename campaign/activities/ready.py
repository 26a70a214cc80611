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
    register_files()


def register_files() -> None:
    """Plans', activities' and conventions' files go to whoever may open their page."""
    from core import files

    from . import selectors as s
    from .models import ActivityAttachment, ConventionRevision, VillageConvention, YearlyPlan

    files.register(YearlyPlan, "document", check=lambda u, o: s.plan_get_for_user(user=u, pk=o.pk))
    files.register(
        ActivityAttachment,
        "file",
        check=lambda u, o: s.activity_get_for_user(user=u, pk=o.activity_id),
    )
    files.register(
        VillageConvention, "file", check=lambda u, o: s.convention_get_for_user(user=u, pk=o.pk)
    )
    files.register(
        ConventionRevision,
        "file",
        check=lambda u, o: s.convention_get_for_user(user=u, pk=o.convention_id),
    )


def add_nav_entry() -> None:
    from core.navigation import add_entry

    add_entry(NAV_ENTRY)
