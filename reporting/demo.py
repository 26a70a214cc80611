"""Demo step of reporting: the beat schedules (idempotent)."""

from .schedules import schedules_ensure


def seed(stdout=None) -> bool:
    created = schedules_ensure()
    if created and stdout is not None:
        stdout.write(f"Lịch tự động của báo cáo: đã tạo {created} lịch (xem trong trang quản trị).")
    return bool(created)
