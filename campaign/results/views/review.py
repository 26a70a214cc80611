"""The board's pages: the queue, comments, return or accept (then the next report in the
queue); the province admin's reopen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from accounts.models import Role
from core import fragments

from .. import selectors, services
from .common import errors, submission_get
from .submissions import form_context

NO_MORE = "Không còn báo cáo nào chờ bạn xem xét."


def _comments(request) -> dict:
    return {k[2:]: v for k, v in request.POST.items() if k.startswith("c_")}


def _refused(request, submission, exc: PermissionDenied):
    """The board member who submitted the report is told on the page, not by an error page."""
    messages.error(request, str(exc))
    return render(
        request, "campaign/submission_form.html", form_context(request, submission), status=403
    )


def _next(request, submission, done: str):
    following = selectors.next_in_queue(user=request.user, after=submission)
    if following is None:
        messages.success(request, f"{done} {_(NO_MORE)}")
        return redirect("campaign:review_queue")
    messages.success(
        request,
        _("%(done)s Tiếp theo trong hàng chờ: %(who)s.")
        % {"done": done, "who": following.reporter_name},
    )
    return redirect("campaign:submission_detail", pk=following.pk)


@login_required
@require_POST
def submission_review(request, pk):
    submission = submission_get(request, pk)
    action = request.POST.get("action")
    if action not in ("accept", "return"):
        raise Http404
    try:
        if action == "accept":
            services.submission_accept(submission=submission, by=request.user)
            done = _("Đã tiếp nhận báo cáo; số liệu đã được khóa.")
        else:
            submission = services.submission_return(
                submission=submission,
                by=request.user,
                reason=request.POST.get("reason", ""),
                comments=_comments(request),
                correction_days=request.POST.get("correction_days"),
            )
            done = _("Đã trả lại báo cáo cho đơn vị. Hạn sửa và nộp lại: %(d)s.") % {
                "d": submission.correction_until.strftime("%d/%m/%Y")
            }
    except services.SelfReview as exc:
        return _refused(request, submission, exc)
    except ValidationError as exc:
        messages.error(request, errors(exc))
        return redirect("campaign:submission_detail", pk=submission.pk)
    return _next(request, submission, done)


@login_required
@require_POST
def submission_comment(request, pk):
    """The board's comments, kept while it goes on reviewing (a return sends them)."""
    submission = submission_get(request, pk)
    try:
        services.submission_comment(
            submission=submission, by=request.user, comments=_comments(request)
        )
    except services.SelfReview as exc:
        return _refused(request, submission, exc)
    except PermissionDenied as exc:
        if not scope.can_act(request.user, submission.unit, services.REVIEWER_ROLES):
            raise
        messages.error(request, str(exc))  # a locked report: said on the page
    except ValidationError as exc:
        messages.error(request, errors(exc))
    else:
        messages.success(request, _("Đã lưu ý kiến theo chỉ tiêu."))
    return redirect("campaign:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_reopen(request, pk):
    submission = submission_get(request, pk)
    try:
        services.submission_reopen(
            submission=submission,
            by=request.user,
            reason=request.POST.get("reason", ""),
            correction_days=request.POST.get("correction_days"),
        )
    except ValidationError as exc:
        messages.error(request, errors(exc))
    else:
        messages.success(request, _("Đã mở lại báo cáo."))
    return redirect("campaign:submission_detail", pk=submission.pk)


def _queue_row(submission) -> dict:
    """What the queue shows of a report: its warnings and errors, and for a resubmission
    what changed since the return. Cached per version of the submission."""

    def compute():
        check = services.submission_check(submission=submission)
        last_return = selectors.last_return(submission)
        changes = []
        if last_return is not None:
            rows = submission.values.select_related("indicator__content_area")
            changes = [
                f"{c['indicator'].name}: {c['before'] or '—'} → {c['after'] or '—'}"
                for c in selectors.changes_since(last_return.snapshot, rows)
            ]
        return {
            "errors": len(check.errors),
            "warnings": len(check.warnings),
            "resubmitted": last_return is not None,
            "returned_at": last_return.at if last_return else None,
            "changes": changes,
        }

    info = fragments.cached(
        "queue-row", compute, kinds=("results",), key=(submission.pk, submission.version)
    )
    return {"submission": submission, **info}


@login_required
def review_queue(request):
    if not scope.has_role(request.user, *services.REVIEWER_ROLES, Role.VIEWER):
        raise PermissionDenied(_("Chỉ Ban Phong trào và Ban Thường trực tỉnh xem hàng chờ duyệt."))
    queue = selectors.review_queue(user=request.user).select_related("period__indicator_set")
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    rows = [_queue_row(s) for s in page.object_list]
    following = selectors.next_in_queue(user=request.user)
    return render(
        request,
        "campaign/review_queue.html",
        {"page": page, "rows": rows, "first": following},
    )
