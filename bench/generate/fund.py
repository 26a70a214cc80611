"""The Fund for the Poor: donations with gapless receipts, disbursements within the balance."""

import datetime

from .base import Area, local_dt, next_id, rng_for


class FundMixin:
    def funds(self) -> None:
        from poverty_fund.models import Disbursement, Donation, Fund
        from residential_areas.demo import person_name
        from residential_areas.models import UnitLevel
        from residential_areas.text import fold

        first = datetime.date(self.years[0], 1, 1)
        last = datetime.date(self.last_year, 11, 28)
        units = sorted(
            (u for u in self.units.values() if u.level != UnitLevel.AREA),
            key=lambda u: u.path,
        )
        fund_pk = next_id(Fund)
        funds = []  # (fund id, unit, start, end, weight)
        for unit in units:
            start = max(first, unit.valid_from or first)
            end = min(last, unit.valid_to or last)
            if start > end:
                continue
            weight = {"province": 8.0, "district": 3.0}.get(unit.level, 1.0)
            funds.append((fund_pk, unit, start, end, weight * ((end - start).days + 1)))
            fund_pk += 1
        self.w.insert(
            Fund,
            ["id", "unit", "name", "is_published", "created_at"],
            (
                (pk, u.pk, f"Quỹ Vì người nghèo {u.name}", True, local_dt(start))
                for pk, u, start, _e, _w in funds
            ),
        )
        n_don, n_dis = self.n(self.p.donations), self.n(self.p.disbursements)
        total_weight = sum(f[4] for f in funds)
        # households a fund may support: the areas below its unit
        areas_under: dict[str, list[Area]] = {}
        for area in self.areas:
            if area.households:
                path = self.units[area.id].path
                for i in range(len(path)):
                    if path[i] == "/":
                        areas_under.setdefault(path[: i + 1], []).append(area)
        # donations by the fund's size and lifetime; disbursements where the money came in
        carry = 0.0
        counts = []
        for _pk, _unit, _start, _end, weight in funds:
            carry += n_don * weight / total_weight
            counts.append(int(carry))
            carry -= counts[-1]
        carry = 0.0
        plan = []
        for (pk, unit, start, end, _w), nd in zip(funds, counts, strict=True):
            carry += n_dis * nd / max(1, sum(counts))
            ns = int(carry)
            carry -= ns
            plan.append((pk, unit, start, end, nd, ns))

        donors = [
            "Công ty",
            "Ngân hàng",
            "Trường",
            "Hội đồng hương",
            "Chi bộ",
            "Cán bộ",
        ]
        kinds = ["person", "organization", "enterprise", "expatriate"]
        drives = ["peak_month", "tet", "disaster", "other"]
        purposes = [
            "house_new",
            "house_repair",
            "livelihood",
            "schooling",
            "health",
            "tet",
            "relief",
            "other",
        ]

        def events(pk, unit, start, end, nd, ns):
            """Donations (receipt numbered) and disbursements of one fund, in date order."""
            rng = rng_for(self.seed, "fund", pk)
            span = (end - start).days
            days = []
            for _ in range(nd):
                if rng.random() < 0.55:
                    y = start.year + int(rng.random() * (end.year - start.year + 1))
                    d = datetime.date(y, 10, 17) + datetime.timedelta(days=int(rng.random() * 33))
                    if not (start <= d <= end):
                        d = start + datetime.timedelta(days=int(rng.random() * (span + 1)))
                else:
                    d = start + datetime.timedelta(days=int(rng.random() * (span + 1)))
                days.append(d)
            days.sort()
            # paid out after the first money came in, never before
            first_in = days[0] if days else end
            spend_span = (end - first_in).days
            spend_days = sorted(
                first_in + datetime.timedelta(days=1 + int(rng.random() * spend_span))
                for _ in range(ns if spend_span > 0 else 0)
            )
            under = areas_under.get(unit.path, [])
            balance = 0
            receipt: dict[int, int] = {}
            i = j = 0
            while i < len(days) or j < len(spend_days):
                # a day's donations come before its disbursements
                if j >= len(spend_days) or (i < len(days) and days[i] <= spend_days[j]):
                    d = days[i]
                    i += 1
                    receipt[d.year] = receipt.get(d.year, 0) + 1
                    kind = kinds[min(3, int(rng.random() ** 2 * 4))]
                    if kind == "person":
                        donor = person_name(rng)
                    else:
                        donor = f"{donors[int(rng.random() * len(donors))]} {int(rng.random() * 900) + 100}"
                    amount = int(50_000 * (1 + int(rng.random() ** 3 * 400))) // 1000 * 1000
                    channel = "bank" if rng.random() < 0.4 else "cash"
                    balance += amount
                    yield (
                        "donation",
                        (
                            amount,
                            d,
                            "",
                            "",
                            local_dt(d),
                            None,
                            pk,
                            d.year,
                            receipt[d.year],
                            donor,
                            kind,
                            "",
                            rng.random() < 0.03,
                            channel,
                            f"FT{d:%y%m%d}{pk:05d}{receipt[d.year]:05d}"
                            if channel == "bank"
                            else "",
                            "",
                            # each drive only inside its window (poverty_fund's rule)
                            drives[0]
                            if (10, 17) <= (d.month, d.day) <= (11, 18)
                            else drives[1]
                            if d.month in (12, 1, 2) and rng.random() < 0.5
                            else drives[2 + int(rng.random() * 2)],
                            fold(donor),
                        ),
                    )
                else:
                    d = spend_days[j]
                    j += 1
                    want = int(500_000 * (1 + int(rng.random() ** 2 * 80))) // 1000 * 1000
                    amount = min(want, balance)
                    if amount <= 0:
                        continue  # nothing to spend yet: the clerk could not have paid it
                    balance -= amount
                    purpose = purposes[int(rng.random() * len(purposes))]
                    household = beneficiary = None
                    if under and rng.random() < 0.7:
                        area = under[int(rng.random() * len(under))]
                        household = area.first_household + int(rng.random() * area.households)
                    else:
                        beneficiary = "Hỗ trợ hộ khó khăn theo danh sách của Ban Công tác Mặt trận"
                    yield (
                        "disbursement",
                        (
                            amount,
                            d,
                            "",
                            "",
                            local_dt(d, 14),
                            None,
                            pk,
                            purpose,
                            household,
                            beneficiary or "",
                            f"{10 + j}/QĐ-MTTQ",
                            f"Chủ tịch Ủy ban MTTQ {unit.name}",
                        ),
                    )

        def stream(kind):
            for args in plan:
                for k, row in events(*args):
                    if k == kind:
                        yield row

        common = ["amount", "date", "note", "reason", "posted_at", "posted_by", "fund"]
        self.w.insert(
            Donation,
            [
                *common,
                "receipt_year",
                "receipt_number",
                "donor_name",
                "donor_kind",
                "donor_address",
                "is_anonymous",
                "channel",
                "bank_reference",
                "in_kind_description",
                "drive",
                "search_name",
            ],
            stream("donation"),
        )
        self.w.insert(
            Disbursement,
            [
                *common,
                "purpose",
                "household",
                "beneficiary",
                "decision_number",
                "approved_by",
            ],
            stream("disbursement"),
        )

    # -- yearly results ---------------------------------------------------------------------
