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
