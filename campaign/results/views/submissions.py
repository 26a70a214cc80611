from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from accounts.models import Role
from core import fragments
from residential_areas import selectors as unit_selectors

from .. import selectors, services
from ..models import ReportingPeriod, Submission, SubmissionStatus


def _submission_get(request, pk) -> Submission:
    return scope.get_in_scope(
        # what every view of a submission shows; the indicator set and a member organization
        # are read when needed (the form's values are cached, few submissions are an org's)
        Submission.objects.select_related("period", "unit"),
        request.user,
        pk=pk,
    )


def _periods() -> list[ReportingPeriod]:
    """Every reporting period, newest first: read on most pages of results, changed a few
    times a year, so kept in the cache until one changes."""
    return fragments.cached(
        "periods",
        lambda: list(ReportingPeriod.objects.select_related("indicator_set").order_by("-year")),
        kinds=("results",),
        key=(),
    )


def _period(request) -> ReportingPeriod:
    year = request.GET.get("year") or timezone.localdate().year
    try:
        year = int(year)
    except ValueError:
        year = None
    for period in _periods():
        if period.year == year:
            return period
    raise Http404(_("Không có kỳ báo cáo cho năm này."))


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def index(request):
    periods = ReportingPeriod.objects.order_by("-year")
    period = _period(request) if request.GET.get("year") else periods.first()
    own_units = []
    if period:
        reporter_ids = scope.unit_ids_with_role(request.user, *services.REPORTER_ROLES)
        expected = selectors.expected_units(period=period).filter(pk__in=reporter_ids)
        existing = {
            s.unit_id: s
            for s in Submission.objects.filter(
                period=period, unit__in=expected, organization__isnull=True
            )
        }
        own_units = [(u, existing.get(u.pk)) for u in expected]
    own_orgs = []
    if period and period.member_orgs_report and scope.has_role(request.user, Role.MEMBER_ORG):
        orgs = request.user.member_organizations.filter(is_active=True).order_by("name")
        existing = {
            s.organization_id: s
            for s in Submission.objects.filter(period=period, organization__in=orgs)
        }
        own_orgs = [(o, existing.get(o.pk)) for o in orgs]
    subs = selectors.submissions_for(user=request.user)
    if period:
        subs = subs.filter(period=period)
    status = request.GET.get("status", "")
    if status in SubmissionStatus.values:
        subs = subs.filter(status=status)
    page = Paginator(subs.order_by("unit__path"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "campaign/index.html",
        {
            "periods": periods,
            "period": period,
            "own_units": own_units,
            "own_orgs": own_orgs,
            "page": page,
            "status": status,
            "statuses": SubmissionStatus.choices,
            "is_reviewer": scope.has_role(request.user, *services.REVIEWER_ROLES),
            "is_admin": scope.has_role(request.user, Role.PROVINCE_ADMIN),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def submission_open(request):
    period = _period(request)
    organization = None
    if request.POST.get("organization"):
        # a member organization reports its own part of the campaign
        organization = scope.get_in_scope(
            request.user.member_organizations.all(), request.user, pk=request.POST["organization"]
        )
        unit = organization.unit
    else:
        unit = scope.unit_get_for_user(
            request.user, request.POST.get("unit"), write=True, write_roles=services.REPORTER_ROLES
        )
    try:
        submission = services.submission_open(
            period=period, unit=unit, by=request.user, organization=organization
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("campaign:index")
    return redirect("campaign:submission_detail", pk=submission.pk)


def _sheet(submission, *, editable: bool) -> dict:
    """The values part of the form: the tabs, the indicator rows, the progress and the check.

    Most of the page's time, and the same for everyone who may (or may not) edit this version
    of the submission: every write and every event bumps its version, and the other inputs
    (last year's figures of the unit and of the units merged into it, the indicator set, the
    extensions of the deadline) are data of the "results" and "tree" kinds."""

    def compute():
        values = list(
            submission.values.select_related("indicator__content_area").order_by(
                "indicator__content_area__number", "indicator__order"
            )
        )
        areas = {}
        for row in values:
            areas.setdefault(row.indicator.content_area, []).append(row)
        entered = [v for v in values if not v.indicator.is_computed]
        filled = sum(1 for v in entered if v.value is not None or v.text_value)
        check = services.submission_check(submission=submission, rows=values)
        context = {"areas": list(areas.items()), "check": check, "editable": editable}
        return {
            "tabs": [area.number for area in areas],
            "rows_html": render_to_string("campaign/_submission_rows.html", context),
            "progress": round(100 * filled / len(entered)) if entered else 0,
            "errors": len(check.errors),
            "warnings": len(check.warnings),
            "events": [
                (e.get_action_display(), e.by.get_full_name() or e.by.username, e.at, e.reason)
                for e in submission.events.select_related("by")
            ],
            "deadline": services.deadline_for(submission=submission),
        }

    sheet = fragments.cached(
        "submission-sheet",
        compute,
        kinds=("results", "tree"),
        key=(submission.pk, submission.version, editable, get_language()),
    )
    return {**sheet, "rows_html": mark_safe(sheet["rows_html"])}  # noqa: S308 - our template's


def _form_context(request, submission, conflict=False):
    lock_reason = ""
    try:
        services.ensure_editable(submission=submission, by=request.user)
    except PermissionDenied as exc:
        lock_reason = str(exc)
    editable = not lock_reason
    return {
        "submission": submission,
        "sheet": _sheet(submission, editable=editable),
        "lock_reason": lock_reason,
        "editable": editable,
        "can_review": submission.status == SubmissionStatus.SUBMITTED
        and scope.can_act(request.user, submission.unit, services.REVIEWER_ROLES),
        "can_reopen": submission.status == SubmissionStatus.ACCEPTED
        and scope.can_act(request.user, submission.unit, [Role.PROVINCE_ADMIN]),
        "conflict": conflict,
        "crumbs": unit_selectors.crumbs(submission.unit),
    }


def _posted_values(request, submission):
    values, notes = {}, {}
    for key, raw in request.POST.items():
        if key.startswith("v_"):
            values[key[2:]] = raw
        elif key.startswith("n_"):
            notes[key[2:]] = raw
    narrative = {
        k: request.POST[k]
        for k in ("results", "highlights", "difficulties", "proposals")
        if k in request.POST
    }
    if "attachment" in request.FILES:
        narrative["attachment"] = request.FILES["attachment"]
    return values, notes, narrative


@login_required
def submission_detail(request, pk):
    submission = _submission_get(request, pk)
    if request.method == "POST":
        values, notes, narrative = _posted_values(request, submission)
        try:
            submission = services.submission_save(
                submission=submission,
                by=request.user,
                values=values,
                notes=notes,
                narrative=narrative,
                version=request.POST.get("version"),
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            conflict = getattr(exc, "code", None) == "conflict"
            if request.htmx:
                return render(
                    request,
                    "campaign/_save_status.html",
                    {"error": _errors(exc), "submission": submission},
                    status=409 if conflict else 400,
                )
            messages.error(request, _errors(exc))
            context = _form_context(request, submission, conflict=conflict)
            return render(
                request, "campaign/submission_form.html", context, status=409 if conflict else 400
            )
        if request.htmx:
            return render(
                request,
                "campaign/_save_status.html",
                {"saved_at": timezone.localtime(), "submission": submission},
            )
        messages.success(request, _("Đã lưu báo cáo."))
        return redirect("campaign:submission_detail", pk=submission.pk)
    return render(request, "campaign/submission_form.html", _form_context(request, submission))


@login_required
@require_POST
def submission_submit(request, pk):
    submission = _submission_get(request, pk)
    try:
        services.submission_submit(submission=submission, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Đã nộp báo cáo. Ban Phong trào tỉnh sẽ xem xét."))
    return redirect("campaign:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_review(request, pk):
    submission = _submission_get(request, pk)
    action = request.POST.get("action")
    try:
        if action == "accept":
            services.submission_accept(submission=submission, by=request.user)
            messages.success(request, _("Đã tiếp nhận báo cáo; số liệu đã được khóa."))
        elif action == "return":
            comments = {k[2:]: v for k, v in request.POST.items() if k.startswith("c_")}
            services.submission_return(
                submission=submission,
                by=request.user,
                reason=request.POST.get("reason", ""),
                comments=comments,
            )
            messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("campaign:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_reopen(request, pk):
    submission = _submission_get(request, pk)
    try:
        services.submission_reopen(
            submission=submission, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Đã mở lại báo cáo."))
    return redirect("campaign:submission_detail", pk=submission.pk)


@login_required
def review_queue(request):
    if not scope.has_role(request.user, *services.REVIEWER_ROLES, Role.VIEWER):
        raise PermissionDenied(_("Chỉ Ban Phong trào và Ban Thường trực tỉnh xem hàng chờ duyệt."))
    subs = selectors.submissions_for(user=request.user).filter(status=SubmissionStatus.SUBMITTED)
    page = Paginator(subs.order_by("submitted_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "campaign/review_queue.html", {"page": page})


def _scope_unit(request):
    unit_id = request.GET.get("unit")
    if unit_id:
        return scope.unit_get_for_user(request.user, unit_id)
    unit = scope.home_unit(request.user)
    if unit is None:
        raise Http404(scope.NOT_IN_SCOPE)
    return unit


@login_required
def completeness(request):
    period = _period(request)
    unit = _scope_unit(request)

    # the part depends on these parameters only: the key and the page links hold no others
    params = QueryDict(mutable=True)
    for name in ("year", "unit"):
        if name in request.GET:
            params[name] = request.GET[name]
    # a number, bounded: any other value is page 1, as the paginator reads it
    raw = request.GET.get("page", "")
    page_number = min(int(raw), 1000) if raw.isdigit() and int(raw) > 0 else 1

    def body():
        rows, counts = selectors.completeness(period=period, parent=unit)
        page = Paginator(rows, 100).get_page(page_number)
        return {"page": page, "counts": counts, "request": SimpleNamespace(GET=params)}

    today = timezone.localdate()
    return render(
        request,
        "campaign/completeness.html",
        {
            "period": period,
            "unit": unit,
            # the counts and the table: the same for everyone who sees `unit`
            "body": fragments.render(
                "campaign/_completeness_body.html",
                body,
                kinds=("tree", "results"),
                key=(period.pk, unit.pk, sorted(params.items()), page_number),
            ),
            "days_left": (period.due_on - today).days,
            "periods": _periods(),
        },
    )


@login_required
def aggregate_view(request):
    period = _period(request)
    unit = _scope_unit(request)
    preview = request.GET.get("preview") == "1"
    data = selectors.aggregate(year=period.year, unit=unit, include_pending=preview)
    return render(
        request,
        "campaign/aggregate.html",
        {
            "data": data,
            "period": period,
            "unit": unit,
            "preview": preview,
            "periods": _periods(),
        },
    )
