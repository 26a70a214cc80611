"""Demo step of reporting: the beat schedules; the 2025 province report finalized and signed
with the board's assessment written; the 2026 report as a draft in progress (idempotent)."""

import datetime

from .schedules import schedules_ensure

ASSESSMENT_2025 = {
    "strengths": (
        "Cuộc vận động được cấp ủy, chính quyền các cấp quan tâm lãnh đạo, chỉ đạo; Mặt trận "
        "và các tổ chức thành viên phối hợp chặt chẽ, hướng về khu dân cư.\n"
        "Nhân dân hưởng ứng tích cực: hiến đất, góp công làm đường giao thông, xây dựng khu "
        "dân cư kiểu mẫu, vườn mẫu; tỷ lệ hộ đạt danh hiệu “Gia đình văn hóa” duy trì ở mức cao."
    ),
    "shortcomings": (
        "Việc sắp xếp đơn vị hành chính từ 01/7/2025 làm một số xã mới chậm kiện toàn Ban Công "
        "tác Mặt trận, ảnh hưởng đến việc tổng hợp, báo cáo.\n"
        "Nguyên nhân: kinh phí hỗ trợ khu dân cư kiểu mẫu còn hạn chế; một số cán bộ mới chưa "
        "được tập huấn về nghiệp vụ theo dõi Cuộc vận động."
    ),
    "lessons": (
        "Phát huy vai trò chủ thể của nhân dân, lấy khu dân cư làm địa bàn trọng tâm.\n"
        "Gắn Cuộc vận động với các phong trào thi đua và chương trình mục tiêu quốc gia."
    ),
    "next_tasks": (
        "Tiếp tục triển khai đồng bộ 5 nội dung của Cuộc vận động năm 2026, giai đoạn "
        "2026 - 2030.\n"
        "Kiện toàn Ban Công tác Mặt trận ở các khu dân cư sau sắp xếp; tập huấn cán bộ mới.\n"
        "Vận động Quỹ “Vì người nghèo”, hỗ trợ xây mới, sửa chữa nhà Đại đoàn kết."
    ),
    "recommendations": (
        "Đề nghị Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam hướng dẫn tiêu chí đánh giá "
        "Cuộc vận động ở xã, phường sau sắp xếp.\n"
        "Đề nghị UBND tỉnh bố trí kinh phí hỗ trợ xây dựng khu dân cư kiểu mẫu và nâng mức hỗ "
        "trợ nhà Đại đoàn kết."
    ),
}
SIGNER = {"signer_name": "Nguyễn Văn Minh", "signer_title": "CHỦ TỊCH"}


def seed_reports(stdout=None) -> bool:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from . import drafts, services
    from .models import DraftStatus, ReportDraft, ReportKind

    root = services.province_root()
    board = get_user_model().objects.filter(username="tinh.phongtrao").first()
    if root is None or board is None:
        return False
    if ReportDraft.objects.filter(kind=ReportKind.ANNUAL_PROVINCE, unit=root).exists():
        return False
    created = False
    for year in (2025, 2026):
        try:
            run = services.report_run_create(
                kind=ReportKind.ANNUAL_PROVINCE, unit=root, year=year, by=board, enqueue=False
            )
        except ValidationError:  # no period that year in this database: no report
            continue
        services.report_run_compile(run_id=run.pk)
        draft = ReportDraft.objects.filter(run=run, status=DraftStatus.DRAFT).first()
        if draft is None:
            continue
        created = True
        if year == 2025:
            draft = drafts.report_draft_save(
                draft=draft,
                by=board,
                version=draft.version,
                number=215,
                issued_on=datetime.date(2025, 12, 8),
                **ASSESSMENT_2025,
                **SIGNER,
            )
            drafts.report_draft_finalize(draft=draft, by=board, version=draft.version)
    if created and stdout is not None:
        stdout.write("Báo cáo mẫu: báo cáo năm 2025 của tỉnh đã ký; năm 2026 đang dự thảo.")
    return created


def seed(stdout=None) -> bool:
    created = schedules_ensure()
    if created and stdout is not None:
        stdout.write(f"Lịch tự động của báo cáo: đã tạo {created} lịch (xem trong trang quản trị).")
    return bool(created) | seed_reports(stdout=stdout)
