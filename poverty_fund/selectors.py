"""Read queries of the fund, reused by pages, the API, statements and prefill providers.

Balances are derived from entries: a donation adds, a disbursement takes away, a transfer takes
from one fund and adds to the other; a reversal entry counts with the opposite sign of the
entry it reverses.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts import scope
from accounts.models import Role
from residential_areas.models import AdministrativeUnit, Household
from residential_areas.text import fold

from . import lineage
from .models import (
    Disbursement,
    Donation,
    DonorKind,
    Drive,
    Fund,
    House,
    HouseholdStatus,
    PovertyStandard,
    PovertyStatus,
    Purpose,
    Transfer,
)

SIGNED = Case(
    When(reverses__isnull=True, then=F("amount")),
    default=-F("amount"),
    output_field=BigIntegerField(),
)


def _sum(qs: QuerySet, expr=SIGNED) -> int:
    return qs.aggregate(total=Coalesce(Sum(expr), Value(0), output_field=BigIntegerField()))[
        "total"
    ]


def _dated(qs: QuerySet, *, before=None, start=None, end=None) -> QuerySet:
    if before is not None:
        qs = qs.filter(date__lt=before)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return qs


def funds_balance(funds: QuerySet[Fund], **dates) -> int:
    """Net balance of a set of funds (transfers among them cancel out), optionally by date."""
    ids = funds.values("pk")
    donated = _sum(_dated(Donation.objects.filter(fund__in=ids), **dates))
    spent = _sum(_dated(Disbursement.objects.filter(fund__in=ids), **dates))
    t_in = _sum(_dated(Transfer.objects.filter(to_fund__in=ids), **dates))
    t_out = _sum(_dated(Transfer.objects.filter(from_fund__in=ids), **dates))
    return donated - spent + t_in - t_out


def fund_balance(*, fund: Fund) -> int:
    return funds_balance(Fund.objects.filter(pk=fund.pk))


def fund_daily_changes(*, fund: Fund) -> dict[datetime.date, int]:
    """What each day's entries add to (or take from) the fund: four grouped queries."""
    changes: dict[datetime.date, int] = defaultdict(int)
    for model, fk, sign in (
        (Donation, "fund", 1),
        (Disbursement, "fund", -1),
        (Transfer, "to_fund", 1),
        (Transfer, "from_fund", -1),
    ):
        rows = (
            model.objects.filter(**{fk: fund})
            .order_by()
            .values("date")
            .annotate(t=Sum(SIGNED))
            .values_list("date", "t")
        )
        for day, total in rows:
            changes[day] += sign * total
    return changes


def fund_low_point(*, fund: Fund, on: datetime.date) -> tuple[int, datetime.date]:
    """The lowest closing balance of the fund on `on` or any later day, and that day: what an
    entry dated `on` may take out without turning any statement from then on negative."""
    changes = fund_daily_changes(fund=fund)
    balance = sum(v for day, v in changes.items() if day <= on)
    low, low_day = balance, on
    for day in sorted(d for d in changes if d > on):
        balance += changes[day]
        if balance < low:
            low, low_day = balance, day
    return low, low_day


def _subtotal(model, fk: str):
    qs = model.objects.filter(**{fk: OuterRef("pk")}).values(fk)
    return Coalesce(
        Subquery(qs.annotate(t=Sum(SIGNED)).values("t"), output_field=BigIntegerField()),
        Value(0),
        output_field=BigIntegerField(),
    )


def funds_with_balance(qs: QuerySet[Fund]) -> QuerySet[Fund]:
    """Each fund annotated with `balance`, `donated`, `spent` in one query."""
    return (
        qs.select_related("unit")
        .annotate(
            donated=_subtotal(Donation, "fund"),
            spent=_subtotal(Disbursement, "fund"),
            transferred_in=_subtotal(Transfer, "to_fund"),
            transferred_out=_subtotal(Transfer, "from_fund"),
        )
        .annotate(balance=F("donated") - F("spent") + F("transferred_in") - F("transferred_out"))
    )


def funds_under(*, unit: AdministrativeUnit) -> QuerySet[Fund]:
    return Fund.objects.filter(unit__path__startswith=unit.path)


def standard_in_force(*, year: int) -> PovertyStandard | None:
    return (
        PovertyStandard.objects.filter(first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .order_by("-first_year")
        .first()
    )


def statuses_in(*, unit: AdministrativeUnit, year: int) -> QuerySet[HouseholdStatus]:
    """The statuses of `year` of the households that lived under `unit` that year: across the
    merger of 1/7/2025 they follow the successor links (lineage.py)."""
    return HouseholdStatus.objects.filter(
        lineage.households_q(unit=unit, year=year, prefix="household__"), year=year
    ).select_related("household", "household__area", "supporter_org")


def coverage(*, unit: AdministrativeUnit, year: int) -> dict:
    """Poor households of the subtree in the year, with and without a supporter (one query)."""
    row = statuses_in(unit=unit, year=year).aggregate(
        poor=Count("pk", filter=Q(status=PovertyStatus.POOR)),
        near_poor=Count("pk", filter=Q(status=PovertyStatus.NEAR_POOR)),
        poor_supported=Count("pk", filter=Q(status=PovertyStatus.POOR) & ~Q(supporter_kind="")),
        # thoát nghèo (poor to near-poor or not poor) and thoát cận nghèo, counted apart
        left=Count("pk", filter=Q(exit="left_poverty")),
        left_near_poor=Count("pk", filter=Q(exit="left_near_poverty")),
        hard=Count("pk", filter=Q(is_hardship=True)),
        middle=Count(
            "pk",
            filter=Q(status=PovertyStatus.NOT_POOR)
            & (
                Q(area_line="rural", income_per_person_month__lte=F("standard__middle_line_rural"))
                | Q(
                    area_line="urban", income_per_person_month__lte=F("standard__middle_line_urban")
                )
            ),
        ),
    )
    row["poor_unsupported"] = row["poor"] - row["poor_supported"]
    row["supported_pct"] = (
        round(100 * row["poor_supported"] / row["poor"], 1) if row["poor"] else None
    )
    return row


def poverty_trend(*, unit: AdministrativeUnit) -> list[dict]:
    """Poor, near-poor and the two exits by year under `unit`, every year the books hold: the
    years before a unit was formed count the households that came to it (lineage.py)."""
    years = sorted(set(HouseholdStatus.objects.order_by().values_list("year", flat=True)))
    rows = [{"year": year, **coverage(unit=unit, year=year)} for year in years]
    return [r for r in rows if r["poor"] or r["near_poor"] or r["left"] or r["left_near_poor"]]


def houses_in(*, unit: AdministrativeUnit) -> QuerySet[House]:
    return (
        House.objects.filter(household__area__path__startswith=unit.path)
        .select_related("household", "household__area")
        .annotate(
            support_total=Coalesce(
                Sum("supports__amount"), Value(0), output_field=BigIntegerField()
            )
        )
    )


def households_for_fund(*, fund: Fund) -> QuerySet[Household]:
    return Household.objects.filter(area__path__startswith=fund.unit.path).select_related("area")


# -- statements ---------------------------------------------------------------------------


@dataclass
class Statement:
    funds: list
    start: datetime.date
    end: datetime.date
    opening: int = 0
    closing: int = 0
    receipts_by_drive: list = field(default_factory=list)
    receipts_by_donor_kind: list = field(default_factory=list)
    receipts_total: int = 0
    spending_by_purpose: list = field(default_factory=list)
    spending_total: int = 0
    transfers_in: int = 0
    transfers_out: int = 0


def _grouped(qs: QuerySet, column: str, choices) -> list[tuple[str, int]]:
    rows = dict(
        qs.values(column)
        .annotate(total=Coalesce(Sum(SIGNED), Value(0), output_field=BigIntegerField()))
        .values_list(column, "total")
    )
    # labels as plain text: the statement is cached, and a lazy label is slow to unpickle
    return [(str(label), rows.get(value, 0)) for value, label in choices if rows.get(value)]


def fund_statement(*, funds: QuerySet[Fund], start: datetime.date, end: datetime.date) -> Statement:
    """Opening balance, receipts by drive and donor type, spending by purpose, transfers and
    closing balance of one fund or of every fund of a subtree (internal transfers cancel in
    the balances and show on both sides)."""
    ids = funds.values("pk")
    donations = Donation.objects.filter(fund__in=ids, date__gte=start, date__lte=end)
    spending = Disbursement.objects.filter(fund__in=ids, date__gte=start, date__lte=end)
    period = {"start": start, "end": end}
    st = Statement(funds=list(funds.select_related("unit").order_by("unit__path")), **period)
    st.opening = funds_balance(funds, before=start)
    st.receipts_by_drive = _grouped(donations, "drive", Drive.choices)
    st.receipts_by_donor_kind = _grouped(donations, "donor_kind", DonorKind.choices)
    st.receipts_total = _sum(donations)
    st.spending_by_purpose = _grouped(spending, "purpose", Purpose.choices)
    st.spending_total = _sum(spending)
    st.transfers_in = _sum(_dated(Transfer.objects.filter(to_fund__in=ids), **period))
    st.transfers_out = _sum(_dated(Transfer.objects.filter(from_fund__in=ids), **period))
    # of which closing transfers of dissolved units (services/closing.py), shown on their own line
    closings = _dated(Transfer.objects.filter(kind="closing"), **period)
    st.closing_in = _sum(closings.filter(to_fund__in=ids))
    st.closing_out = _sum(closings.filter(from_fund__in=ids))
    st.closing = st.opening + st.receipts_total - st.spending_total
    st.closing += st.transfers_in - st.transfers_out
    return st


# -- the public page -----------------------------------------------------------------------


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" -> "Nguyễn V. A.": the family name and initials, nothing more."""
    parts = (name or "").split()
    if not parts:
        return ""
    if len(parts) == 1:
        return f"{parts[0][0]}."
    return " ".join([parts[0], *(f"{p[0]}." for p in parts[1:])])


def public_donations(*, fund: Fund, start, end, q: str = "") -> QuerySet[Donation]:
    qs = Donation.objects.filter(fund=fund, date__gte=start, date__lte=end).select_related(
        "reverses"
    )
    q = q.strip()
    if q:
        cond = Q(bank_reference__iexact=q)
        digits = q.replace(".", "").replace(",", "").replace(" ", "").removesuffix("đ")
        if digits.isdigit():
            cond |= Q(amount=int(digits)) | Q(receipt_number=int(digits))
        folded = fold(q)
        if folded:
            # anonymous donors are never found by name: that would reveal them
            name_cond = Q(is_anonymous=False)
            for word in folded.split():
                name_cond &= Q(search_name__contains=word)
            cond |= name_cond
        qs = qs.filter(cond)
    return qs.order_by("date", "pk")


def public_disbursements(*, fund: Fund, start, end, q: str = "") -> QuerySet[Disbursement]:
    """Spending of the period. Searchable by decision number or amount, never by the name of a
    beneficiary: a full-name search would confirm who a masked line is."""
    qs = Disbursement.objects.filter(fund=fund, date__gte=start, date__lte=end).select_related(
        "household", "household__area"
    )
    q = q.strip()
    if q:
        cond = Q(decision_number__iexact=q)
        digits = q.replace(".", "").replace(",", "").replace(" ", "").removesuffix("đ")
        if digits.isdigit():
            cond |= Q(amount=int(digits))
        qs = qs.filter(cond)
    return qs.order_by("date", "pk")


# words after which a free-text spending line names a person or a family
PERSON_WORDS = frozenset(
    {"ông", "bà", "anh", "chị", "em", "con", "cháu", "cụ", "cô", "chú", "bác", "hộ", "đình"}
)
# words after which capitalised words name a place or a body, not a person
PLACE_WORDS = frozenset(
    {"thôn", "xóm", "xã", "phường", "thị", "trấn", "huyện", "tỉnh", "khu", "tổ", "bản",
     "làng", "ấp", "đội", "trường", "công", "ty", "hội", "đoàn", "ban", "sông", "núi", "cầu",
     "chợ", "đường", "quỹ", "mttq", "ubnd", "ủy", "uỷ", "mặt", "trận", "nhà", "tổng"}
)  # fmt: skip
_EDGE = ",.;:()\"'“”"


def _capitalised(word: str) -> bool:
    core = word.strip(_EDGE)
    return bool(core) and core[0].isupper()


def mask_free_text(text: str) -> str:
    """Mask the names a free-text spending line may hold, as a household's name is masked.

    A run of two or more capitalised words ("Trần Thị Lan", "(Trần Thị Lan)"), or one after
    ông, bà, anh, chị, con, cháu, hộ, gia đình..., becomes "Trần T. L.", unless it follows a
    word that names a place or a body ("Thôn Bình Minh", "Công ty Sông Lam"). The first word
    of the line counts only in a run of three or more. Names typed in lower case cannot be
    told from other words and stay: the form asks for the household instead."""
    words = (text or "").split()
    out, i = [], 0
    while i < len(words):
        if words[i].strip(_EDGE).lower() in PERSON_WORDS | PLACE_WORDS:
            out.append(words[i])  # "Thôn", "Hộ" at the head of a run are no part of a name
            i += 1
            continue
        j = i
        while j < len(words) and _capitalised(words[j]):
            j += 1
            if words[j - 1].rstrip(_EDGE) != words[j - 1]:  # a name ends at its punctuation
                break
        before = words[i - 1].strip(_EDGE).lower() if i else ""
        run = j - i
        needed = 1 if before in PERSON_WORDS else (3 if i == 0 else 2)
        if run >= needed and before not in PLACE_WORDS:
            name = " ".join(words[i:j])
            lead = name[: len(name) - len(name.lstrip(_EDGE))]
            tail = name[len(name.rstrip(_EDGE)) :]
            out.append(lead + mask_name(name.strip(_EDGE)) + tail)
            i = j
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def public_beneficiary(disbursement: Disbursement) -> str:
    if disbursement.household_id:
        h = disbursement.household
        return f"{mask_name(h.head_name)} - {h.area.name}"
    return mask_free_text(disbursement.beneficiary)


# -- fetch-or-deny helpers: 404 outside scope, 403 on a write the role may not do ----------

FUND_ROLES = frozenset(
    {
        Role.PROVINCE_ADMIN,
        Role.MOVEMENT_BOARD,
        Role.DISTRICT_COMMITTEE,
        Role.COMMUNE_COMMITTEE,
    }
)
# the residential-area board reviews its own households' poverty status too
STATUS_ROLES = FUND_ROLES | {Role.RESIDENTIAL_BOARD}


def keeps_books_of(*, user, fund: Fund) -> bool:
    """The fund's keepers (a fund role over its unit) write its receipts and see every donor's
    name; anyone else who may read the fund sees anonymous donors as the public page does."""
    return scope.can_act(user, fund.unit, FUND_ROLES)


def donor_shown(donation: Donation, *, keeper: bool) -> str:
    return donation.donor_name if keeper else donation.public_donor


def fund_get_for_user(*, user, pk, write: bool = False) -> Fund:
    return scope.get_in_scope(
        Fund.objects.select_related("unit"),
        user,
        unit_field="unit",
        write_roles=FUND_ROLES,
        write=write,
        pk=pk,
    )


def entry_get_for_user(*, user, model, pk, write: bool = False):
    field = "from_fund__unit" if model is Transfer else "fund__unit"
    return scope.get_in_scope(
        model.objects.all(), user, unit_field=field, write_roles=FUND_ROLES, write=write, pk=pk
    )


def household_get_for_user(*, user, pk, write: bool = False) -> Household:
    return scope.get_in_scope(
        Household.objects.select_related("area"),
        user,
        unit_field="area",
        write_roles=STATUS_ROLES,
        write=write,
        pk=pk,
    )


def house_get_for_user(*, user, pk, write: bool = False) -> House:
    return scope.get_in_scope(
        House.objects.select_related("household", "household__area"),
        user,
        unit_field="household__area",
        write_roles=FUND_ROLES,
        write=write,
        pk=pk,
    )


# -- figures by month and the public overview ------------------------------------------------


# the peak month of the Fund for the Poor runs 17/10 - 18/11: charts by month mark these two
PEAK_MONTHS = (10, 11)


def fund_months(*, funds: QuerySet[Fund], year: int) -> list[dict]:
    """Receipts and spending of a set of funds in each month of `year` (reversals count with
    the opposite sign, as in the statement): twelve rows from two GROUP BY queries. Their sums
    are the statement's `receipts_total` and `spending_total` of the year."""
    from django.db.models.functions import ExtractMonth

    ids = funds.values("pk")

    def by_month(model) -> dict[int, int]:
        rows = (
            model.objects.filter(fund__in=ids, date__year=year)
            .annotate(month=ExtractMonth("date"))
            .values("month")
            .annotate(total=Sum(SIGNED))
            .values_list("month", "total")
        )
        return {month: total or 0 for month, total in rows}

    received, spent = by_month(Donation), by_month(Disbursement)
    return [
        {"month": m, "receipts": received.get(m, 0), "spending": spent.get(m, 0)}
        for m in range(1, 13)
    ]


def public_funds_overview(*, on: datetime.date) -> dict:
    """Every published fund with its receipts, spending, transfers and balance (one query),
    whether it is closed on `on` (its unit no longer exists), and the province total. Transfers
    between the funds cancel out in the total's balance."""
    funds = list(
        funds_with_balance(Fund.objects.filter(is_published=True)).order_by(
            "unit__path", "unit__code"
        )
    )
    rows = []
    for fund in funds:
        closed = fund.unit.valid_to is not None and fund.unit.valid_to < on
        rows.append(
            {
                "pk": fund.pk,
                "name": fund.name,
                "unit": fund.unit.name,
                "code": fund.unit.code,
                "level": fund.unit.level,
                "closed": closed,
                "closed_on": fund.unit.valid_to if closed else None,
                "receipts": fund.donated,
                "spending": fund.spent,
                "transfers_in": fund.transferred_in,
                "transfers_out": fund.transferred_out,
                "balance": fund.balance,
            }
        )
    total = {
        "receipts": sum(r["receipts"] for r in rows),
        "spending": sum(r["spending"] for r in rows),
        "balance": sum(r["balance"] for r in rows),
    }
    return {"funds": rows, "total": total}


# -- festival money (Ngày hội Đại đoàn kết, 18/11) ----------------------------------------------


def festival_key(festival) -> str:
    """The request key a festival's receipt is posted with; a repost after a reversal adds
    ":2", ":3"... (the key of a donation is unique per poster)."""
    return f"festival:{festival.pk}"


def festival_fund(festival) -> Fund | None:
    """The fund of the nearest unit above the festival's residential area that keeps one."""
    return (
        Fund.objects.filter(unit_id__in=festival.area.ancestor_ids)
        .select_related("unit")
        .order_by("-unit__path")
        .first()
    )


def festival_receipts(festival) -> QuerySet[Donation]:
    """Every receipt the festival's money was posted with, the reversed ones included."""
    key = festival_key(festival)
    return Donation.objects.filter(
        Q(request_key=key) | Q(request_key__startswith=f"{key}:"), reverses__isnull=True
    ).select_related("fund")


def festival_receipt(festival) -> Donation | None:
    """The receipt that holds the festival's money now: posted and not reversed."""
    return festival_receipts(festival).filter(reversal__isnull=True).order_by("-pk").first()
