"""The province admin's side: open a year, edit and publish its indicator set, extend a unit's
deadline."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role
from residential_areas.models import AdministrativeUnit

from ..models import (
    NAMES_DENOMINATOR,
    NAMES_NUMERATOR,
    Aggregation,
    Indicator,
    IndicatorSet,
    IndicatorSetStatus,
    PeriodExtension,
    ReportingPeriod,
    ValueType,
)
from .common import SET_FROZEN, YEAR_EXISTS

TERM_MISSING = (
    "Chưa ban hành được bộ chỉ tiêu: chỉ tiêu “{name}” tính theo {term} “{code}”, nhưng bộ "
    "chỉ tiêu không có chỉ tiêu số nào mang mã này."
)
YES_NO_ROLLUP = (
    "Chưa ban hành được bộ chỉ tiêu: chỉ tiêu “{name}” là Có / Không nên phải tổng hợp theo "
    "“Số đơn vị có” (N/M đơn vị)."
)


def rollup_problems(*, indicator_set: IndicatorSet) -> list[str]:
    """What stops the set's roll-ups from meaning anything: a rate naming a numerator or a
    denominator the set lacks, a yes/no not counted as "N/M đơn vị"."""
    indicators = list(indicator_set.indicators.order_by("content_area__number", "order", "pk"))
    numeric = {i.code for i in indicators if i.is_numeric and i.aggregation != Aggregation.RATIO}
    problems = []
    for ind in indicators:
        terms = []
        if ind.aggregation in NAMES_NUMERATOR:
            terms.append((_("tử số"), ind.numerator_code))
        if ind.aggregation in NAMES_DENOMINATOR:
            terms.append((_("mẫu số"), ind.denominator_code))
        for term, code in terms:
            if code not in numeric:
                problems.append(_(TERM_MISSING).format(name=ind.name, term=term, code=code))
        if ind.value_type == ValueType.YES_NO and ind.aggregation != Aggregation.COUNT_YES:
            problems.append(_(YES_NO_ROLLUP).format(name=ind.name))
    return problems


@transaction.atomic
def indicator_set_publish(*, indicator_set: IndicatorSet, by) -> IndicatorSet:
    scope.ensure_can_act(by, scope.province_root(), [Role.PROVINCE_ADMIN])
    if indicator_set.is_frozen:
        raise ValidationError(_(SET_FROZEN))
    problems = rollup_problems(indicator_set=indicator_set)
    if problems:
        raise ValidationError(problems)
    indicator_set.status = IndicatorSetStatus.PUBLISHED
    indicator_set.published_at = timezone.now()
    indicator_set.save(update_fields=["status", "published_at"])
    return indicator_set


def indicator_ensure_editable(*, indicator: Indicator) -> None:
    if indicator.indicator_set.is_frozen:
        raise ValidationError(_(SET_FROZEN))


@transaction.atomic
def year_open(
    *,
    by,
    year: int,
    copy_from: IndicatorSet | None,
    reporting_level: str,
    opens_on: datetime.date,
    due_on: datetime.date,
    grace_days: int = 0,
) -> ReportingPeriod:
    """Open a reporting year: a draft indicator set (copied from an earlier one, so codes and
    their links carry over) and the period that says who reports by when."""
    scope.ensure_can_act(by, scope.province_root(), [Role.PROVINCE_ADMIN])
    if ReportingPeriod.objects.filter(year=year).exists():
        raise ValidationError({"year": _(YEAR_EXISTS).format(year=year)})
    iset = IndicatorSet.objects.create(
        year=year,
        name=f"Bộ chỉ tiêu Cuộc vận động năm {year}",
        change_factor=copy_from.change_factor if copy_from else Decimal(3),
    )
    if copy_from is not None:
        fields = [
            f.name for f in Indicator._meta.concrete_fields if f.name not in ("id", "indicator_set")
        ]
        Indicator.objects.bulk_create(
            Indicator(indicator_set=iset, **{f: getattr(ind, f) for f in fields})
            for ind in copy_from.indicators.all()
        )
    period = ReportingPeriod(
        year=year,
        indicator_set=iset,
        reporting_level=reporting_level,
        tree_date=opens_on,
        opens_on=opens_on,
        due_on=due_on,
        grace_days=grace_days,
    )
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, **fields) -> Indicator:
    scope.ensure_can_act(
        by,
        scope.province_root(),
        [Role.PROVINCE_ADMIN],
    )
    indicator_ensure_editable(indicator=indicator)
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def extension_grant(
    *, by, period: ReportingPeriod, unit: AdministrativeUnit, until: datetime.date, reason: str
):
    scope.ensure_can_act(by, unit, [Role.PROVINCE_ADMIN])
    if until <= period.grace_until:
        raise ValidationError(
            {"until": _("Ngày gia hạn phải sau hạn nộp (kể cả ngày gia hạn chung).")}
        )
    extension, _created = PeriodExtension.objects.update_or_create(
        period=period, unit=unit, defaults={"until": until, "reason": reason, "granted_by": by}
    )
    return extension
