"""Demo outcomes: new-countryside and civilized-urban decisions for the commune-level units and
model residential areas and gardens, every record on a unit valid on its date. The tree is read
generically by dates and kinds (never by names), through the services, so each record passes the
rules a user's entry would. Invented; deterministic; a second run changes nothing."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from residential_areas.models import AdministrativeUnit, Household

from . import services
from .models import ModelKind, ModelRecognition, UnitStatus, UnitStatusDecision

ISSUER = "UBND tỉnh Hà Tĩnh"
REFORM = datetime.date(2025, 7, 1)
FIRST_YEAR, LAST_YEAR = 2016, 2026


def _admin():
    User = get_user_model()
    return (
        User.objects.filter(username="tinh.quantri").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


class _Numbers:
    """Decision numbers per year, as the province's office would give them."""

    def __init__(self):
        self.next = {}

    def __call__(self, year: int) -> str:
        n = self.next.get(year, 100) + 1
        self.next[year] = n
        return f"{n}/QĐ-UBND"


def _on(unit, year: int, month: int, day: int) -> datetime.date | None:
    """A date in `year` on which `unit` stands: the wanted day, else two weeks before it
    closed or a month after it opened that year, else None."""
    candidates = [datetime.date(year, month, day)]
    if unit.valid_to and unit.valid_to.year == year:
        candidates.append(unit.valid_to - datetime.timedelta(days=14))
    if unit.valid_from and unit.valid_from.year == year:
        candidates.append(unit.valid_from + datetime.timedelta(days=30))
    for on in candidates:
        if on.year == year and unit.is_valid_on(on):
            return on
    return None


def _record(admin, numbers, unit, status, year, month=11, day=20) -> bool:
    on = _on(unit, year, month, day)
    if on is None:
        return False
    try:
        services.unit_status_record(
            unit=unit,
            status=status,
            year=year,
            decision_number=numbers(on.year),
            decision_date=on,
            issuer=ISSUER,
            by=admin,
        )
    except ValidationError:
        return False  # a date the tree does not allow: no record, as a user would be refused
    return True


def _statuses(admin, numbers, units) -> int:
    made = 0
    for unit in units:
        rng = random.Random(f"outcome-{unit.code}-{unit.valid_from}")
        start = max(FIRST_YEAR, unit.valid_from.year if unit.valid_from else FIRST_YEAR)
        end = min(LAST_YEAR, unit.valid_to.year if unit.valid_to else LAST_YEAR)
        if start > end:
            continue
        if unit.kind == "xa":
            # most xã reached the standard over the years; some went on to nâng cao, kiểu mẫu
            if rng.random() > (0.6 if unit.valid_from and unit.valid_from >= REFORM else 0.8):
                continue
            year = rng.randint(start, end)
            made += _record(admin, numbers, unit, UnitStatus.NTM, year)
            if rng.random() < 0.35 and year + 2 <= end:
                year = rng.randint(year + 1, end)
                made += _record(admin, numbers, unit, UnitStatus.NTM_ADVANCED, year)
                if rng.random() < 0.2 and year + 1 <= end:
                    made += _record(admin, numbers, unit, UnitStatus.NTM_MODEL, end)
        elif unit.kind in ("phuong", "thi_tran") and rng.random() < 0.55:
            made += _record(admin, numbers, unit, UnitStatus.URBAN, rng.randint(start, end))
    return made


def _models(admin, numbers, areas) -> int:
    made = 0
    for area in areas:
        rng = random.Random(f"model-{area.code}-{area.valid_from}")
        if rng.random() > 0.12:
            continue
        start = max(2020, area.valid_from.year if area.valid_from else 2020)
        end = min(LAST_YEAR, area.valid_to.year if area.valid_to else LAST_YEAR)
        if start > end:
            continue
        year = rng.randint(start, end)
        on = _on(area, year, 11, 25)
        if on is None:
            continue
        common = {
            "area": area,
            "year": year,
            "decision_date": on,
            "issuer": ISSUER,
            "by": admin,
        }
        try:
            services.model_recognition_record(
                kind=ModelKind.MODEL_AREA, decision_number=numbers(on.year), **common
            )
            made += 1
            households = list(Household.objects.filter(area=area).order_by("pk")[:40])
            for household in rng.sample(households, min(len(households), rng.randint(1, 3))):
                services.model_recognition_record(
                    kind=ModelKind.MODEL_GARDEN,
                    household=household,
                    decision_number=numbers(on.year),
                    **common,
                )
                made += 1
        except ValidationError:
            continue
    return made


# the plan items of 2026's set: a plausible share of households, of areas, or an amount per area
PLAN_SHARES = {
    "households_left_poverty": ("households_total", 0.012),
    "households_left_near_poverty": ("households_total", 0.01),
    "social_insurance_participants": ("population_total", 0.22),
    "civilized_rites_areas": ("residential_areas_total", 0.9),
    "ba_khong_areas": ("residential_areas_total", 0.75),
    "pledge_households": ("households_total", 0.8),
    "gratitude_money": ("residential_areas_total", 2_500_000),
    "gratitude_houses": ("residential_areas_total", 0.05),
    "direction_documents": ("residential_areas_total", 0.15),
}


def _fill_plan_values() -> int:
    """The demo returns (campaign.results.demo) leave the plan items of issue #16 empty: give
    them plausible figures, and the statuses and model areas as the decisions above say."""
    from campaign.models import SubmissionValue

    from .selectors import status_totals_for

    rows = list(
        SubmissionValue.objects.filter(
            value__isnull=True,
            submission__organization__isnull=True,
            indicator__code__in=[*PLAN_SHARES, *STATUS_CODES],
        ).select_related("indicator", "submission__unit", "submission__period")
    )
    bases = {}
    for v in SubmissionValue.objects.filter(
        submission__in={r.submission_id for r in rows},
        indicator__code__in={base for base, _share in PLAN_SHARES.values()},
    ).values_list("submission_id", "indicator__code", "value"):
        bases[(v[0], v[1])] = v[2] or 0
    totals = {}
    for row in rows:
        sub, code = row.submission, row.indicator.code
        rng = random.Random(f"plan-{sub.pk}-{code}")
        if code in STATUS_CODES:
            key = (sub.unit_id, sub.period.year)
            if key not in totals:
                totals[key] = status_totals_for(sub.unit, sub.period.year)
            row.value = totals[key][code]
            continue
        base, share = PLAN_SHARES[code]
        row.value = int(float(bases.get((sub.pk, base), 0)) * share * rng.uniform(0.8, 1.2))
    SubmissionValue.objects.bulk_update(rows, ["value"])
    return len(rows)


STATUS_CODES = (
    "ntm_communes",
    "ntm_advanced_communes",
    "ntm_model_communes",
    "civilized_urban_units",
    "model_residential_areas",
)


@transaction.atomic
def seed(stdout=None) -> bool:
    if UnitStatusDecision.objects.exists() or ModelRecognition.objects.exists():
        return False
    admin = _admin()
    if admin is None:
        return False
    numbers = _Numbers()
    communes = list(
        AdministrativeUnit.objects.filter(
            level="commune", kind__in=("xa", "phuong", "thi_tran")
        ).order_by("path")
    )
    made = _statuses(admin, numbers, communes)
    areas = list(
        AdministrativeUnit.objects.filter(level="area", kind__in=("thon", "xom")).order_by("path")
    )
    made += _models(admin, numbers, areas)
    filled = _fill_plan_values()
    if stdout is not None:
        stdout.write(
            f"Nông thôn mới, đô thị văn minh, khu dân cư kiểu mẫu, vườn mẫu: {made} quyết định; "
            f"{filled} giá trị chỉ tiêu mới trong báo cáo năm của các đơn vị."
        )
    return made + filled > 0
