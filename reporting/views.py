import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope

from . import filenames, selectors, services
from .forms import ReportRunForm, VerifyForm
from .models import DraftStatus, Notification, ReportDraft, ReportRun, RunStatus


def _run_get(request, pk, *, write: bool = False) -> ReportRun:
    run = scope.get_in_scope(ReportRun.objects.select_related("unit"), request.user, pk=pk)
    if write:
        services.ensure_can_start(user=request.user, kind=run.kind, unit=run.unit)
    return run


@login_required
def index(request):
    form = ReportRunForm(user=request.user)
    runs = selectors.runs_for(user=request.user)
    page = Paginator(runs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/index.html",
        {
            "form": form,
            "page": page,
            "can_start": form.fields["unit"].queryset.exists(),
            "unread": Notification.objects.filter(user=request.user, read_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def start(request):
    form = ReportRunForm(request.POST, user=request.user)
    if not form.is_valid():
        # a unit outside the user's scope is not in the choices: 404, as everywhere
        if "unit" in form.errors and request.POST.get("unit"):
            scope.unit_get_for_user(request.user, request.POST.get("unit"), write=True)
        page = Paginator(selectors.runs_for(user=request.user), 30).get_page(1)
        return render(
            request,
            "reporting/index.html",
            {"form": form, "page": page, "can_start": True},
            status=400,
        )
    try:
        run = services.report_run_create(
            kind=form.cleaned_data["kind"],
            unit=form.cleaned_data["unit"],
            year=form.cleaned_data["year"],
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:index")
    return redirect("reporting:detail", pk=run.pk)


@login_required
def detail(request, pk):
    run = _run_get(request, pk)
    can_start = scope.can_act(request.user, run.unit, services.roles_for_kind(run.kind))
    # the board's edition that carries these numbers (or the newest of the same report)
    draft = run.drafts.order_by("-edition", "-pk").first()
    return render(
        request,
        "reporting/run_detail.html",
        {"run": run, "can_start": can_start, "report_draft": draft},
    )


@login_required
def progress(request, pk):
    run = _run_get(request, pk)
    return render(request, "reporting/run_detail.html#progress", {"run": run})


@login_required
@require_POST
def again(request, pk):
    run = _run_get(request, pk, write=True)
    try:
        new = services.report_run_again(run=run, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:detail", pk=run.pk)
    return redirect("reporting:detail", pk=new.pk)


@login_required
def download(request, pk, fmt):
    run = _run_get(request, pk)
    field = {"pdf": run.pdf, "xlsx": run.xlsx}.get(fmt)
    if field is None or run.status != RunStatus.DONE or not field.name:
        raise Http404(_("Báo cáo chưa có tệp này."))
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp báo cáo.")) from None
    return filenames.attach(
        FileResponse(handle, as_attachment=True), filenames.run_filename(run, ext=fmt)
    )


def verify(request, checksum=None):
    """Public: anyone holding a file can check that the portal issued it."""
    matches = None
    asked = ""
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            done = ReportRun.objects.filter(status=RunStatus.DONE).select_related("unit")
            if upload:
                digest = hashlib.sha256()
                for chunk in upload.chunks():
                    digest.update(chunk)
                asked = digest.hexdigest()
                matches = done.filter(Q(pdf_sha256=asked) | Q(xlsx_sha256=asked))
            else:
                asked = form.cleaned_data["checksum"]
                matches = done.filter(checksum=asked)
    else:
        form = VerifyForm(initial={"checksum": checksum or ""})
        if checksum:
            asked = checksum.lower()
            matches = ReportRun.objects.filter(status=RunStatus.DONE, checksum=asked)
    issued = drafts = None
    signed = []
    if asked and matches is not None:
        # a report the board finalized and signed: its PDF or its printed checksum
        signed = list(
            ReportDraft.objects.filter(status=DraftStatus.FINAL)
            .filter(Q(checksum=asked) | Q(pdf_sha256=asked))
            .select_related("unit", "replaced_by")
        )
    if matches is not None:
        found = list(matches.select_related("unit").order_by("-finished_at")[:10])
        # a draft is the portal's own file too, but it must never pass for the issued report
        issued = [run for run in found if not run.is_draft]
        drafts = [run for run in found if run.is_draft]
    return render(
        request,
        "reporting/verify.html",
        {
            "form": form,
            "asked": asked,
            "checked": matches is not None,
            "issued": issued,
            "drafts": drafts,
            "signed": signed,
        },
    )


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "reporting/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(notification=notification)
    return redirect(notification.url or "reporting:notifications")
