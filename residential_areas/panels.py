"""Panels of the household page that other apps contribute.

`residential_areas` shows a household; `recognition` (titles) and `poverty_fund` (poverty
status, support received) know more about it. They register a panel from their
`AppConfig.ready()`, so this app never imports them.

A panel is a callable `(household, user) -> dict | None` returning
{"title": str, "template": str, "context": dict, "order": int}.
"""

from collections.abc import Callable

_panels: list[Callable] = []


def register_household_panel(panel: Callable) -> Callable:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def household_panels(household, user) -> list[dict]:
    rendered = [p(household, user) for p in _panels]
    return sorted((r for r in rendered if r), key=lambda r: r.get("order", 100))
