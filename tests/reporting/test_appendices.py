"""The report's appendices: each unit's figures in official code order, who reported when
(member organizations on the same page)."""

import datetime

from django.utils import timezone

from campaign.models import MemberOrganization, Submission, SubmissionStatus
from reporting.drafts_appendix import code_order
from reporting.models import ReportKind, RunStatus
from tests.cast import NEW_START, _unit


def test_official_code_order_is_numeric_not_the_string_order_of_paths():
    codes = ["18163", "436", "18160", "449", "18229"]
    assert sorted(codes, key=code_order) == ["436", "449", "18160", "18163", "18229"]


def test_appendix_one_has_a_row_per_unit_in_code_order_with_the_main_indicators(
    cast, results, compile_run
):
    # created last (its tree path sorts after the others) but first by its official code
    _unit("18000", "Xã Thạch Hà", "xa", "commune", cast.province, valid_from=NEW_START)
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    figures = run.snapshot["years"][0]["by_unit"]
    assert [r["code"] for r in figures["rows"]] == ["18000", "18101", "18401"]
    columns = [c["code"] for c in figures["columns"]]
    assert columns[0] == "households_total" and "cultural_families_pct" in columns
    by_code = {r["code"]: r for r in figures["rows"]}
    # Xã Đức Thọ accepted: its own figures, its own rate (90 / 110)
    assert by_code["18101"]["values"][0] == 110
    assert by_code["18101"]["values"][columns.index("cultural_families_pct")] == 81.8
    # Xã Cẩm Xuyên submitted, not yet accepted; Xã Thạch Hà has not reported: no figures
    assert by_code["18401"]["reported"] is False and set(by_code["18401"]["values"]) == {None}
    assert by_code["18000"]["reported"] is False


def test_appendix_two_says_who_reported_when_with_the_member_organizations(
    cast, results, compile_run, periods
):
    farmers = MemberOrganization.objects.create(
        unit=cast.province, kind="hoi_nong_dan", name="Hội Nông dân tỉnh"
    )
    MemberOrganization.objects.create(
        unit=cast.province, kind="hoi_phu_nu", name="Hội Liên hiệp Phụ nữ tỉnh"
    )
    Submission.objects.create(
        period=periods[2026],
        unit=cast.province,
        organization=farmers,
        status=SubmissionStatus.ACCEPTED,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 11, 25, 9)),
    )
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    completeness = run.snapshot["years"][0]["completeness"]
    units = {u["name"]: u for u in completeness["units"]}
    assert units["Xã Đức Thọ"]["timeliness_label"] == "Đúng hạn"
    orgs = {o["name"]: o for o in completeness["organizations"]}
    assert orgs["Hội Nông dân tỉnh"]["timeliness_label"] == "Đúng hạn"
    assert orgs["Hội Nông dân tỉnh"]["submitted_on"] == "2026-11-25"
    assert orgs["Hội Liên hiệp Phụ nữ tỉnh"]["timeliness_label"] == "Chưa nộp"
    from openpyxl import load_workbook

    wb = load_workbook(run.xlsx.path)
    names = [row[1] for row in wb["Tình hình báo cáo"].iter_rows(min_row=2, values_only=True)]
    assert "Hội Nông dân tỉnh" in names and "Xã Đức Thọ" in names
    assert "Phụ lục 1 - Từng đơn vị" in wb.sheetnames
