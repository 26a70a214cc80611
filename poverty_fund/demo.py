"""Demo data of the Fund for the Poor.

Real: the poverty standard of Nghị định 07/2021/NĐ-CP (income lines, 12 deprivation
indicators, 3+ deprivations = poor), the peak month 17/10-18/11, the Hà Tĩnh 2025 support per
Great Unity house (70,000,000 đ new, 30,000,000 đ repair [check]). Invented: every donor,
amount, decision number, house and household status. Deterministic, and posted through the
services so receipts are gapless and balances never negative.

The tree is read by dates, never by names: the funds are those of the units that existed on
the days of their entries (the communes of today; the district-level units that held the demo
households' communes in 2024, closed on their last day into the province's fund).
"""

import datetime
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from campaign.models import MemberOrganization
from residential_areas.models import AdministrativeUnit, Household, UnitLevel
from residential_areas.services import unit_close

from . import services
from .models import (
    Channel,
    DonorKind,
    Drive,
    Fund,
    HouseKind,
    PovertyStandard,
    PovertyStatus,
    Purpose,
    StatusBasis,
    SupporterKind,
    SupportNorm,
    SupportSource,
)
from .selectors import fund_low_point
from .services import closing

ND07_INDICATORS = [
    ("viec_lam", "Việc làm"),
    ("nguoi_phu_thuoc", "Người phụ thuộc trong hộ gia đình"),
    ("dinh_duong", "Dinh dưỡng"),
    ("bhyt", "Bảo hiểm y tế"),
    ("trinh_do_giao_duc", "Trình độ giáo dục của người lớn"),
    ("di_hoc", "Tình trạng đi học của trẻ em"),
    ("chat_luong_nha_o", "Chất lượng nhà ở"),
    ("dien_tich_nha_o", "Diện tích nhà ở bình quân đầu người"),
    ("nuoc_sinh_hoat", "Nguồn nước sinh hoạt"),
    ("nha_tieu", "Nhà tiêu hợp vệ sinh"),
    ("vien_thong", "Sử dụng dịch vụ viễn thông"),
    ("phuong_tien_thong_tin", "Phương tiện phục vụ tiếp cận thông tin"),
]
ENTERPRISES = [
    "Công ty CP Tập đoàn Hoành Sơn",
    "Ngân hàng Agribank chi nhánh Hà Tĩnh",
    "Công ty TNHH Gang thép Hưng Nghiệp Formosa Hà Tĩnh",
    "Công ty CP Xăng dầu Hà Tĩnh",
    "Công ty Điện lực Hà Tĩnh",
]
ORGANIZATIONS = [
    "Sở Giáo dục và Đào tạo",
    "Bệnh viện Đa khoa tỉnh",
    "Trường THPT Đức Thọ",
    "Hội đồng hương Hà Tĩnh tại Hà Nội",
]
PEOPLE = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Đình Phúc", "Phan Thị Hoa", "Võ Văn Sáu"]


def _existing_through(qs, start: datetime.date, end: datetime.date):
    """The units of `qs` that existed on every day from `start` to `end`."""
    return qs.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=start),
        Q(valid_to__isnull=True) | Q(valid_to__gte=end),
    )


def _household_communes(today: datetime.date) -> list[AdministrativeUnit]:
    """The communes of today whose areas hold the demo's households (the demo users')."""
    ids = Household.objects.order_by().values_list("area__parent_id", flat=True).distinct()
    communes = _existing_through(
        AdministrativeUnit.objects.filter(pk__in=ids, level=UnitLevel.COMMUNE), today, today
    )
    return list(communes.order_by("path")[:4])


def _districts_of_2024(communes) -> list[AdministrativeUnit]:
    """The district-level units that held these communes' areas at the end of 2024."""
    day = datetime.date(2024, 12, 31)
    found = {}
    for commune in communes:
        for area in commune.children.order_by("path")[:3]:
            old = services.commune_on(area=area, on=day)
            if old is not None and old.is_valid_on(day) and old.parent.level == UnitLevel.DISTRICT:
                found[old.parent.pk] = old.parent
    return sorted(found.values(), key=lambda u: u.path)


def standards_ensure() -> PovertyStandard:
    """The standards by period (migration 0005 adds them; a database emptied since gets them
    back here): ND 07/2021 for 2022-2025 and, by ND 351/2025, for 2026; ND 351/2025's own
    lines for 2027-2030."""
    indicators = [{"code": c, "label": label} for c, label in ND07_INDICATORS]
    periods = (
        (2022, 2025, "Chuẩn nghèo đa chiều giai đoạn 2022-2025", "Nghị định 07/2021/NĐ-CP",
         1_500_000, 2_000_000, 2_250_000, 3_000_000),
        (2026, 2026, "Chuẩn nghèo đa chiều năm 2026 (tiếp tục chuẩn giai đoạn 2022-2025)",
         "Nghị định 351/2025/NĐ-CP (tiếp tục Điều 3 Nghị định 07/2021/NĐ-CP)",
         1_500_000, 2_000_000, 2_250_000, 3_000_000),
        (2027, 2030, "Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030",
         "Nghị định 351/2025/NĐ-CP", 2_200_000, 2_800_000, None, None),
    )  # fmt: skip
    rows = {}
    for first, last, name, basis, rural, urban, mid_rural, mid_urban in periods:
        rows[first], _ = PovertyStandard.objects.get_or_create(
            first_year=first,
            defaults={
                "name": name,
                "legal_basis": basis,
                "last_year": last,
                "income_line_rural": rural,
                "income_line_urban": urban,
                "middle_line_rural": mid_rural,
                "middle_line_urban": mid_urban,
                "poor_min_deprivations": 3,
                "indicators": indicators,
            },
        )
    standard = rows[2022]
    for kind, amount in ((HouseKind.NEW, 70_000_000), (HouseKind.REPAIR, 30_000_000)):
        SupportNorm.objects.get_or_create(
            year=2025,
            kind=kind,
            defaults={"amount": amount, "basis": "Mức hỗ trợ của tỉnh Hà Tĩnh năm 2025"},
        )
    return standard


def _donate(rng, fund, day, drive, count):
    gifts = []
    for _i in range(count):
        kind = rng.choices(
            [DonorKind.PERSON, DonorKind.ENTERPRISE, DonorKind.ORGANIZATION, DonorKind.EXPATRIATE],
            weights=[6, 2, 2, 1],
        )[0]
        name = {
            DonorKind.PERSON: rng.choice(PEOPLE),
            DonorKind.ENTERPRISE: rng.choice(ENTERPRISES),
            DonorKind.ORGANIZATION: rng.choice(ORGANIZATIONS),
            DonorKind.EXPATRIATE: "Người con quê hương " + rng.choice(PEOPLE),
        }[kind]
        amount = rng.choice([200_000, 500_000, 1_000_000, 2_000_000])
        if kind == DonorKind.ENTERPRISE:
            amount = rng.choice([20_000_000, 50_000_000, 100_000_000])
        channel = Channel.BANK if amount >= 20_000_000 or rng.random() < 0.3 else Channel.CASH
        gifts.append(
            {
                "amount": amount,
                "date": day + datetime.timedelta(days=rng.randint(0, 30)),
                "donor_name": name,
                "donor_kind": kind,
                "channel": channel,
                "bank_reference": f"FT{day.year}{rng.randint(100000, 999999)}"
                if channel == Channel.BANK
                else "",
                "drive": drive,
                "is_anonymous": kind == DonorKind.PERSON and rng.random() < 0.15,
            }
        )
    # entered in the order they came in, so receipt numbers follow the dates; only on days the
    # fund's unit existed, and that have come
    today = timezone.localdate()
    for gift in sorted(gifts, key=lambda g: g["date"]):
        if gift["date"] <= today and fund.unit.is_valid_on(gift["date"]):
            services.donation_create(fund=fund, **gift)


SURVEY_YEARS = (2023, 2024, 2025, 2026)
POOR, NEAR, NOT_POOR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR, PovertyStatus.NOT_POOR


def _bands(rng, households, years) -> dict[int, dict[int, str]]:
    """Each household's band by year. The first year about 5% are poor and 6.5% near-poor;
    each year after, a quarter of the poor leave poverty (three in four to near-poor), a fifth
    of the near-poor leave near-poverty, a few near-poor fall back into poverty (one for every
    twelve poor) and about one household in 250 falls into near-poverty: the poor share falls
    by well under a point a year, as Hà Tĩnh's did."""
    order = list(households)
    rng.shuffle(order)
    n = len(order)
    n_poor, n_near = max(2, round(n * 0.05)), max(2, round(n * 0.065))
    band = {h.pk: NOT_POOR for h in order}
    for h in order[:n_poor]:
        band[h.pk] = POOR
    for h in order[n_poor : n_poor + n_near]:
        band[h.pk] = NEAR
    paths: dict[int, dict[int, str]] = {h.pk: {} for h in order}
    for i, year in enumerate(years):
        if i:
            poor = [h for h in order if band[h.pk] == POOR]
            near = [h for h in order if band[h.pk] == NEAR]
            rest = [h for h in order if band[h.pk] == NOT_POOR]
            for group in (poor, near, rest):
                rng.shuffle(group)
            leave = max(1, round(len(poor) * 0.25)) if poor else 0
            rise = max(1, round(len(near) * 0.2)) if near else 0
            fall = round(len(poor) * 0.08)
            for j, h in enumerate(poor[:leave]):
                band[h.pk] = NOT_POOR if j % 4 == 3 else NEAR
            for h in near[:rise]:
                band[h.pk] = NOT_POOR
            for h in near[rise : rise + fall]:
                band[h.pk] = POOR
            for h in rest[: round(len(rest) * 0.004)]:
                band[h.pk] = NEAR
        for h in order:
            paths[h.pk][year] = band[h.pk]
    return paths


def _survey_values(rng, band: str) -> dict:
    """A survey whose income and deprivations put the household in `band` under the lines of
    2022-2026 (1.5 million rural, 2 million urban)."""
    codes = [c for c, _label in ND07_INDICATORS]
    rng.shuffle(codes)
    if band == POOR:
        income, deprived = rng.randint(700, 1_300) * 1000, 3 + rng.randint(0, 2)
    elif band == NEAR:
        income, deprived = rng.randint(900, 1_400) * 1000, rng.randint(0, 2)
    else:
        income, deprived = rng.randint(2_100, 3_600) * 1000, rng.randint(0, 2)
    return {"income": income, "deprivations": codes[:deprived]}


def _statuses(rng, households, orgs, years=SURVEY_YEARS):
    """Surveys of each year, poverty falling (`_bands`): a household is recorded from the first
    year it is poor or near-poor, so leaving poverty (thoát nghèo) and near-poverty (thoát cận
    nghèo) show the year after; the line is the one of the household's commune on the survey
    date. A year in which the household's line of units did not exist is not recorded. Returns
    the households poor in 2025."""
    paths = _bands(rng, households, years)
    poor = []
    for h in households:
        path = paths[h.pk]
        if all(band == NOT_POOR for band in path.values()):
            continue
        supporter = {}
        if rng.random() < 0.7 and orgs:
            supporter = {"supporter_kind": SupporterKind.MEMBER_ORG, "supporter_org": orgs[0]}
            orgs.append(orgs.pop(0))
        hardship = rng.random() < 0.1
        recorded = False
        for year in years:
            band = path[year]
            surveyed_on = datetime.date(year, 10, 15)
            if band == NOT_POOR and not recorded:
                continue
            if services.household_commune_on(household=h, on=surveyed_on) is None:
                continue
            status = services.household_status_record(
                household=h,
                year=year,
                basis=StatusBasis.SURVEY,
                surveyed_on=surveyed_on,
                is_hardship=hardship and band == POOR,
                **_survey_values(rng, band),
                **(supporter if band != NOT_POOR else {}),
            )
            recorded = True
            if year == 2025 and status.status == POOR:
                poor.append(h)
    return poor


def _ensure(fund, amount, day):
    """Top the fund up with a sponsor's gift when the drawn donations fall short."""
    # payments are checked against the balance of their day and every later one
    short = amount - fund_low_point(fund=fund, on=day)[0]
    if short > 0:
        services.donation_create(
            fund=fund,
            amount=short,
            date=day,
            donor_name=ENTERPRISES[0],
            donor_kind=DonorKind.ENTERPRISE,
            channel=Channel.BANK,
            # one reference per transfer: a repeated one would be taken for the same money
            bank_reference=f"FT{day:%Y%m%d}{fund.pk:04d}{fund.donations.count():05d}",
            drive=Drive.OTHER,
            note="Ủng hộ xây nhà Đại đoàn kết",
        )


def _houses(rng, fund, province_fund, poor):
    for i, h in enumerate(poor[:4]):
        kind = HouseKind.NEW if i % 2 == 0 else HouseKind.REPAIR
        house = services.house_create(
            household=h,
            kind=kind,
            year=2025,
            approved_on=datetime.date(2025, 11, 20),
            decision_number=f"{20 + i}/QĐ-MTTQ",
        )
        commune_part = house.default_support // 2
        _ensure(province_fund, house.default_support - commune_part, datetime.date(2025, 11, 24))
        services.transfer_create(
            from_fund=province_fund,
            to_fund=fund,
            amount=house.default_support - commune_part,
            date=datetime.date(2025, 11, 25),
            decision_number=f"{40 + i}/QĐ-MTTQ-BTT",
        )
        _ensure(fund, house.default_support, datetime.date(2025, 11, 26))
        services.disbursement_create(
            fund=fund,
            amount=house.default_support,
            date=datetime.date(2025, 11, 28),
            purpose=Purpose.HOUSE_NEW if kind == HouseKind.NEW else Purpose.HOUSE_REPAIR,
            decision_number=f"{20 + i}/QĐ-MTTQ",
            approved_by="Chủ tịch Ủy ban MTTQ",
            house=house,
        )
        services.house_support_add(
            house=house, source=SupportSource.FUND_COMMUNE, amount=commune_part
        )
        services.house_support_add(
            house=house,
            source=SupportSource.FUND_PROVINCE,
            amount=house.default_support - commune_part,
        )
        services.house_support_add(
            house=house, source=SupportSource.FAMILY, amount=rng.choice([20, 40]) * 1_000_000
        )
        services.house_support_add(
            house=house, source=SupportSource.COMMUNITY, labour_days=rng.randint(40, 120)
        )
        services.house_advance(house=house, on=datetime.date(2025, 12, 1))
        if i < 3:
            services.house_advance(house=house, on=datetime.date(2026, 3, 15))


def _small_support(rng, fund, households):
    for h in households[:6]:
        amount = rng.choice([1_000_000, 2_000_000, 3_000_000])
        _ensure(fund, amount, datetime.date(2026, 1, 19))
        services.disbursement_create(
            fund=fund,
            amount=amount,
            date=datetime.date(2026, 1, 20),
            purpose=Purpose.TET,
            household=h,
            decision_number="05/QĐ-MTTQ",
            approved_by="Chủ tịch Ủy ban MTTQ",
        )


def _close_dissolved(province) -> None:
    """The funds of dissolved units hand their balance over and close (services/closing.py), as
    `close_dissolved_funds --apply` does. A district-level unit's communes went to several new
    ones, so the tree names no successor for it; its Front committee's tasks, its fund's
    included, passed to the province's on 1/7/2025, which the demo records as its successor."""
    for fund in closing.funds_to_close():
        unit = fund.unit
        if unit.successor_id is None and unit.level == UnitLevel.DISTRICT:
            unit_close(unit=unit, valid_to=unit.valid_to, successor=province)
        closing.close_fund(fund)


@transaction.atomic
def seed(stdout=None) -> bool:
    province = (
        AdministrativeUnit.objects.filter(parent__isnull=True, level=UnitLevel.PROVINCE)
        .order_by("path")
        .first()
    )
    if province is None or Fund.objects.filter(unit=province).exists():
        return False
    rng = random.Random(17)
    today = timezone.localdate()
    standards_ensure()
    province_fund = services.fund_create(unit=province)
    household_communes = _household_communes(today)
    peak_2024 = (datetime.date(2024, 10, 17), datetime.date(2024, 11, 18))
    for district in _existing_through(
        AdministrativeUnit.objects.filter(
            pk__in=[d.pk for d in _districts_of_2024(household_communes)]
        ),
        *peak_2024,
    ):
        # the old district's books, kept from before it closed on 30/6/2025
        district_fund = services.fund_create(unit=district, as_of=peak_2024[0])
        _donate(rng, district_fund, peak_2024[0], Drive.PEAK_MONTH, 12)
    communes = _existing_through(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE), today, today
    ).order_by("path")
    commune_funds = {c.pk: services.fund_create(unit=c) for c in communes}
    _donate(rng, province_fund, datetime.date(2025, 10, 17), Drive.PEAK_MONTH, 25)
    _donate(rng, province_fund, datetime.date(2026, 10, 17), Drive.PEAK_MONTH, 15)
    orgs = list(MemberOrganization.objects.filter(unit=province).order_by("pk"))
    for unit in household_communes:
        fund = commune_funds.get(unit.pk)
        if fund is None:
            continue
        _donate(rng, fund, datetime.date(2025, 10, 17), Drive.PEAK_MONTH, 20)
        _donate(rng, fund, datetime.date(2026, 1, 5), Drive.TET, 8)
        _donate(rng, fund, datetime.date(2026, 10, 17), Drive.PEAK_MONTH, 12)
        households = list(
            Household.objects.filter(area__path__startswith=unit.path)
            .select_related("area")
            .order_by("pk")
        )
        poor = _statuses(rng, households, orgs)
        _houses(rng, fund, province_fund, poor)
        _small_support(rng, fund, poor[4:] + households[:2])
    _close_dissolved(province)
    if stdout:
        stdout.write(
            f"Quỹ Vì người nghèo mẫu: {Fund.objects.count()} quỹ, "
            "chuẩn nghèo ND 07/2021 và ND 351/2025, hộ nghèo 2023-2026 và nhà Đại đoàn kết ở "
            + ", ".join(u.name for u in household_communes)
            + "."
        )
    return True
