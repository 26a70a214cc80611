"""The evaluation meeting (bình xét): its record, posting, results and Excel import."""

import hashlib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from residential_areas.models import AdministrativeUnit, Household, UnitLevel

from .. import importer
from ..forms import EvaluationSheetForm, ImportForm, MeetingForm, PostingForm
from ..models import EvaluationMeeting, Outcome, TitleKind
from ..services import meetings
from ..titles import title_name
from . import grid
from ._common import DECIDE_ROLES, EVALUATE_ROLES, crumbs_of, kind_of, unit_url, year_of


def meeting_get_for_user(user, pk, *, write=False) -> EvaluationMeeting:
    meeting = scope.get_in_scope(
        EvaluationMeeting.objects.select_related("unit", "criteria_set", "decision"),
        user,
        unit_field="unit",
        pk=pk,
    )
    if write:
        roles = EVALUATE_ROLES if meeting.kind == TitleKind.FAMILY else DECIDE_ROLES
        scope.ensure_can_act(user, meeting.unit, roles)
    return meeting


@login_required
def meeting_create(request, pk):
    kind = kind_of(request)
    roles = EVALUATE_ROLES if kind == TitleKind.FAMILY else DECIDE_ROLES
    unit = scope.unit_get_for_user(request.user, pk, write=True, write_roles=roles)
    year = year_of(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_create(
                kind=kind, unit=unit, year=year, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi cuộc họp bình xét."))
            return redirect("recognition:meeting", pk=meeting.pk)
    crumbs, can_open = crumbs_of(request.user, unit)
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "title": _("Cuộc họp bình xét “%(kind)s” năm %(year)s — %(unit)s")
            % {"kind": title_name(kind, year), "year": year, "unit": unit.name},
            "hidden": {"kind": kind, "year": year},
            "crumbs": crumbs,
            "can_open": can_open,
            "back": f"{unit_url(unit)}?year={year}",
        },
    )


@login_required
def meeting_detail(request, pk):
    meeting = meeting_get_for_user(request.user, pk)
    roles = EVALUATE_ROLES if meeting.kind == TitleKind.FAMILY else DECIDE_ROLES
    evaluations = meeting.evaluations.select_related("household", "area")
    crumbs, can_open = crumbs_of(request.user, meeting.unit)
    return render(
        request,
        "recognition/meeting.html",
        {
            "meeting": meeting,
            "evaluations": evaluations,
            "groups": list(meeting.criteria_set.groups.all()),
            "passed": evaluations.filter(outcome=Outcome.PASSED).count(),
            "can_edit": not meeting.is_locked and scope.can_act(request.user, meeting.unit, roles),
            "crumbs": crumbs,
            "can_open": can_open,
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = meeting_get_for_user(request.user, pk, write=True)
    form = MeetingForm(
        request.POST or None,
        initial={
            "held_on": meeting.held_on,
            "invited": meeting.invited,
            "attending": meeting.attending,
            "category": meeting.category,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_update(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã cập nhật cuộc họp bình xét."))
            return redirect("recognition:meeting", pk=meeting.pk)
    return _meeting_form(request, meeting, form, _("Sửa cuộc họp bình xét"))


@login_required
def meeting_post(request, pk):
    meeting = meeting_get_for_user(request.user, pk, write=True)
    form = PostingForm(
        request.POST or None,
        initial={
            "posted_on": meeting.posted_on or timezone.localdate(),
            "objections": meeting.objections,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_post(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi việc niêm yết danh sách."))
            return redirect("recognition:meeting", pk=meeting.pk)
    return _meeting_form(request, meeting, form, _("Niêm yết danh sách đề nghị công nhận"))


def _meeting_form(request, meeting, form, title):
    crumbs, can_open = crumbs_of(request.user, meeting.unit)
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "title": f"{title} — {meeting}",
            "crumbs": crumbs,
            "can_open": can_open,
            "back": _meeting_url(meeting),
        },
    )


def _meeting_url(meeting):
    return reverse("recognition:meeting", args=[meeting.pk])


def _subjects(meeting):
    if meeting.kind == TitleKind.FAMILY:
        # the area's households, those a merger moved to its successor included
        areas = meetings.subject_area_ids(meeting)
        return list(Household.objects.filter(area__in=areas, is_active=True).order_by("code"))
    if meeting.kind == TitleKind.COMMUNE:
        return list(
            AdministrativeUnit.objects.as_of(meeting.held_on)
            .filter(path__startswith=meeting.unit.path, level=UnitLevel.COMMUNE)
            .order_by("name")
        )
    return list(
        AdministrativeUnit.objects.as_of(meeting.held_on)
        .filter(parent=meeting.unit, level=UnitLevel.AREA)
        .order_by("name")
    )


@login_required
def meeting_results(request, pk):
    meeting = meeting_get_for_user(request.user, pk, write=True)
    if meeting.is_locked:
        # nothing to write any more: the meeting's page says which decision locked it
        return redirect("recognition:meeting", pk=meeting.pk)
    subjects = _subjects(meeting)
    key = "household_id" if meeting.kind == TitleKind.FAMILY else "area_id"
    existing = {getattr(e, key): e for e in meeting.evaluations.all()}
    form = EvaluationSheetForm(
        request.POST or None, meeting=meeting, subjects=subjects, existing=existing
    )
    grid.grid_dress(form, meeting)
    # each row is judged first, so that its errors land on its own fields; the service
    # judges again under the meeting's lock and writes all rows or none
    if request.method == "POST" and all([form.is_valid(), grid.grid_check(form, meeting)]):
        try:
            counts = meetings.evaluations_record(meeting=meeting, rows=form.service_rows())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã ghi kết quả: %(c)s mới, %(u)s sửa, %(n)s không đổi.")
                % {"c": counts["created"], "u": counts["updated"], "n": counts["unchanged"]},
            )
            return redirect("recognition:meeting", pk=meeting.pk)
    crumbs, can_open = crumbs_of(request.user, meeting.unit)
    rows = grid.grid_rows(form, meeting)
    return render(
        request,
        "recognition/meeting_results.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": rows,
            "rows_with_errors": [r for r in rows if r.errors],
            "rule": grid.grid_rule(meeting),
            "crumbs": crumbs,
            "can_open": can_open,
        },
    )


# --- import --------------------------------------------------------------------------------

TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _import_path(token):
    return f"recognition/imports/{token}.xlsx"


@login_required
def meeting_template(request, pk):
    meeting = meeting_get_for_user(request.user, pk)
    if meeting.kind != TitleKind.FAMILY:
        raise Http404
    response = HttpResponse(
        importer.template_xlsx(meeting),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"binh-xet-{meeting.unit.code}-{meeting.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_import(request, pk):
    """Upload -> dry run (nothing saved) -> apply the same file, all or nothing."""
    meeting = meeting_get_for_user(request.user, pk, write=True)
    if meeting.kind != TitleKind.FAMILY:
        raise Http404
    form = ImportForm()
    context = {"meeting": meeting, "form": form}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        if not TOKEN.match(token) or not default_storage.exists(_import_path(token)):
            raise Http404
        with default_storage.open(_import_path(token), "rb") as fh:
            data = fh.read()
        counts, errors = importer.run(meeting, data, apply=True, user=request.user)
        if not errors:
            default_storage.delete(_import_path(token))
            messages.success(
                request,
                _("Đã nhập kết quả: %(c)s mới, %(u)s sửa, %(n)s không đổi.")
                % {"c": counts["created"], "u": counts["updated"], "n": counts["unchanged"]},
            )
            return redirect("recognition:meeting", pk=meeting.pk)
        context.update(errors=errors)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > importer.MAX_BYTES:
                form.add_error("file", str(importer.FILE_TOO_LARGE))
            else:
                data = upload.read()
                counts, errors = importer.run(meeting, data, apply=False, user=request.user)
                context.update(counts=counts, errors=errors, dry_run=True)
                if not errors:
                    token = hashlib.sha256(data).hexdigest()
                    if not default_storage.exists(_import_path(token)):
                        default_storage.save(_import_path(token), ContentFile(data))
                    context["token"] = token
    crumbs, can_open = crumbs_of(request.user, meeting.unit)
    context.update(crumbs=crumbs, can_open=can_open)
    return render(request, "recognition/import.html", context)
