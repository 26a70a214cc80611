"""The board's pages for a report's draft: edit, finalize ("Hoàn thành và ký"), correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope

from . import drafts, filenames
from .draft_forms import CorrectionForm, ReportDraftForm
from .models import ReportDraft


def _page(request, draft, form, *, status=200, correction=None, errors=()):
    can_write = scope.can_act(request.user, draft.unit, drafts.roles_for(draft.kind))
    editions = (
        ReportDraft.objects.filter(kind=draft.kind, unit=draft.unit, year=draft.year)
        .select_related("finalized_by")
        .order_by("edition", "pk")
    )
    return render(
        request,
        "reporting/draft_edit.html",
        {
            "draft": draft,
            "form": form,
            "can_write": can_write and not draft.is_final,
            "can_correct": can_write and draft.is_final and not hasattr(draft, "replaced_by"),
            "correction": correction or CorrectionForm(),
            "editions": editions,
            "problems": [] if draft.is_final else drafts.finalize_problems(draft),
            "errors": list(errors),
        },
        status=status,
    )


@login_required
def draft_edit(request, pk):
    draft = drafts.draft_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, draft, ReportDraftForm(instance=draft))
    draft = drafts.draft_get_for_user(user=request.user, pk=pk, write=True)
    form = ReportDraftForm(request.POST, instance=ReportDraft.objects.get(pk=draft.pk))
    if not form.is_valid():
        return _page(request, draft, form, status=400)
    fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    saved = None
    try:
        saved = drafts.report_draft_save(
            draft=draft, by=request.user, version=form.cleaned_data["version"], **fields
        )
        if "finalize" in request.POST:
            saved = drafts.report_draft_finalize(
                draft=saved, by=request.user, version=saved.version
            )
            messages.success(
                request, _("Báo cáo đã hoàn thành và ký; bản PDF đã được đóng mã kiểm tra.")
            )
        else:
            messages.success(request, _("Đã lưu bản dự thảo."))
    except ValidationError as exc:
        # a conflict keeps nothing of this request (the typed text stays on the page); a
        # refused finalize keeps the saved text and says what is missing
        if saved is not None:  # saved, but not signable yet: the page goes on from the save
            form = ReportDraftForm(instance=saved)
            draft = saved
        status = 409 if _conflict(exc) else 400
        return _page(request, draft, form, status=status, errors=exc.messages)
    return redirect("reporting:draft", pk=saved.pk)


def _conflict(exc: ValidationError) -> bool:
    return getattr(exc, "code", None) == "conflict"


@login_required
@require_POST
def draft_correct(request, pk):
    draft = drafts.draft_get_for_user(user=request.user, pk=pk, write=True)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _page(request, draft, ReportDraftForm(instance=draft), status=400, correction=form)
    try:
        new = drafts.report_draft_correct(
            draft=draft, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _page(request, draft, ReportDraftForm(instance=draft), status=400, correction=form)
    messages.success(request, _("Đã lập bản đính chính; hãy sửa và hoàn thành bản này."))
    return redirect("reporting:draft", pk=new.pk)


@login_required
def draft_download(request, pk):
    draft = drafts.draft_get_for_user(user=request.user, pk=pk)
    if not draft.is_final or not draft.pdf.name:
        raise Http404(_("Báo cáo chưa hoàn thành và ký nên chưa có bản PDF đã ký."))
    try:
        handle = draft.pdf.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp báo cáo.")) from None
    name = filenames.report_filename(
        kind=draft.kind,
        unit_name=draft.unit.name,
        first_year=draft.first_year,
        year=draft.year,
        ext="pdf",
        number=draft.number,
    )
    return filenames.attach(FileResponse(handle, as_attachment=True), name)
