import pytest
from django.core.exceptions import ValidationError

from reporting import selectors, services
from reporting.models import ReportKind, ReportRun, RunStatus
from tests.reporting.conftest import DIFFICULTY, PROPOSAL


def _rows(snapshot, year=None):
    block = (
        snapshot["years"][-1]
        if year is None
        else next(b for b in snapshot["years"] if b["year"] == year)
    )
    return {r["code"]: r for a in block["areas"] for r in a["rows"]}


def test_annual_province_snapshot_equals_hand_computed_totals(cast, results, compile_run):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    rows = _rows(run.snapshot)
    # 2026 counts only the accepted submission (Xã Đức Thọ); 2025 both accepted communes
    assert rows["households_total"]["value"] == 110
    assert rows["households_total"]["previous"] == 105 + 88
    # 1 of the 2 communes is in: no change against a fuller 2025 is printed as if real
    assert rows["households_total"]["change"] is None
    assert rows["households_total"]["change_withheld"] is True
    assert rows["cultural_families"]["value"] == 90
    assert rows["cultural_families"]["previous"] == 140
    assert rows["fund_raised"]["value"] == 5_000_000
    assert rows["cultural_families_pct"]["value"] == 81.8  # 90 / 110
    assert rows["cultural_families_pct"]["previous"] == 72.5  # 140 / 193
    block = run.snapshot["years"][0]
    counts = block["completeness"]["counts"]
    assert (counts["expected"], counts["submitted"], counts["accepted"], counts["missing"]) == (
        2,
        2,
        1,
        0,
    )
    assert [n["reporter"] for n in block["narratives"]] == ["Xã Đức Thọ"]
    assert block["narratives"][0]["difficulties"] == DIFFICULTY
    assert block["narratives"][0]["proposals"] == PROPOSAL
    # the five content areas, then how the campaign is run (group 6, printed apart: issue #16)
    assert [(a["number"], a["kind"]) for a in block["areas"]] == [
        *[(n, "noi_dung") for n in range(1, 6)],
        (6, "chi_dao"),
    ]


def test_nightly_draft_also_counts_submissions_not_yet_accepted(cast, results, compile_run):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026, draft=True)
    rows = _rows(run.snapshot)
    assert rows["households_total"]["value"] == 110 + 90
    assert rows["fund_raised"]["value"] == 8_000_000


def test_unit_report_covers_only_its_subtree(cast, results, compile_run):
    run = compile_run(
        kind=ReportKind.ANNUAL_UNIT, unit=cast.other_commune, year=2025, by=cast["other_commune"]
    )
    rows = _rows(run.snapshot)
    assert rows["households_total"]["value"] == 88
    assert rows["cultural_families"]["value"] == 60


def test_optional_sections_count_activities_and_festivals(cast, results, activities, compile_run):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    act = run.snapshot["years"][0]["activities"]
    assert act["activities"] == [
        {
            "code": "outreach",
            "kind": "Tuyên truyền",
            "entries": 2,
            "sessions": 5,
            "participants": 200,
        }
    ]
    assert act["festivals"]["held"] == 1 and act["festivals"]["participants"] == 300


def test_same_data_compiled_twice_gives_the_same_checksum(cast, results, compile_run):
    first = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    second = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    assert first.pk != second.pk
    assert first.checksum == second.checksum == selectors.checksum_of(second.snapshot)
    assert len(first.checksum) == 64
    assert selectors.canonical_json(first.snapshot) == selectors.canonical_json(second.snapshot)


def test_changed_data_changes_the_checksum(cast, results, compile_run):
    from campaign.models import SubmissionValue

    first = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    SubmissionValue.objects.filter(
        submission__unit=cast.commune,
        submission__period__year=2026,
        indicator__code="cultural_families",
    ).update(value=91)
    second = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    assert first.checksum != second.checksum


def test_a_year_without_a_reporting_period_is_refused_in_vietnamese(cast, periods):
    with pytest.raises(ValidationError) as exc:
        services.report_run_create(
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=cast.province,
            year=2019,
            by=cast["movement_board"],
        )
    assert "Chưa có kỳ báo cáo năm 2019" in exc.value.messages[0]
    assert not ReportRun.objects.exists()


def test_interim_review_has_a_block_per_year_of_its_phase_and_trends(cast, results, compile_run):
    # the phase 2026 - 2030 (data): its first three years, the later ones without data yet
    run = compile_run(kind=ReportKind.INTERIM_REVIEW, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    assert [b["year"] for b in run.snapshot["years"]] == [2026, 2027, 2028]
    trend = next(t for t in run.snapshot["trends"] if t["code"] == "households_total")
    assert trend["values"] == [110, None, None]
    assert run.snapshot["phase"]["name"] == "Giai đoạn 2026 - 2030"


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        (ReportKind.FUND_STATEMENT, "Kết quả vận động, quản lý và sử dụng Quỹ “Vì người nghèo”"),
        (ReportKind.COMPLETENESS, "Tình hình nộp báo cáo kết quả thực hiện Cuộc vận động"),
        (ReportKind.FINAL_REVIEW, "Tổng kết 5 năm thực hiện Cuộc vận động"),
    ],
)
def test_every_kind_compiles_with_its_title(cast, results, compile_run, kind, heading):
    import subprocess

    run = compile_run(kind=kind, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    text = subprocess.run(
        ["pdftotext", "-raw", run.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert heading in " ".join(text.split())


def test_the_beat_compiles_the_province_report_after_the_grace_days(
    cast, results, django_capture_on_commit_callbacks
):
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from reporting import tasks

    # due 30/11 with 5 grace days: the first day after them (tests/reporting/test_schedule_*)
    moment = datetime.datetime(2026, 12, 6, 0, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.annual_province_report.delay().get()
    run = ReportRun.objects.get(pk=run_id)
    assert (run.kind, run.unit, run.year, run.is_draft, run.requested_by) == (
        ReportKind.ANNUAL_PROVINCE,
        cast.province,
        2026,
        False,
        None,
    )
    assert run.status == RunStatus.DONE


def test_a_broker_that_is_down_fails_the_run_with_a_reason(
    cast, results, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from reporting import tasks

    def down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.compile_report, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_run_create(
            kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026
        )
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Không đưa được báo cáo vào hàng đợi" in run.error


def test_nightly_drafts_keep_only_the_newest(cast, results, django_capture_on_commit_callbacks):
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine
    from django.core.files.storage import default_storage

    from reporting import tasks

    ids = []
    for day in (20, 21):
        moment = datetime.datetime(2026, 11, day, 1, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            ids.append(tasks.nightly_draft_report.delay().get())
    assert list(ReportRun.objects.values_list("pk", "is_draft", "status")) == [
        (ids[1], True, RunStatus.DONE)
    ]
    assert not default_storage.exists(f"reports/{ids[0]}/bao-cao-annual_province-2026-{ids[0]}.pdf")
