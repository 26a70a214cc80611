"""Prefill registry for the yearly results form.

The yearly form is prefilled from what the portal already knows below the reporting unit.
`campaign` owns this registry; `recognition`, `poverty_fund` and `campaign` itself register
providers into it from their `AppConfig.ready()`, so this module never imports them.

A provider is a callable `(unit, year) -> dict[str, PrefillValue]`, keyed by indicator code.
It must aggregate in SQL (one or a few queries whatever the size of the subtree).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PrefillValue:
    value: int | float | str | bool | None
    source: str  # shown next to the field, in Vietnamese: where the number comes from


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def prefill_for(*, unit, year: int) -> dict[str, PrefillValue]:
    values: dict[str, PrefillValue] = {}
    for provider in _providers:
        values.update(provider(unit, year) or {})
    return values
