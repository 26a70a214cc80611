"""The yearly results' panel of the home page (portal/views.py shows it): what each role has
to do now. A reporting unit: its return's state and deadline, what the board asked. The board:
reports waiting for review (resubmissions among them), late, missing."""

import datetime

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role
from core import fragments

from . import selectors
from .models import ReportingPeriod, Submission, SubmissionStatus
from .services import REPORTER_ROLES, REVIEWER_ROLES, deadline_for


def _days(until: datetime.date, today: datetime.date) -> str:
    left = (until - today).days
    if left > 0:
        return _("còn %(n)s ngày") % {"n": left}
    if left == 0:
        return _("hôm nay là hạn cuối")
    return _("đã quá hạn %(n)s ngày") % {"n": -left}


def _task(name: str, period: ReportingPeriod, sub: Submission | None, today) -> dict:
    task = {"name": name, "year": period.year, "submission": sub, "asked": "", "comments": 0}
    if sub is None:
        task["url"] = reverse("campaign:index") + f"?year={period.year}"
        if today < period.opens_on:
            task["text"] = _("Kỳ báo cáo mở từ %(d)s.") % {
                "d": period.opens_on.strftime("%d/%m/%Y")
            }
            task["action"] = _("Xem")
        else:
            until = period.grace_until
            task["text"] = _("Chưa lập báo cáo; hạn nộp %(d)s (%(left)s).") % {
                "d": period.due_on.strftime("%d/%m/%Y"),
                "left": _days(until, today),
            }
            task["action"] = _("Lập báo cáo")
        return task
    task["url"] = reverse("campaign:submission_detail", args=[sub.pk])
    if sub.status == SubmissionStatus.RETURNED:
        until = deadline_for(submission=sub)
        last = selectors.last_return(sub)
        task["text"] = _("Bị trả lại, sửa và nộp lại trước hết ngày %(d)s (%(left)s).") % {
            "d": until.strftime("%d/%m/%Y"),
            "left": _days(until, today),
        }
        task["asked"] = last.reason if last else ""
        task["comments"] = sub.values.exclude(reviewer_comment="").count()
        task["action"] = _("Sửa báo cáo")
    elif sub.status == SubmissionStatus.DRAFT:
        until = deadline_for(submission=sub)
        task["text"] = _("Đang soạn, chưa nộp; hạn %(d)s (%(left)s).") % {
            "d": until.strftime("%d/%m/%Y"),
            "left": _days(until, today),
        }
        task["action"] = _("Tiếp tục nhập")
    elif sub.status == SubmissionStatus.SUBMITTED:
        task["text"] = _("Đã nộp, đang chờ Ban Phong trào xem xét.")
        task["action"] = _("Xem")
    else:
        task["text"] = _("Đã được tiếp nhận.")
        task["action"] = _("Xem")
    return task


def _badge(task: dict) -> dict:
    """The task with its submission's badge (all the panel shows of it) in place of the
    submission: plain data, cheap to keep in the cache."""
    sub = task["submission"]
    if sub is not None:
        task["submission"] = {
            "badge_class": sub.badge_class,
            "get_status_display": str(sub.get_status_display()),
        }
    return task


def _unit_tasks(unit_ids, orgs, period, today) -> list[dict]:
    tasks = []
    if unit_ids and period is not None:
        expected = list(selectors.expected_units(period=period).filter(pk__in=unit_ids))
        subs = {
            s.unit_id: s
            for s in Submission.objects.select_related("period", "unit").filter(
                period=period, unit__in=expected, organization__isnull=True
            )
        }
        tasks += [_task(u.name, period, subs.get(u.pk), today) for u in expected]
    if orgs:
        subs = {
            s.organization_id: s
            for s in Submission.objects.select_related("period", "unit", "organization").filter(
                period=period, organization__in=orgs
            )
        }
        tasks += [_task(o.name, period, subs.get(o.pk), today) for o in orgs]
    # a report of another year sent back to the unit stays a task until it is resubmitted
    others = Submission.objects.select_related("period", "unit", "organization").filter(
        status=SubmissionStatus.RETURNED
    )
    if period is not None:
        others = others.exclude(period=period)
    own = others.filter(unit__in=unit_ids, organization__isnull=True)
    if orgs:
        own = own | others.filter(organization__in=orgs)
    tasks += [_task(s.reporter_name, s.period, s, today) for s in own.order_by("-period__year")]
    return [_badge(t) for t in tasks]


def _reporting_tasks(user, period, today) -> list[dict]:
    unit_ids = scope.unit_ids_with_role(user, *REPORTER_ROLES)
    orgs = []
    if period is not None and period.member_orgs_report and scope.has_role(user, Role.MEMBER_ORG):
        orgs = list(user.member_organizations.filter(is_active=True).order_by("name"))
    if not unit_ids and not orgs:
        return []  # a board or a viewer reports nothing: no query for returned reports
    # the same for every user of the same units and organizations on the same day: kept until
    # the results (submissions, their returns and comments, periods, extensions) or the tree
    # change; a return or a comment is written with its submission's new state
    return fragments.cached(
        "home-reporting-tasks",
        lambda: _unit_tasks(unit_ids, orgs, period, today),
        kinds=("results", "tree"),
        key=(
            period.pk if period is not None else None,
            sorted(unit_ids),
            [(o.pk, o.name) for o in orgs],
            today.isoformat(),
            get_language(),
        ),
    )


def _board_counts(user, period) -> dict | None:
    unit = scope.home_unit(user)
    if unit is None:
        return None

    def compute():
        _rows, counts = selectors.completeness(period=period, parent=unit)
        queue = selectors.review_queue(user=user).filter(period=period)
        resubmitted = queue.filter(events__action__in=["returned", "reopened"]).distinct()
        return {
            "waiting": queue.count(),
            "resubmitted": resubmitted.count(),
            "late": counts["late"],
            "missing": counts["missing"],
            "returned": counts["returned"],
            "expected": counts["expected"],
        }

    # the same for every board member of the unit: the queue is the unit's subtree
    return fragments.cached(
        "home-board", compute, kinds=("results", "tree"), key=(period.pk, unit.pk)
    )


def home_tasks(*, user, today: datetime.date) -> dict | None:
    """The panel's data, or None when the user has nothing to do with the yearly results."""
    period = selectors.current_period(selectors.all_periods(), today=today)
    reports = _reporting_tasks(user, period, today)
    board = None
    if period is not None and scope.has_role(user, *REVIEWER_ROLES):
        board = _board_counts(user, period)
        if board is not None:
            board["past_due"] = today > period.due_on
    if not reports and board is None:
        return None
    return {"period": period, "reports": reports, "board": board}
