import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reporting.models import ReportKind, ReportRun, RunStatus


@pytest.fixture
def board(client_for):
    return client_for("movement_board")


def _start(client, capture, **data):
    with capture(execute=True):
        return client.post(reverse("reporting:start"), data)


def test_movement_board_starts_the_province_report_and_downloads_both_files(
    cast, results, board, django_capture_on_commit_callbacks
):
    page = board.get(reverse("reporting:index"))
    assert page.status_code == 200 and "Lập báo cáo mới" in page.text
    response = _start(
        board,
        django_capture_on_commit_callbacks,
        kind=ReportKind.ANNUAL_PROVINCE,
        unit=cast.province.pk,
        year=2026,
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "reporting:detail", args=[run.pk]
    )
    assert run.status == RunStatus.DONE and run.requested_by == cast["movement_board"]
    fragment = board.get(reverse("reporting:progress", args=[run.pk]))
    assert "100%" in fragment.text and "hx-get" not in fragment.text  # polling stops when done
    pdf = board.get(reverse("reporting:download", args=[run.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = board.get(reverse("reporting:download", args=[run.pk, "xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    # download names in Vietnamese words, never the kind's internal code
    for response, ext in ((pdf, "pdf"), (xlsx, "xlsx")):
        disposition = response["Content-Disposition"]
        assert "annual_province" not in disposition
        assert disposition.startswith('attachment; filename="Bao-cao-ket-qua-nam-2026-tinh-')
        assert f'.{ext}"' in disposition and "filename*=UTF-8''B%C3%A1o-c%C3%A1o" in disposition
    page = board.get(reverse("reporting:detail", args=[run.pk]))
    assert reverse("reporting:download_docx", args=[run.pk]) in page.text


def test_a_running_report_page_polls_its_progress(cast, results, board):
    run = ReportRun.objects.create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, first_year=2026, year=2026
    )
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    page = board.get(reverse("reporting:detail", args=[run.pk]))
    assert 'hx-trigger="every 1s"' in page.text
    assert 'data-progress="40"' in page.text
    assert "js/reports.js" in page.text


def test_year_without_a_period_gives_a_clear_error(cast, periods, board):
    response = board.post(
        reverse("reporting:start"),
        {"kind": ReportKind.ANNUAL_PROVINCE, "unit": cast.province.pk, "year": 2019},
        follow=True,
    )
    assert "Chưa có kỳ báo cáo năm 2019" in response.text
    assert not ReportRun.objects.exists()


def test_commune_runs_its_own_unit_report_but_not_its_neighbours(
    cast, results, client_for, django_capture_on_commit_callbacks
):
    commune = client_for("commune")
    ok = _start(
        commune,
        django_capture_on_commit_callbacks,
        kind=ReportKind.ANNUAL_UNIT,
        unit=cast.commune.pk,
        year=2026,
    )
    assert ok.status_code == 302
    outside = commune.post(
        reverse("reporting:start"),
        {"kind": ReportKind.ANNUAL_UNIT, "unit": cast.other_commune.pk, "year": 2026},
    )
    assert outside.status_code == 404
    province = commune.post(
        reverse("reporting:start"),
        {"kind": ReportKind.ANNUAL_PROVINCE, "unit": cast.province.pk, "year": 2026},
    )
    assert province.status_code == 404
    assert ReportRun.objects.count() == 1


def test_scope_on_run_pages_outsider_404_viewer_reads_but_cannot_write(
    cast, results, board, client_for, django_capture_on_commit_callbacks
):
    _start(
        board,
        django_capture_on_commit_callbacks,
        kind=ReportKind.ANNUAL_PROVINCE,
        unit=cast.province.pk,
        year=2026,
    )
    run = ReportRun.objects.get()
    district = client_for("district")
    assert district.get(reverse("reporting:detail", args=[run.pk])).status_code == 404
    assert district.get(reverse("reporting:download", args=[run.pk, "pdf"])).status_code == 404
    assert run.pk not in [r.pk for r in district.get(reverse("reporting:index")).context["page"]]
    viewer = client_for("viewer")
    assert viewer.get(reverse("reporting:detail", args=[run.pk])).status_code == 200
    assert viewer.get(reverse("reporting:download", args=[run.pk, "pdf"])).status_code == 200
    assert viewer.post(reverse("reporting:again", args=[run.pk])).status_code == 403
    refused = viewer.post(
        reverse("reporting:start"),
        {"kind": ReportKind.ANNUAL_PROVINCE, "unit": cast.province.pk, "year": 2026},
    )
    assert refused.status_code == 403
    assert ReportRun.objects.count() == 1


def test_failed_run_shows_its_reason_leaves_no_files_and_can_run_again(
    cast, results, board, django_capture_on_commit_callbacks, monkeypatch
):
    from reporting import services

    def broken(**kwargs):
        raise RuntimeError("máy in hết giấy")

    monkeypatch.setattr(services, "render_report_xlsx", broken)
    _start(
        board,
        django_capture_on_commit_callbacks,
        kind=ReportKind.ANNUAL_PROVINCE,
        unit=cast.province.pk,
        year=2026,
    )
    run = ReportRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "máy in hết giấy" in run.error
    assert not run.pdf and not run.xlsx
    from django.core.files.storage import default_storage

    assert not default_storage.exists(f"reports/{run.pk}")
    page = board.get(reverse("reporting:detail", args=[run.pk]))
    assert "máy in hết giấy" in page.text and "Lập lại báo cáo này" in page.text

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = board.post(reverse("reporting:again", args=[run.pk]))
    new = ReportRun.objects.exclude(pk=run.pk).get()
    assert again.url == reverse("reporting:detail", args=[new.pk])
    assert new.status == RunStatus.DONE


def test_redelivered_task_of_a_finished_run_changes_nothing(cast, results, compile_run):
    from reporting import tasks

    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    before = (run.attempt, run.finished_at, run.pdf_sha256)
    tasks.compile_report.delay(run.pk)
    run.refresh_from_db()
    assert (run.attempt, run.finished_at, run.pdf_sha256) == before


def test_anyone_can_verify_a_file_or_a_checksum(cast, results, compile_run, client):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    by_sum = client.post(reverse("reporting:verify"), {"checksum": run.checksum.upper()})
    assert "Hợp lệ" in by_sum.text and f"Lượt lập số {run.pk}" in by_sum.text
    qr = client.get(reverse("reporting:verify_checksum", args=[run.checksum]))
    assert "Hợp lệ" in qr.text
    content = run.pdf.read()
    good = client.post(
        reverse("reporting:verify"), {"file": io.BytesIO(content)}, format="multipart"
    )
    assert "Hợp lệ" in good.text
    forged = io.BytesIO(content.replace(b"%%EOF", b"%%EOF ", 1))
    forged.name = "bao-cao.pdf"
    bad = client.post(reverse("reporting:verify"), {"file": forged})
    assert "Không khớp" in bad.text
    wrong = client.post(reverse("reporting:verify"), {"checksum": "0" * 64})
    assert "Không khớp" in wrong.text


def test_menu_has_the_reports_entry(cast, board):
    page = board.get(reverse("home"))
    assert reverse("reporting:index") in page.text


def test_compile_report_command_writes_the_files_and_prints_the_checksum(cast, results, tmp_path):
    out = io.StringIO()
    call_command(
        "compile_report",
        "--kind",
        "annual_province",
        "--unit",
        "42",
        "--year",
        "2026",
        "--output",
        str(tmp_path / "out"),
        stdout=out,
    )
    run = ReportRun.objects.get()
    assert f"run {run.pk}" in out.getvalue() and f"checksum {run.checksum}" in out.getvalue()
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"bao-cao-annual_province-2026-{run.pk}.{e}" for e in ("pdf", "xlsx")]


def test_api_lists_in_scope_and_creates_with_the_same_rules(
    cast, results, client_for, django_capture_on_commit_callbacks
):
    board = client_for("movement_board")
    with django_capture_on_commit_callbacks(execute=True):
        created = board.post(
            "/api/report-runs/",
            {"kind": "annual_province", "unit": cast.province.pk, "year": 2026},
            content_type="application/json",
        )
    assert created.status_code == 201, created.content
    run_id = created.json()["id"]
    detail = board.get(f"/api/report-runs/{run_id}/").json()
    assert detail["status"] == "done" and detail["pdf_url"].endswith(f"/{run_id}/tai/pdf/")
    district = client_for("district")
    assert district.get("/api/report-runs/").json()["results"] == []
    assert district.get(f"/api/report-runs/{run_id}/").status_code == 404
    viewer = client_for("viewer")
    refused = viewer.post(
        "/api/report-runs/",
        {"kind": "annual_province", "unit": cast.province.pk, "year": 2026},
        content_type="application/json",
    )
    assert refused.status_code == 403
    no_period = board.post(
        "/api/report-runs/",
        {"kind": "annual_province", "unit": cast.province.pk, "year": 2019},
        content_type="application/json",
    )
    assert no_period.status_code == 400 and "Chưa có kỳ báo cáo năm 2019" in no_period.text


def test_a_commune_is_not_offered_the_province_report(cast, client_for):
    page = client_for("commune").get(reverse("reporting:index"))
    kinds = [value for value, _label in page.context["form"].fields["kind"].choices]
    assert ReportKind.ANNUAL_PROVINCE not in kinds and ReportKind.ANNUAL_UNIT in kinds
    units = list(page.context["form"].fields["unit"].queryset)
    assert units == [cast.commune]
