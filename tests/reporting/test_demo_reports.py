"""The demo's reports: 2025 signed with its assessment, 2026 a draft that says its coverage,
the member organizations' returns; the 2025 province rates recomputed in SQL."""

import io

from django.core.management import call_command

from campaign.models import Indicator, Submission
from reporting.models import DraftStatus, ReportDraft, ReportKind
from tests.reporting.test_rollup import _sql_rate


def test_demo_signs_2025_keeps_2026_as_a_draft_and_tracks_member_organizations(db, postgres):
    call_command("seed_demo", stdout=io.StringIO())
    signed = ReportDraft.objects.get(kind=ReportKind.ANNUAL_PROVINCE, year=2025)
    assert signed.status == DraftStatus.FINAL and signed.number == 215
    assert signed.strengths and signed.lessons and len(signed.checksum) == 64
    assert signed.pdf.name and signed.run.snapshot["years"][0]["coverage"]["complete"]
    draft = ReportDraft.objects.get(kind=ReportKind.ANNUAL_PROVINCE, year=2026)
    assert draft.status == DraftStatus.DRAFT
    coverage = draft.run.snapshot["years"][0]["coverage"]
    assert coverage["label"] == f"{coverage['covered']}/69 đơn vị" and not coverage["complete"]
    assert draft.run.snapshot["years"][0]["changes_note"]
    # the member organizations report too, and the appendix tracks them
    orgs = Submission.objects.filter(organization__isnull=False)
    assert orgs.filter(period__year=2025, status="accepted").count() == 6
    assert set(orgs.filter(period__year=2026).values_list("status", flat=True)) == {
        "accepted",
        "submitted",
        "returned",
        "draft",
    }
    states = {
        o["name"]: o["timeliness_label"]
        for o in draft.run.snapshot["years"][0]["completeness"]["organizations"]
    }
    assert states["Hội Nông dân tỉnh Hà Tĩnh"] == "Đúng hạn"
    assert states["Tỉnh đoàn Hà Tĩnh"] == "Trong thời gian gia hạn nộp"
    assert states["Hội Cựu chiến binh tỉnh Hà Tĩnh"] == "Bị trả lại, chưa nộp lại"
    assert states["Hội Người cao tuổi tỉnh Hà Tĩnh"] == "Chưa nộp"
    # the signed 2025 report's rates are Σ part / Σ whole over the accepted returns
    rows = {r["code"]: r for a in signed.run.snapshot["years"][0]["areas"] for r in a["rows"]}
    for ind in Indicator.objects.filter(
        indicator_set__year=2025, aggregation__in=["ratio", "weighted"]
    ):
        weighted = ind.aggregation == "weighted"
        part = ind.code if weighted else ind.numerator_code
        expected = _sql_rate(2025, part, ind.denominator_code, weighted=weighted)
        assert rows[ind.code]["value"] == expected, ind.code
    # a yes/no prints as "N/M đơn vị", never a "1"
    democracy = rows["democracy_regulation"]
    assert democracy["aggregation"] == "count_yes" and democracy["reporters"] == 69
    # seeding again changes nothing
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert ReportDraft.objects.count() == 2


def _outside_life(model, unit: str, date: str) -> list:
    """Rows of `model` whose unit did not exist on the row's own date."""
    from django.db.models import F, Q

    before = Q(**{f"{unit}__valid_from__isnull": False, f"{unit}__valid_from__gt": F(date)})
    after = Q(**{f"{unit}__valid_to__isnull": False, f"{unit}__valid_to__lt": F(date)})
    return list(model.objects.filter(before | after).values_list("pk", f"{unit}__name", date)[:5])


def test_every_dated_record_of_the_demo_belongs_to_a_unit_that_existed_that_day(db, postgres):
    """Issue 16, item 6: 2024 records only on 2024 units, across both reforms."""
    from campaign.activities.models import Activity, Festival
    from campaign.outcomes.models import ModelRecognition, UnitStatusDecision
    from poverty_fund.models import Disbursement, Donation
    from recognition.models import Decision, EvaluationMeeting

    call_command("seed_demo", stdout=io.StringIO())
    checks = [
        (EvaluationMeeting, "unit", "held_on"),
        (Decision, "unit", "signed_on"),
        (Donation, "fund__unit", "date"),
        (Disbursement, "fund__unit", "date"),
        (Activity, "unit", "date"),
        (Festival, "area", "held_on"),
        (UnitStatusDecision, "unit", "decision_date"),
        (ModelRecognition, "area", "decision_date"),
    ]
    counts = {model.__name__: model.objects.count() for model, _u, _d in checks}
    # the demo has records of each kind, so an empty table cannot pass for a clean one
    assert all(counts.values()), counts
    for model, unit, date in checks:
        assert _outside_life(model, unit, date) == [], model.__name__
