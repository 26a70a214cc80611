"""Demo yearly results: the campaign's phases, an indicator set and a reporting period for each
demo year, and the units' submissions (those of 2026 in every state). Invented; deterministic;
a second run changes nothing."""

from ..models.base import ContentArea

DEMO_YEARS = {2023: "district", 2024: "district", 2025: "commune", 2026: "commune"}


def seed_indicator_sets() -> bool:
    import datetime

    from django.utils import timezone

    from .indicators import build_indicators
    from .models import CampaignPhase, IndicatorSet, ReportingPeriod

    for name, start, end in (
        ("2016 - 2020", 2016, 2020),
        ("2021 - 2025", 2021, 2025),
        ("2026 - 2030", 2026, 2030),
    ):
        CampaignPhase.objects.get_or_create(
            name=f"Giai đoạn {name}", defaults={"start_year": start, "end_year": end}
        )
    areas = {a.number: a for a in ContentArea.objects.all()}
    created = False
    for year, level in DEMO_YEARS.items():
        if ReportingPeriod.objects.filter(year=year).exists():
            continue
        created = True
        iset = IndicatorSet.objects.create(
            year=year,
            name=f"Bộ chỉ tiêu Cuộc vận động năm {year}",
            status="published",
            published_at=timezone.make_aware(datetime.datetime(year, 1, 15)),
        )
        for indicator in build_indicators(iset, areas):
            indicator.save()  # one by one: each with its history row
        ReportingPeriod.objects.create(
            year=year,
            indicator_set=iset,
            reporting_level=level,
            tree_date=datetime.date(year, 10, 1),
            opens_on=datetime.date(year, 10, 1),
            due_on=datetime.date(year, 11, 30),
            grace_days=5,
        )
    return created


def _demo_value(code, households, areas, rng):
    share = {
        "land_donated_households": 0.12,
        "safe_food_households": 0.2,
        "cooperative_households": 0.35,
        "poor_households": 0.04,
        "near_poor_households": 0.05,
        "cultural_families": 0.88,
        "hygienic_latrine_households": 0.86,
        "waste_sorting_households": 0.55,
        "waste_sorted_households": 0.58,
    }
    area_share = {
        "cultural_areas": 0.8,
        "areas_with_convention": 0.97,
        "festivals_held": 0.99,
        "drug_free_areas": 0.7,
        "security_festivals": 0.9,
    }
    if code == "households_total":
        return households
    if code == "population_total":
        return households * 4
    if code == "residential_areas_total":
        return areas
    if code in share:
        return int(households * share[code] * rng.uniform(0.9, 1.1))
    if code in area_share:
        return min(areas, int(areas * area_share[code] * rng.uniform(0.9, 1.05)))
    per_area = {
        "land_donated_m2": 900,
        "labour_days": 300,
        "contributions_money": 45_000_000,
        "farm_models": 0.6,
        "fund_raised": 18_000_000,
        "fund_spent": 15_000_000,
        "houses_built": 0.1,
        "houses_repaired": 0.08,
        "community_centers": 1,
        "scholarships": 3,
        "trees_planted": 120,
        "green_roads_km": 0.4,
        "model_gardens": 1.5,
        "mediation_cases": 0.6,
        "security_models": 0.3,
        "supervision_sessions": 0.3,
        "critique_sessions": 0.05,
        "opinions_forwarded": 2,
        "outreach_sessions": 2,
        "outreach_participants": 180,
        "training_sessions": 0.1,
        "training_participants": 3,
        "pilot_models": 0.08,
        "budget_spent": 2_500_000,
    }
    if code == "mediation_resolved":
        return None  # filled from mediation_cases below
    if code == "opinions_resolved":
        return None
    if code in per_area:
        value = areas * per_area[code] * rng.uniform(0.7, 1.3)
        return round(value, 1) if code in ("land_donated_m2", "green_roads_km") else int(value)
    if code == "health_insurance_pct":
        return round(rng.uniform(90, 98), 1)
    if code == "poor_households_with_supporter_pct":
        return round(rng.uniform(85, 100), 1)
    if code == "democracy_regulation":
        return 1 if rng.random() < 0.9 else 0
    return None


def seed_submissions() -> bool:
    import datetime
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from residential_areas.models import UnitStatistic

    from . import selectors
    from .models import ReportingPeriod, Submission, SubmissionEvent, SubmissionValue

    if Submission.objects.exists():
        return False
    actor = get_user_model().objects.filter(username="tinh.phongtrao").first()
    if actor is None:
        return False
    rng = random.Random(2026)
    statuses_2026 = (
        ["accepted"] * 20 + ["submitted"] * 15 + ["returned"] * 5 + ["draft"] * 12 + [None] * 17
    )
    rng.shuffle(statuses_2026)
    for period in ReportingPeriod.objects.select_related("indicator_set").order_by("year"):
        indicators = list(period.indicator_set.indicators.all())
        units = list(selectors.expected_units(period=period).order_by("path"))
        stat_year = period.year if period.year != 2025 else 2025
        for i, unit in enumerate(units):
            status = "accepted" if period.year < 2026 else statuses_2026[i % len(statuses_2026)]
            if status is None and unit.name == "Xã Đức Thọ":
                status = "draft"  # the demo commune user (xa.ductho) has opened its form
            if status is None:
                continue  # missing: has not even opened the form
            totals = UnitStatistic.objects.filter(unit__path__startswith=unit.path, year=stat_year)
            households = sum(totals.values_list("households", flat=True)) or 1000
            areas = totals.count() or 10
            late = (
                period.year == 2026 and status in ("accepted", "submitted") and rng.random() < 0.15
            )
            submitted_at = timezone.make_aware(
                datetime.datetime(
                    period.year,
                    12 if late else 11,
                    rng.randint(1, 3) if late else rng.randint(10, 29),
                    9,
                )
            )
            sub = Submission.objects.create(
                period=period,
                unit=unit,
                status=status,
                submitted_at=submitted_at
                if status in ("accepted", "submitted", "returned")
                else None,
                is_late=late,
                accepted_at=submitted_at + datetime.timedelta(days=2)
                if status == "accepted"
                else None,
                results=f"{unit.name} triển khai đồng bộ 5 nội dung của Cuộc vận động năm {period.year}.",
                difficulties="Kinh phí hỗ trợ xây dựng khu dân cư kiểu mẫu còn hạn chế."
                if i % 3 == 0
                else "",
                proposals="Đề nghị tỉnh tăng mức hỗ trợ nhà Đại đoàn kết." if i % 4 == 0 else "",
            )
            from .indicators import applies  # rural-only, urban-only: by the unit's kind

            asked = [ind for ind in indicators if applies(ind, unit)]
            values = {}
            for ind in asked:
                if ind.aggregation == "ratio":
                    values[ind.code] = None
                else:
                    values[ind.code] = _demo_value(ind.code, households, areas, rng)
            values["mediation_resolved"] = int((values.get("mediation_cases") or 0) * 0.85)
            values["opinions_resolved"] = int((values.get("opinions_forwarded") or 0) * 0.8)
            SubmissionValue.objects.bulk_create(
                SubmissionValue(
                    submission=sub,
                    indicator=ind,
                    value=None if values.get(ind.code) is None else Decimal(str(values[ind.code])),
                )
                for ind in asked
            )
            events = [("created", "")]
            if status in ("submitted", "accepted", "returned"):
                events.append(("submitted", ""))
            if status == "returned":
                events.append(
                    ("returned", "Số hộ nghèo chưa khớp với kết quả rà soát; đề nghị kiểm tra lại.")
                )
            if status == "accepted":
                events.append(("accepted", ""))
            for n, (action, reason) in enumerate(events):
                at = submitted_at + datetime.timedelta(hours=n)
                SubmissionEvent.objects.create(
                    submission=sub,
                    action=action,
                    by=actor,
                    reason=reason,
                    at=at,
                    # a return keeps the values it was given back with (the resubmission's diff)
                    snapshot={c: _snapshot_text(v) for c, v in values.items()}
                    if action == "returned"
                    else {},
                )
                if action == "returned":
                    sub.correction_until = at.date() + datetime.timedelta(days=7)
                    sub.save(update_fields=["correction_until"])
    return True


def _snapshot_text(value) -> str:
    from decimal import Decimal

    from .numbers import input_text

    return "" if value is None else input_text(Decimal(str(value)))


# the member organizations' returns (30/11, the plan's last section): 2025 all accepted on
# time; 2026 in every state the board meets (on time, within the grace days, returned, missing)
ORG_RETURNS_2026 = {
    "hoi_nong_dan": ("accepted", (2026, 11, 26)),
    "hoi_phu_nu": ("accepted", (2026, 11, 28)),
    "doan_thanh_nien": ("submitted", (2026, 12, 3)),
    "hoi_cuu_chien_binh": ("returned", (2026, 11, 29)),
    "lien_doan_lao_dong": ("draft", None),
}
ORG_VALUES = {"outreach_sessions": 24, "outreach_participants": 3_600, "training_sessions": 6}
ORG_PROPOSAL = "Đề nghị tỉnh bố trí kinh phí tập huấn cho cán bộ chi hội ở khu dân cư."


def seed_member_org_returns() -> bool:
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ..models.base import MemberOrganization
    from .models import ReportingPeriod, Submission, SubmissionEvent, SubmissionValue

    if Submission.objects.filter(organization__isnull=False).exists():
        return False
    actor = get_user_model().objects.filter(username="tinh.phongtrao").first()
    periods = {p.year: p for p in ReportingPeriod.objects.filter(year__in=[2025, 2026])}
    orgs = list(
        MemberOrganization.objects.filter(unit__code="42", unit__parent__isnull=True).order_by(
            "kind", "name"
        )
    )
    if actor is None or len(periods) < 2 or not orgs:
        return False
    for year, period in sorted(periods.items()):
        indicators = {i.code: i for i in period.indicator_set.indicators.all()}
        for n, org in enumerate(orgs):
            if year == 2025:
                status, day = "accepted", (2025, 11, 20 + n)
            else:
                status, day = ORG_RETURNS_2026.get(org.kind, (None, None))
                if status is None:
                    continue  # missing: Hội Người cao tuổi has not opened its form
            at = timezone.make_aware(datetime.datetime(*day, 9)) if day else None
            sub = Submission.objects.create(
                period=period,
                unit=org.unit,
                organization=org,
                status=status,
                submitted_at=at if status != "draft" else None,
                accepted_at=at + datetime.timedelta(days=2) if status == "accepted" else None,
                results=f"{org.name} vận động hội viên tham gia 5 nội dung của Cuộc vận động.",
                proposals=ORG_PROPOSAL if n % 2 == 0 else "",
            )
            SubmissionValue.objects.bulk_create(
                SubmissionValue(submission=sub, indicator=indicators[code], value=Decimal(v))
                for code, v in ORG_VALUES.items()
                if code in indicators
            )
            SubmissionEvent.objects.create(
                submission=sub, action="created", by=actor, at=at or timezone.now()
            )
            if status == "returned":
                SubmissionEvent.objects.create(
                    submission=sub,
                    action="returned",
                    by=actor,
                    at=at + datetime.timedelta(days=1),
                    reason="Đề nghị bổ sung số hội viên tham gia tập huấn.",
                )
                sub.correction_until = (at + datetime.timedelta(days=8)).date()
                sub.save(update_fields=["correction_until"])
    return True


def seed(stdout=None) -> bool:
    created = seed_indicator_sets()
    created |= seed_submissions()
    created |= seed_member_org_returns()
    return created
