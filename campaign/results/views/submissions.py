"""The unit's pages: the year's list, the form (saved field by field as it is left, or all at
once without JavaScript), the submit."""

from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from accounts.models import Role
from core import fragments
from residential_areas import selectors as unit_selectors

from .. import selectors, services, timeliness
from ..models import Submission, SubmissionStatus
from ..numbers import input_text
from ..rules import indicator_label
from . import sheet
from .common import errors, period_for, periods, submission_get


@login_required
def index(request):
    period = period_for(request, required=False)
    today = timezone.localdate()
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
    subs = timeliness.with_timeliness(subs, periods=periods())
    page = Paginator(subs.order_by("unit__path"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "campaign/index.html",
        {
            "periods": periods(),
            "period": period,
            "in_progress": selectors.current_period(periods(), today=today),
            "not_open": period is not None and today < period.opens_on,
            "own_units": own_units,
            "own_orgs": own_orgs,
            "page": page,
            "status": status,
            "statuses": SubmissionStatus.choices,
            "is_reviewer": scope.has_role(request.user, *services.REVIEWER_ROLES),
            "is_admin": scope.has_role(request.user, Role.PROVINCE_ADMIN),
            "today": today,
        },
    )


@login_required
@require_POST
def submission_open(request):
    period = period_for(request)
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
        messages.error(request, errors(exc))
        return redirect("campaign:index")
    return redirect("campaign:submission_detail", pk=submission.pk)


def _mode(request, submission) -> tuple[str, str]:
    """("edit" | "review" | "read", why the user may not edit)."""
    try:
        services.ensure_editable(submission=submission, by=request.user)
    except PermissionDenied as exc:
        lock_reason = str(exc)
    else:
        return "edit", ""
    if submission.status == SubmissionStatus.SUBMITTED and scope.can_act(
        request.user, submission.unit, services.REVIEWER_ROLES
    ):
        return "review", lock_reason
    return "read", lock_reason


def _flags(request, submission) -> dict:
    """What the user may do with the submission, and why not."""
    mode, lock_reason = _mode(request, submission)
    self_review = mode == "review" and services.last_submitter_id(submission) == request.user.pk
    return {
        "mode": mode,
        "lock_reason": lock_reason,
        "editable": mode == "edit",
        "can_review": mode == "review" and not self_review,
        "self_review": self_review,
        "can_reopen": submission.status == SubmissionStatus.ACCEPTED
        and scope.can_act(request.user, submission.unit, [Role.PROVINCE_ADMIN]),
        "correction_days": services.DEFAULT_CORRECTION_DAYS,
    }


def form_context(request, submission, *, conflict=None, flags=None):
    flags = flags or _flags(request, submission)
    return {
        "submission": submission,
        "sheet": sheet.build(submission, mode=flags["mode"]),
        **flags,
        "conflict": conflict,
        "crumbs": unit_selectors.crumbs(submission.unit),
    }


def _submission_read(request, pk: int) -> Submission:
    """submission_get() for the page as it is read: the row, its period and unit from the
    cache while the results and the tree stand (every write to a submission, its period or a
    unit bumps them), then the same scope check: 404 for a submission the user may not see.
    The query and its model instances were a sixth of the page's time."""

    def load() -> Submission | None:
        return Submission.objects.select_related("period", "unit").filter(pk=pk).first()

    submission = fragments.cached("submission-row", load, kinds=("results", "tree"), key=(pk,))
    if submission is None or not scope.can_see(request.user, submission.unit):
        raise Http404(scope.NOT_IN_SCOPE)
    return submission


# where the cached page has its forms' CSRF token: each request puts its own there
_CSRF_SLOT = "\x00csrf\x00"


def _page_context(request, submission) -> dict:
    """The form's page as it is read (no conflict to show): its content is the same for every
    user who may do the same with the submission, so it is rendered once per version of the
    submission (every write and event bumps it), of the results and of the tree, per day (the
    deadline's wording) and language, with a slot for the request's CSRF token."""
    flags = _flags(request, submission)

    def content() -> str:
        context = form_context(request, submission, flags=flags)
        return render_to_string(
            "campaign/submission_form_content.html", {**context, "csrf_token": _CSRF_SLOT}
        )

    html = fragments.cached(
        "submission-page",
        content,
        kinds=("results", "tree"),
        key=(
            submission.pk,
            submission.version,
            submission.status,
            submission.reporter_name,  # a member organization's name is not tracked
            sorted(flags.items()),
            timezone.localdate().isoformat(),
            get_language(),
        ),
        shared=True,
    )
    token = escape(get_token(request))
    return {
        "submission": submission,
        "crumbs": unit_selectors.crumbs(submission.unit),
        "content_html": mark_safe(html.replace(_CSRF_SLOT, token)),  # noqa: S308 - escaped
    }


def _posted(request):
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


def _labels(submission) -> dict[str, str]:
    return {
        i.code: indicator_label(i)
        for i in submission.period.indicator_set.indicators.select_related("content_area")
    }


def conflict_details(submission, values: dict, notes: dict) -> dict:
    """Who saved in between, when, and their values beside the ones this editor typed."""
    current = submission.values.select_related("indicator__content_area")
    fields = []
    for row in current:
        code = row.indicator.code
        is_text = row.indicator.value_type == "text"
        theirs = row.text_value if is_text else (row.invalid_input or input_text(row.value))
        label = indicator_label(row.indicator)
        if code in values and str(values[code]).strip() != theirs:
            yours = values[code]
            fields.append(dict(code=code, label=label, yours=yours, theirs=theirs, kind="value"))
        if code in notes and (notes[code] or "").strip() != row.note:
            yours, theirs = notes[code], row.note
            fields.append(dict(code=code, label=label, yours=yours, theirs=theirs, kind="note"))
    who = submission.saved_by
    return {
        "message": _(services.CONFLICT),
        "by": (who.get_full_name() or who.username) if who else _("người khác"),
        "at": formats.date_format(timezone.localtime(submission.updated_at), "H:i d/m/Y"),
        "version": submission.version,
        "fields": fields,
    }


@login_required
def submission_detail(request, pk):
    if request.method != "POST":
        submission = _submission_read(request, pk)
        return render(request, "campaign/submission_form.html", _page_context(request, submission))
    submission = submission_get(request, pk)
    # the form without JavaScript: everything at once, with the same rules as the autosave
    values, notes, narrative = _posted(request)
    try:
        result = services.submission_autosave(
            submission=submission,
            by=request.user,
            values=values,
            notes=notes,
            narrative=narrative,
            version=request.POST.get("version"),
        )
    except services.Conflict as exc:
        context = form_context(
            request, exc.submission, conflict=conflict_details(exc.submission, values, notes)
        )
        return render(request, "campaign/submission_form.html", context, status=409)
    except ValidationError as exc:  # the signed scan was refused
        messages.error(request, errors(exc))
        context = form_context(request, submission)
        return render(request, "campaign/submission_form.html", context, status=400)
    text = sheet.status_line(result, _labels(submission))
    if result.refused:
        messages.warning(request, text)
    else:
        messages.success(request, _("Đã lưu báo cáo.") + " " + text)
    return redirect("campaign:submission_detail", pk=submission.pk)


def _json_error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message, **extra}, status=status)


@login_required
@require_POST
def submission_autosave(request, pk):
    """The form's save as fields are left: JSON, always, whatever went wrong, so that the
    page can say it (and keep what was typed) instead of showing an error page."""
    submission = submission_get(request, pk)
    values, notes, narrative = _posted(request)
    narrative.pop("attachment", None)  # the scan is sent with the whole form
    try:
        result = services.submission_autosave(
            submission=submission,
            by=request.user,
            values=values,
            notes=notes,
            narrative=narrative,
            version=request.POST.get("version"),
        )
    except PermissionDenied as exc:
        return _json_error(str(exc), 403, locked=True)
    except services.Conflict as exc:
        details = conflict_details(exc.submission, values, notes)
        return _json_error(details["message"], 409, conflict=details)
    except ValidationError as exc:
        return _json_error(errors(exc), 400)
    labels = _labels(submission)
    return JsonResponse(
        {
            "ok": True,
            "version": result.submission.version,
            "saved": result.saved,
            "refused": result.refused,
            "message": sheet.status_line(result, labels),
            "at": formats.time_format(timezone.localtime(), "H:i"),
            **sheet.check_payload(result.submission),
        }
    )


@login_required
@require_POST
def submission_submit(request, pk):
    submission = submission_get(request, pk)
    try:
        services.submission_submit(submission=submission, by=request.user)
    except ValidationError as exc:
        messages.error(request, errors(exc))
    else:
        messages.success(request, _("Đã nộp báo cáo. Ban Phong trào tỉnh sẽ xem xét."))
    return redirect("campaign:submission_detail", pk=submission.pk)
