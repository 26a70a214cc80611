"""All periodic jobs of reporting, in one place, as django-celery-beat rows (editable in the
admin). `schedules_ensure()` creates the missing ones and never overwrites an edited one."""

from django.conf import settings
from django.db import transaction

# (name shown in the admin, task, crontab fields, description)
SCHEDULES = [
    # 01/12 00:30: the day after the 30/11 deadline, the annual province report
    (
        "Báo cáo năm của tỉnh (01/12 lúc 00:30)",
        "reporting.annual_province_report",
        {"minute": "30", "hour": "0", "day_of_month": "1", "month_of_year": "12"},
        "Lập báo cáo kết quả năm của tỉnh sau hạn nộp 30/11.",
    ),
    # every night of November at 01:00: a draft that also counts submissions not yet accepted
    (
        "Bản nháp báo cáo năm (hằng đêm tháng 11, 01:00)",
        "reporting.nightly_draft_report",
        {"minute": "0", "hour": "1", "day_of_month": "*", "month_of_year": "11"},
        "Bản nháp báo cáo năm của tỉnh, tính cả báo cáo đã nộp chưa tiếp nhận.",
    ),
    # every day at 07:00; sends only 15, 7 and 1 days before the period's due date (data)
    (
        "Nhắc hạn nộp báo cáo (15, 7, 1 ngày trước hạn; 07:00)",
        "reporting.due_reminders",
        {"minute": "0", "hour": "7", "day_of_month": "*", "month_of_year": "*"},
        "Nhắc các đơn vị chưa nộp báo cáo kết quả năm (thư điện tử và thông báo trên Cổng).",
    ),
    # 01/12 08:00: the movement board gets the list of units that have not submitted
    (
        "Danh sách đơn vị chưa nộp (01/12 lúc 08:00)",
        "reporting.overdue_list",
        {"minute": "0", "hour": "8", "day_of_month": "1", "month_of_year": "12"},
        "Gửi Ban Phong trào danh sách đơn vị chưa nộp báo cáo sau hạn 30/11.",
    ),
    # 15/11 07:30: the title vote (bình xét) closes on 25/11
    (
        "Nhắc hạn bình xét danh hiệu (15/11 lúc 07:30)",
        "reporting.title_reminder",
        {"minute": "30", "hour": "7", "day_of_month": "15", "month_of_year": "11"},
        "Nhắc Ủy ban MTTQ cấp xã và Ban Công tác Mặt trận: bình xét danh hiệu kết thúc 25/11.",
    ),
    # every 10 minutes: runs whose broker message was lost or whose worker died are queued
    # again (a bounded number of times, then marked failed) instead of waiting for ever
    (
        "Dọn báo cáo bị treo (10 phút một lần)",
        "reporting.sweep_stuck_runs",
        {"minute": "*/10", "hour": "*", "day_of_month": "*", "month_of_year": "*"},
        "Xếp lại hàng đợi (hoặc đánh dấu không thành công) các lần lập báo cáo không còn máy "
        "chủ nào xử lý.",
    ),
    # every 5 minutes: e-mails still in the outbox (a failed one waits longer after each try)
    (
        "Gửi thư điện tử đang chờ (5 phút một lần)",
        "reporting.send_outbox",
        {"minute": "*/5", "hour": "*", "day_of_month": "*", "month_of_year": "*"},
        "Gửi các thư điện tử nhắc việc còn chờ; thư lỗi được gửi lại sau, tối đa 5 lần.",
    ),
]


@transaction.atomic
def schedules_ensure() -> int:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    created = 0
    for name, task, cron, description in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _new = CrontabSchedule.objects.get_or_create(
            day_of_week="*", timezone=settings.TIME_ZONE, **cron
        )
        PeriodicTask.objects.create(
            name=name, task=task, crontab=crontab, description=description, enabled=True
        )
        created += 1
    return created
