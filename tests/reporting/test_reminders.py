import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from campaign.models import SubmissionStatus
from reporting import demo, tasks
from reporting.models import Notification
from tests.reporting.conftest import make_submission

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, month=11, year=2026):
    return time_machine.travel(datetime.datetime(year, month, day, 7, 0, tzinfo=HANOI), tick=False)


@pytest.fixture
def half_submitted(cast, periods):
    """2026 (due 30/11): Xã Đức Thọ has submitted, Xã Cẩm Xuyên only has a draft."""
    for name, email in (
        ("commune", "xa1@example.vn"),
        ("other_commune", "xa2@example.vn"),
        ("movement_board", "pt@example.vn"),
        ("residential", "kdc1@example.vn"),
        ("district", "huyen1@example.vn"),
    ):
        cast[name].email = email
        cast[name].save(update_fields=["email"])
    make_submission(
        period=periods[2026],
        unit=cast.commune,
        status=SubmissionStatus.SUBMITTED,
        values={"households_total": 110},
    )
    make_submission(
        period=periods[2026],
        unit=cast.other_commune,
        status=SubmissionStatus.DRAFT,
        values={"households_total": 1},
    )


def test_reminder_15_days_before_goes_only_to_the_unit_that_has_not_submitted(cast, half_submitted):
    with at(15):
        assert tasks.due_reminders.delay().get() == 1
    assert [m.to for m in mail.outbox] == [["xa2@example.vn"]]
    assert "Còn 15 ngày" in mail.outbox[0].subject
    assert "Xã Cẩm Xuyên" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert Notification.objects.filter(user=cast["other_commune"]).count() == 1
    assert not Notification.objects.filter(user=cast["commune"]).exists()


def test_reminders_are_sent_on_15_7_and_1_days_before_and_once_a_day(cast, half_submitted):
    for day in range(10, 31):
        with at(day):
            tasks.due_reminders.delay()
    with at(23):
        tasks.due_reminders.delay()  # the beat ran twice that day
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 3
    assert ["15 ngày" in subjects[0], "7 ngày" in subjects[1], "1 ngày" in subjects[2]] == [
        True
    ] * 3
    assert {tuple(m.to) for m in mail.outbox} == {("xa2@example.vn",)}


def test_no_reminder_once_everyone_has_submitted(cast, half_submitted, periods):
    from campaign.models import Submission

    Submission.objects.filter(unit=cast.other_commune).update(
        status=SubmissionStatus.SUBMITTED,
        submitted_at=datetime.datetime(2026, 11, 10, tzinfo=HANOI),
    )
    with at(23):
        assert tasks.due_reminders.delay().get() == 0
    assert mail.outbox == []


def test_movement_board_gets_the_overdue_list_on_1_december(cast, half_submitted):
    with at(1, month=12):
        assert tasks.overdue_list.delay().get() == 1
    assert [m.to for m in mail.outbox] == [["pt@example.vn"]]
    body = mail.outbox[0].body
    assert "Xã Cẩm Xuyên" in body and "Xã Đức Thọ" not in body
    note = Notification.objects.get(user=cast["movement_board"])
    assert "1 đơn vị chưa nộp" in note.title


def test_title_vote_reminder_on_15_november_reaches_communes_and_areas(cast, half_submitted):
    with at(15):
        tasks.title_reminder.delay()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["kdc1@example.vn", "xa1@example.vn", "xa2@example.vn"]
    assert all("25/11/2026" in m.subject for m in mail.outbox)


def test_demo_seed_creates_the_beat_schedules_once(db):
    from django_celery_beat.models import PeriodicTask

    assert demo.seed() is True
    assert demo.seed() is False
    tasks_by_name = dict(PeriodicTask.objects.values_list("task", "crontab__month_of_year"))
    assert tasks_by_name == {
        "reporting.annual_province_report": "12,1",
        "reporting.nightly_draft_report": "11",
        "reporting.due_reminders": "*",
        "reporting.overdue_list": "12",
        "reporting.title_reminder": "11",
        "reporting.sweep_stuck_runs": "*",
        "reporting.send_outbox": "*",
    }


def test_ensure_schedules_command_is_idempotent(db):
    import io

    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    out = io.StringIO()
    call_command("ensure_schedules", stdout=out)
    call_command("ensure_schedules", stdout=out)
    assert out.getvalue().splitlines() == ["Đã tạo 7/7 lịch tự động.", "Đã tạo 0/7 lịch tự động."]
    assert PeriodicTask.objects.filter(task__startswith="reporting.").count() == 7


def test_notifications_page_shows_the_reminder_and_marks_it_read(cast, half_submitted, client_for):
    from django.urls import reverse

    with at(15):
        tasks.due_reminders.delay()
    other = client_for("other_commune")
    index = other.get(reverse("reporting:index"))
    assert "Thông báo" in index.text and index.context["unread"] == 1
    page = other.get(reverse("reporting:notifications"))
    assert "Còn 15 ngày đến hạn nộp báo cáo kết quả năm 2026" in page.text
    note = Notification.objects.get(user=cast["other_commune"])
    assert (
        client_for("commune")
        .post(reverse("reporting:notification_read", args=[note.pk]))
        .status_code
        == 404
    )
    response = other.post(reverse("reporting:notification_read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is not None and response.url == reverse("campaign:index")


def test_the_unread_badge_follows_each_new_and_read_notice(cast, client_for):
    import re

    from django.urls import reverse

    from reporting import services
    from reporting.models import Notification

    client = client_for("commune")

    def badge():
        page = client.get(reverse("home")).content.decode()
        found = re.search(r'badge text-bg-warning">(\d+)<', page)
        return int(found.group(1)) if found else 0

    assert badge() == 0  # the count is now cached
    services.notification_create(user=cast["commune"], key="a", title="Nhắc hạn")
    services.notification_create(user=cast["commune"], key="b", title="Nhắc hạn 2")
    assert badge() == 2
    services.notification_mark_read(notification=Notification.objects.get(key="a"))
    assert badge() == 1
