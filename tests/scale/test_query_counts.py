"""Every list page and API list costs the same number of queries for 10 rows as for 1,000.

Each case builds 10 rows of its list inside the cast's tree, counts the queries of one request,
grows the list to 1,000 rows and asserts the request needs no more queries than before.
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from residential_areas.text import fold

YEAR = 2026
NEW_START = datetime.date(2025, 7, 1)
_seq = itertools.count(1)


class World:
    """Rows of every list, grown by `grow(n)`; ids and urls of the objects the pages show."""

    def __init__(self, cast):
        from campaign.models import ContentArea, Indicator, IndicatorSet, ReportingPeriod
        from poverty_fund.models import Fund
        from recognition import demo as recognition_demo
        from recognition.models import Decision
        from recognition.services import meetings as recognition_meetings

        self.cast = cast
        area, commune = cast.area, cast.commune
        content, _ = ContentArea.objects.get_or_create(
            number=1, defaults={"title": "Kinh tế", "short_title": "Kinh tế"}
        )
        iset = IndicatorSet.objects.create(year=YEAR, name="Bộ chỉ tiêu", status="published")
        self.indicators = [
            Indicator.objects.create(
                indicator_set=iset,
                code=code,
                name=code,
                content_area=content,
                value_type="integer",
                aggregation="sum",
                order=i,
            )
            for i, code in enumerate(("households_total", "cultural_families", "poor_households"))
        ]
        self.period = ReportingPeriod.objects.create(
            year=YEAR,
            indicator_set=iset,
            reporting_level="commune",
            tree_date=datetime.date(YEAR, 10, 1),
            opens_on=datetime.date(YEAR, 10, 1),
            due_on=datetime.date(YEAR, 11, 30),
        )
        recognition_demo.seed_rules()
        self.meeting = recognition_meetings.meeting_create(
            kind="family",
            unit=area,
            year=YEAR,
            held_on=datetime.date(YEAR, 11, 5),
            invited=5000,
            attending=4000,
        )
        self.decision = Decision.objects.create(
            kind="family",
            year=YEAR,
            unit=commune,
            authority="Chủ tịch UBND",
            number="1/QĐ-UBND",
            signed_on=datetime.date(YEAR, 11, 24),
        )
        self.fund = Fund.objects.create(unit=commune, name="Quỹ xã")
        self.size = 0

    def grow(self, n: int) -> None:
        from campaign.models import Submission, SubmissionValue
        from poverty_fund.models import Disbursement, Donation, Fund, House, HouseholdStatus
        from recognition.models import Commendation, Recognition, TitleEvaluation
        from residential_areas.models import AdministrativeUnit, Household

        cast, start = self.cast, self.size
        names = [f"Nguyễn Văn Mẫu {i}" for i in range(start, start + n)]
        households = Household.objects.bulk_create(
            Household(
                area=cast.area,
                code=f"S{i:05d}",
                head_name=name,
                search_name=fold(name),
                members=3,
            )
            for i, name in zip(range(start, start + n), names, strict=True)
        )
        # communes under the province (the reporting units of 2026) and areas under a commune
        units = AdministrativeUnit.objects.bulk_create(
            [
                AdministrativeUnit(
                    code=f"SC{i:05d}",
                    name=f"Xã Mẫu {i}",
                    kind="xa",
                    level="commune",
                    parent=cast.province,
                    valid_from=NEW_START,
                    search_name=fold(f"Xã Mẫu {i}"),
                )
                for i in range(start, start + n)
            ]
            + [
                AdministrativeUnit(
                    code=f"SA{i:05d}",
                    name=f"Thôn Mẫu {i}",
                    kind="thon",
                    level="area",
                    parent=cast.commune,
                    valid_from=NEW_START,
                    search_name=fold(f"Thôn Mẫu {i}"),
                )
                for i in range(start, start + n)
            ]
        )
        for u in units:
            u.path = f"{u.parent.path}{u.pk}/"
        AdministrativeUnit.objects.bulk_update(units, ["path"])
        communes = units[:n]
        subs = Submission.objects.bulk_create(
            Submission(period=self.period, unit=c, status="accepted") for c in communes
        )
        SubmissionValue.objects.bulk_create(
            SubmissionValue(submission=s, indicator=ind, value=10)
            for s in subs
            for ind in self.indicators
        )
        Fund.objects.bulk_create(Fund(unit=c, name=f"Quỹ {c.name}") for c in communes)
        evaluations = TitleEvaluation.objects.bulk_create(
            TitleEvaluation(
                meeting=self.meeting,
                household=h,
                area=cast.area,
                results={"1": 40, "2": 27, "3": 22},
                score=89,
                votes_for=3500,
                meets_criteria=True,
                outcome="passed",
            )
            for h in households
        )
        Recognition.objects.bulk_create(
            Recognition(
                kind="family",
                year=YEAR,
                household=e.household,
                area=cast.area,
                decision=self.decision,
                evaluation=e,
            )
            for e in evaluations
        )
        Commendation.objects.bulk_create(
            Commendation(
                subject_type="household",
                unit=cast.area,
                household=h,
                level="commune",
                form="giay_khen",
                reason="Gia đình văn hóa 3 năm liền",
                year=YEAR,
                occasion="festival",
            )
            for h in households
        )
        day = datetime.date(YEAR, 10, 20)
        Donation.objects.bulk_create(
            Donation(
                fund=self.fund,
                amount=1_000_000,
                date=day,
                receipt_year=YEAR,
                receipt_number=i + 1,
                donor_name=name,
                donor_kind="person",
                channel="cash",
                drive="peak_month",
                search_name=fold(name),
            )
            for i, name in zip(range(start, start + n), names, strict=True)
        )
        Disbursement.objects.bulk_create(
            Disbursement(
                fund=self.fund,
                amount=100_000,
                date=day,
                purpose="tet",
                household=h,
                decision_number="5/QĐ-MTTQ",
                approved_by="Chủ tịch",
            )
            for h in households
        )
        HouseholdStatus.objects.bulk_create(
            HouseholdStatus(household=h, year=YEAR, status="poor", basis="survey")
            for h in households
        )
        House.objects.bulk_create(
            House(household=h, kind="repair", year=YEAR, approved_on=day) for h in households
        )
        self.size += n


def _cases(w: World):
    c = w.cast
    return {
        "households page": f"/dia-ban/{c.area.pk}/households/",
        "households page filtered": f"/dia-ban/{c.commune.pk}/households/?q=nguyen",
        "api households": "/api/households/",
        "api households filtered": f"/api/households/?area={c.area.pk}",
        "api units": f"/api/units/?parent={c.province.pk}",
        "api submissions": f"/api/submissions/?year={YEAR}",
        "results index": f"/ket-qua/?year={YEAR}",
        "completeness": f"/ket-qua/tien-do/?year={YEAR}",
        "api title evaluations": "/api/title-evaluations/",
        "api recognitions": "/api/recognitions/",
        "api commendations": "/api/commendations/",
        "evaluation meeting page": f"/danh-hieu/binh-xet/{w.meeting.pk}/",
        "commendations page": "/danh-hieu/khen-thuong/",
        "titles unit page": f"/danh-hieu/don-vi/{c.area.pk}/?year={YEAR}",
        "fund list page": "/quy/",
        "fund detail page": f"/quy/{w.fund.pk}/",
        "fund disbursements page": f"/quy/{w.fund.pk}/?tab=chi",
        "poor households page": f"/quy/ho-ngheo/{c.commune.pk}/?year={YEAR}",
        "houses page": f"/quy/nha-dai-doan-ket/{c.commune.pk}/",
        "public fund page": f"/quy/cong-khai/{w.fund.pk}/",
        "api funds": "/api/funds/",
        "api donations": "/api/donations/",
        "api disbursements": "/api/disbursements/",
        "api household status": "/api/household-status/",
        "api houses": "/api/houses/",
    }


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_rows(cast, client_for, django_assert_max_num_queries):
    # one world for every list: building it is the slow part, the requests are cheap
    world = World(cast)
    world.grow(10)
    client = client_for("province_admin")
    cases = _cases(world)
    small = {}
    for name, url in cases.items():
        client.get(url)  # warm the per-process caches (content types, session)
        small[name] = _count(client, url)
    world.grow(990)
    for name, url in cases.items():
        with django_assert_max_num_queries(small[name]):
            response = client.get(url)
        assert response.status_code == 200, name
