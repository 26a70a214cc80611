"""Timeliness states: the first submission's day against the due date, the grace days and an
approved extension; a return resubmitted in its window keeps the state; returned and not
resubmitted is its own state. The demo period of 2026: due 30/11, 5 grace days (to 5/12)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from campaign.models import MemberOrganization, PeriodExtension, Submission, SubmissionEvent
from campaign.results import selectors, services
from reporting.timeliness import (
    Timeliness,
    label,
    organization_timeliness_for,
    submission_timeliness,
    timeliness_counts,
    timeliness_for,
    unit_timeliness,
)

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, month, hour=9, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=HANOI)


def submit(cast, period, who, when):
    unit = cast.commune if who == "commune" else cast.other_commune
    with time_machine.travel(when, tick=False):
        sub = services.submission_open(period=period, unit=unit, by=cast[who])
        services.submission_save(
            submission=sub,
            by=cast[who],
            values={"residential_areas_total": 1, "cultural_families": 90},
        )
        return services.submission_submit(
            submission=Submission.objects.get(pk=sub.pk), by=cast[who]
        )


@pytest.fixture
def period(periods):
    p = periods[2026]
    assert (p.due_on, p.grace_until) == (datetime.date(2026, 11, 30), datetime.date(2026, 12, 5))
    return p


def test_the_due_day_counts_to_midnight_local_time_then_the_grace_days_begin(cast, period):
    submit(cast, period, "commune", at(30, 11, 23, 30))  # 16:30 UTC, still 30/11 in Hà Tĩnh
    submit(cast, period, "other_commune", at(1, 12, 0, 10))  # 17:10 UTC on 30/11
    states = timeliness_for(period)
    assert states == {cast.commune.pk: Timeliness.ON_TIME, cast.other_commune.pk: Timeliness.GRACE}
    assert label(states[cast.other_commune.pk]) == "Trong thời gian gia hạn nộp"
    assert label(states[cast.commune.pk]) == "Đúng hạn"


def test_the_last_grace_day_is_within_the_grace_days(cast, period):
    sub = submit(cast, period, "commune", at(5, 12, 23, 50))
    assert submission_timeliness(sub) == Timeliness.GRACE
    assert unit_timeliness(period, cast.commune) == Timeliness.GRACE


def test_after_the_grace_days_an_approved_extension_is_not_lateness(cast, period):
    PeriodExtension.objects.create(
        period=period,
        unit=cast.commune,
        until=datetime.date(2026, 12, 10),
        reason="Lũ lụt",
        granted_by=cast["province_admin"],
    )
    submit(cast, period, "commune", at(6, 12))
    assert unit_timeliness(period, cast.commune) == Timeliness.EXTENSION
    assert label(Timeliness.EXTENSION) == "Theo gia hạn được duyệt"
    # the other commune has not sent anything: missing, not late
    assert unit_timeliness(period, cast.other_commune) == Timeliness.MISSING


def test_sent_after_every_deadline_is_late(cast, period):
    extension = PeriodExtension.objects.create(
        period=period,
        unit=cast.commune,
        until=datetime.date(2026, 12, 10),
        reason="Lũ lụt",
        granted_by=cast["province_admin"],
    )
    submit(cast, period, "commune", at(8, 12))
    extension.delete()  # the province withdrew the extension it had granted
    assert unit_timeliness(period, cast.commune) == Timeliness.LATE
    assert label(Timeliness.LATE) == "Nộp muộn"


def test_a_draft_never_sent_is_missing(cast, period):
    with time_machine.travel(at(20, 11), tick=False):
        services.submission_open(period=period, unit=cast.commune, by=cast["commune"])
    assert timeliness_for(period) == {
        cast.commune.pk: Timeliness.MISSING,
        cast.other_commune.pk: Timeliness.MISSING,
    }
    assert label(Timeliness.MISSING) == "Chưa nộp"


def test_returned_and_not_resubmitted_is_never_on_time_then_the_resubmission_keeps_it(cast, period):
    sub = submit(cast, period, "commune", at(28, 11))
    assert submission_timeliness(sub) == Timeliness.ON_TIME
    with time_machine.travel(at(4, 12), tick=False):
        services.submission_return(
            submission=sub, by=cast["movement_board"], reason="Số hộ văn hóa chưa khớp"
        )
    assert unit_timeliness(period, cast.commune) == Timeliness.RETURNED
    assert label(Timeliness.RETURNED) == "Bị trả lại, chưa nộp lại"
    _rows, counts = selectors.completeness(period=period, parent=cast.province)
    assert (counts["on_time"], counts["returned"], counts["late"]) == (0, 1, 0)

    # resubmitted on 10/12: past the grace days, inside the correction window (to 11/12)
    with time_machine.travel(at(10, 12), tick=False):
        sub = services.submission_submit(
            submission=Submission.objects.get(pk=sub.pk), by=cast["commune"]
        )
    assert sub.correction_until == datetime.date(2026, 12, 11)
    assert unit_timeliness(period, cast.commune) == Timeliness.ON_TIME
    services.submission_accept(submission=sub, by=cast["movement_board"])
    assert unit_timeliness(period, cast.commune) == Timeliness.ON_TIME


def test_a_member_organizations_report_has_its_state(cast, period):
    from campaign import demo

    demo.seed_base()
    org = MemberOrganization.objects.order_by("pk").first()
    sub = Submission.objects.create(
        period=period, unit=cast.province, organization=org, status="submitted"
    )
    # written by an import: the event is the record of the day it was sent
    SubmissionEvent.objects.create(
        submission=sub, action="submitted", by=cast["member_org"], at=at(2, 12)
    )
    assert organization_timeliness_for(period) == {org.pk: Timeliness.GRACE}
    assert cast.province.pk not in timeliness_for(period)  # the units' map is the units'


def test_states_of_all_units_in_one_query(cast, period, django_assert_num_queries):
    submit(cast, period, "commune", at(25, 11))
    with django_assert_num_queries(1):
        states = timeliness_for(period)
    counts = timeliness_counts(states)
    assert counts[Timeliness.ON_TIME] == 1 and counts[Timeliness.MISSING] == 1
    assert sum(counts.values()) == 2


def test_completeness_page_names_the_states(cast, period, client_for):
    submit(cast, period, "commune", at(30, 11, 10))
    submit(cast, period, "other_commune", at(3, 12))
    board = client_for("movement_board")
    page = board.get(reverse("campaign:completeness"), {"year": 2026}).content.decode()
    assert "Trong thời gian gia hạn nộp" in page
    assert 'id="c-grace">1<' in page and 'id="c-on-time">1<' in page
    queue = board.get(reverse("campaign:review_queue")).content.decode()
    assert "Trong thời gian gia hạn nộp" in queue and "Đúng hạn" in queue
