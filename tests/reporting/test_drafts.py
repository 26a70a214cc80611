"""The report as a draft the board finishes: prefill, edit, conflict, finalize, correction."""

import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from reporting import drafts
from reporting.models import DraftStatus, ReportDraft, ReportKind
from tests.reporting.conftest import PROPOSAL

TEXTS = {
    "direction": "Ban Thường trực ban hành kế hoạch, hướng dẫn các xã triển khai.",
    "results": "",
    "strengths": "Các xã vào cuộc đồng bộ.",
    "shortcomings": "Một số xã nộp báo cáo chậm do sáp nhập.",
    "lessons": "Phát huy vai trò chủ thể của nhân dân.",
    "next_tasks": "Tiếp tục thực hiện 5 nội dung của Cuộc vận động năm 2027.",
    "recommendations": "Đề nghị Ủy ban Trung ương hướng dẫn bộ tiêu chí sau sáp nhập.",
}
SIGNED = {
    "number": 123,
    "issued_on": datetime.date(2026, 12, 5),
    "signer_name": "Nguyễn Văn Mặt Trận",
    "signer_title": "CHỦ TỊCH",
}


@pytest.fixture
def draft(cast, results, compile_run):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    return ReportDraft.objects.get(run=run)


def _ready(draft, by, **extra):
    return drafts.report_draft_save(
        draft=draft, by=by, version=draft.version, **{**TEXTS, **SIGNED, **extra}
    )


def test_compiling_makes_a_draft_with_numbers_and_prefilled_grouped_text(cast, draft):
    assert draft.status == DraftStatus.DRAFT and draft.edition == 1
    assert draft.run.snapshot["years"][0]["coverage"]["label"] == "1/2 đơn vị"
    # the units' recommendations grouped and counted, not pasted
    assert f"- {PROPOSAL} (1 đơn vị)." in draft.recommendations
    # the coverage is printed once, above the tables, not again in the board's text
    assert "1/2 đơn vị" not in draft.results
    assert "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam" in draft.recipients
    # compiling again refreshes the numbers of the same draft and keeps its text
    draft = drafts.report_draft_save(
        draft=draft, by=cast["movement_board"], version=draft.version, strengths="Viết tay."
    )
    from reporting import services

    again = services.report_run_create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026, enqueue=False
    )
    services.report_run_compile(run_id=again.pk)
    assert ReportDraft.objects.filter(status=DraftStatus.DRAFT).count() == 1
    draft.refresh_from_db()
    assert draft.run_id == again.pk and draft.strengths == "Viết tay."


def test_a_second_save_on_an_old_version_is_a_conflict_and_overwrites_nothing(cast, draft):
    opened = draft.version
    drafts.report_draft_save(
        draft=draft, by=cast["movement_board"], version=opened, strengths="Bản của chị Lan."
    )
    with pytest.raises(ValidationError) as exc:
        drafts.report_draft_save(
            draft=draft, by=cast["province_admin"], version=opened, strengths="Bản của anh Hùng."
        )
    assert "đã lưu báo cáo này lúc" in str(exc.value)
    draft.refresh_from_db()
    assert draft.strengths == "Bản của chị Lan."
    assert draft.version == opened + 1


@pytest.mark.parametrize(
    "missing,message",
    [
        ({"lessons": ""}, "phần “III.3. Bài học kinh nghiệm” còn trống"),
        ({"next_tasks": ""}, "phần “IV. Phương hướng, nhiệm vụ” còn trống"),
        ({"signer_name": ""}, "chưa có họ tên của người ký"),
        ({"number": None}, "chưa có số văn bản"),
        ({"issued_on": None}, "chưa có ngày ban hành"),
    ],
)
def test_finalizing_an_unfinished_draft_is_refused_with_the_part_named(
    cast, draft, missing, message
):
    board = cast["movement_board"]
    draft = _ready(draft, board, **missing)
    with pytest.raises(ValidationError) as exc:
        drafts.report_draft_finalize(draft=draft, by=board, version=draft.version)
    assert message in str(exc.value)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT and not draft.checksum and not draft.pdf.name


def _pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils (pdftotext) not installed")
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True)
    return " ".join(out.stdout.split())


def test_finalize_freezes_the_report_with_its_checksum_and_a_correction_says_what_it_replaces(
    cast, draft
):
    board = cast["movement_board"]
    draft = _ready(draft, board)
    signed = drafts.report_draft_finalize(draft=draft, by=board, version=draft.version)
    assert signed.status == DraftStatus.FINAL and len(signed.checksum) == 64
    assert signed.checksum == drafts.document_checksum(signed)
    text = _pdf_text(signed.pdf.path)
    for expected in (
        "Số: 123/BC-MTTQ-BTT",
        "Hà Tĩnh, ngày 05 tháng 12 năm 2026",
        "Nguyễn Văn Mặt Trận",
        TEXTS["lessons"],
        "ĐÁNH GIÁ CHUNG",
        "KIẾN NGHỊ, ĐỀ XUẤT",
        "PHỤ LỤC 2",
        signed.checksum,
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    # never rewritten: not by the service, not by a save, not through the page
    with pytest.raises(ValidationError):
        drafts.report_draft_save(draft=signed, by=board, version=signed.version, lessons="x")
    signed.lessons = "sửa lén"
    with pytest.raises(ProtectedError):
        signed.save()
    signed.refresh_from_db()
    assert signed.lessons == TEXTS["lessons"]
    # a number used this year cannot be used again
    correction = drafts.report_draft_correct(
        draft=signed, by=board, reason="Bổ sung số liệu Xã Cẩm Xuyên."
    )
    assert correction.replaces == signed and correction.edition == 2
    assert correction.lessons == TEXTS["lessons"] and correction.number is None
    correction = drafts.report_draft_save(
        draft=correction,
        by=board,
        version=correction.version,
        number=123,
        issued_on=datetime.date(2026, 12, 20),
    )
    with pytest.raises(ValidationError) as exc:
        drafts.report_draft_finalize(draft=correction, by=board, version=correction.version)
    assert "số 123 đã dùng cho một báo cáo khác năm 2026" in str(exc.value)
    correction = drafts.report_draft_save(
        draft=correction, by=board, version=correction.version, number=130
    )
    second = drafts.report_draft_finalize(draft=correction, by=board, version=correction.version)
    assert "Báo cáo này thay thế Báo cáo số 123/BC-MTTQ-BTT" in _pdf_text(second.pdf.path)
    # every edition and every save is kept
    assert ReportDraft.objects.filter(status=DraftStatus.FINAL).count() == 2
    assert signed.history.count() >= 3
    with pytest.raises(ValidationError):
        drafts.report_draft_correct(draft=signed, by=board, reason="lần nữa")


def test_the_board_edits_in_the_browser_and_outsiders_cannot(cast, draft, client_for):
    url = reverse("reporting:draft", args=[draft.pk])
    board = client_for("movement_board")
    page = board.get(url)
    assert page.status_code == 200 and "Hoàn thành và ký" in page.text
    data = {**TEXTS, "number": "7", "issued_on": "05/12/2026", "recipients": "Lưu: VT."}
    data |= {"signer_capacity": "TM. BAN THƯỜNG TRỰC", "signer_title": "CHỦ TỊCH"}
    data |= {"signer_name": "", "version": draft.version, "finalize": "1"}
    refused = board.post(url, data)
    assert refused.status_code == 400
    assert "chưa có họ tên của người ký" in refused.text
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT and draft.number == 7  # saved, not signed
    stale = board.post(url, {**data, "signer_name": "X", "version": draft.version - 1})
    assert stale.status_code == 409 and "đã lưu báo cáo này lúc" in stale.text
    # outside the province's staff: a district sees nothing, a viewer may only read
    assert client_for("district").get(url).status_code == 404
    viewer = client_for("viewer")
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {**data, "version": draft.version}).status_code == 403
    done = board.post(url, {**data, "signer_name": "Nguyễn Văn A", "version": draft.version})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FINAL
    again = board.post(url, {**data, "signer_name": "B", "version": draft.version})
    assert again.status_code == 400
    draft.refresh_from_db()
    assert draft.signer_name == "Nguyễn Văn A"
    verify = client_for("viewer").get(reverse("reporting:verify_checksum", args=[draft.checksum]))
    assert "báo cáo đã hoàn thành và ký" in verify.text and "số 7/BC-MTTQ-BTT" in verify.text
    download = board.get(reverse("reporting:draft_download", args=[draft.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_results_text_counts_the_targets_and_leaves_their_figures_to_the_table():
    from reporting.drafts_text import _results

    targets = [
        {"description": "Tỷ lệ hộ đạt danh hiệu “Gia đình văn hóa”", "target": 92, "uom": "%",
         "actual": 88.8},
        {"description": "Số nhà Đại đoàn kết xây mới", "target": 100, "uom": "nhà", "actual": 136},
        {"description": "Số vườn mẫu", "target": 50, "uom": "vườn", "actual": None},
    ]  # fmt: skip
    text = _results(block={}, targets=targets)
    assert text.splitlines()[0].startswith("Đạt 1/2 chỉ tiêu kế hoạch năm có số liệu")
    assert "Chưa đạt: Tỷ lệ hộ đạt danh hiệu “Gia đình văn hóa”." in text
    assert "92" not in text and "88,8" not in text  # the figures are the table's
    assert _results(block={}, targets=[targets[2]]) == ""
