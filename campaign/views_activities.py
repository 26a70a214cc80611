"""Pages for activities, plans, pilot models, festivals, conventions, budgets and member
organizations. Thin: parse, check access, call a service or selector, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import scope
from accounts.models import WRITE_ROLES
from residential_areas import selectors as unit_selectors
from residential_areas.selectors import unit_children

from . import forms_activities as forms
from . import selectors_activities as sel
from . import services_activities as services
from .models import (
    ActivityAttachment,
    ActivityKind,
    BudgetStatus,
    ConventionStatus,
)

FORM = "campaign/activities/form.html"
T = "campaign/activities/"
YEARS_BACK = 4
# the tabs of the activities pages: (section, url name, label)
SECTIONS = [
    ("activities", "activities:activity_list", gettext_lazy("Hoạt động")),
    ("festivals", "activities:festival_list", gettext_lazy("Ngày hội 18/11")),
    ("conventions", "activities:convention_list", gettext_lazy("Hương ước, quy ước")),
    ("pilots", "activities:pilot_list", gettext_lazy("Mô hình điểm")),
    ("plans", "activities:plan_list", gettext_lazy("Chủ đề, kế hoạch năm")),
    ("assignments", "activities:assignment_list", gettext_lazy("Phân công")),
    ("orgs", "activities:org_list", gettext_lazy("Tổ chức thành viên")),
    ("budgets", "activities:budget_list", gettext_lazy("Kinh phí")),
]


# --- helpers -------------------------------------------------------------------------------


def _filters(request):
    """The unit and year a list is filtered on: ?unit= (in scope, else 404) and ?year=."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    raw = request.GET.get("unit")
    unit = scope.unit_get_for_user(request.user, raw) if raw else scope.home_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("Tài khoản của bạn chưa được gán đơn vị nào."))
    years = list(range(today.year + 1, today.year - YEARS_BACK, -1))
    return unit, year, years


def _page(request, qs, size=50):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _require(user, roles) -> None:
    if not scope.has_role(user, *roles):
        raise PermissionDenied(_(scope.READ_ONLY))


def _merge_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)


def _try(form, call):
    """Run a service; a ValidationError becomes form errors and nothing is saved."""
    try:
        return call()
    except ValidationError as exc:
        _merge_errors(form, exc)
        return None


def _form_page(request, *, title, form, back, formset=None, multipart=False, status=200):
    if request.method == "POST" and status == 200:
        status = 400  # the form came back with errors
    return render(
        request,
        FORM,
        {
            "title": title,
            "form": form,
            "formset": formset,
            "back": back,
            "multipart": multipart,
        },
        status=status,
    )


def _context(request, section, **extra):
    unit, year, years = _filters(request)
    today = timezone.localdate()
    on = today if year >= today.year else datetime.date(year, 12, 31)
    crumbs = unit_selectors.crumbs(unit)
    extra.update(
        {
            "section": section,
            "unit": unit,
            "year": year,
            "years": years,
            "crumbs": crumbs,
            "can_open": {u.pk for u in crumbs if scope.can_see(request.user, u)},
            "can_write": scope.has_role(request.user, *sel.FRONT_ROLES),
            "can_record": scope.has_role(request.user, *WRITE_ROLES),
            "children": unit_children(unit=unit, on=on),
            "sections": SECTIONS,
        }
    )
    return extra


# --- activities -------------------------------------------------------------------------------


@login_required
def activity_list(request):
    ctx = _context(request, "activities")
    kind = request.GET.get("kind") or None
    if kind not in ActivityKind.values:
        kind = None
    qs = sel.activities_list(user=request.user, unit=ctx["unit"], year=ctx["year"], kind=kind)
    totals = qs.aggregate(sessions=Sum("sessions"), participants=Sum("participants"))
    ctx.update(
        {"page": _page(request, qs), "kind": kind, "kinds": ActivityKind.choices, "totals": totals}
    )
    return render(request, T + "activity_list.html", ctx)


@login_required
def activity_create(request):
    _require(request.user, WRITE_ROLES)
    form = forms.ActivityForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"unit": request.GET.get("unit")},
    )
    if request.method == "POST" and form.is_valid():
        activity = _try(
            form,
            lambda: services.activity_create(by=request.user, **form.service_kwargs()),
        )
        if activity:
            messages.success(request, _("Đã ghi nhận hoạt động."))
            return redirect("activities:activity_detail", pk=activity.pk)
    return _form_page(
        request,
        title=_("Ghi nhận hoạt động"),
        form=form,
        back=reverse("activities:activity_list"),
        multipart=True,
    )


@login_required
def activity_detail(request, pk):
    activity = sel.activity_get_for_user(user=request.user, pk=pk)
    can_edit = sel.can_edit_org_owned(request.user, activity.unit, activity.organization)
    return render(
        request,
        T + "activity_detail.html",
        {
            "activity": activity,
            "can_edit": can_edit,
            "attachments": activity.attachments.all(),
            "attachment_form": forms.AttachmentForm() if can_edit else None,
            "crumbs": unit_selectors.crumbs(activity.unit),
        },
    )


@login_required
def activity_update(request, pk):
    activity = sel.activity_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.ActivityForm(
        request.POST or None,
        instance=sel.activity_get_for_user(user=request.user, pk=pk),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        saved = _try(
            form,
            lambda: services.activity_update(
                activity=activity, by=request.user, **form.service_kwargs()
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu hoạt động."))
            return redirect("activities:activity_detail", pk=pk)
    return _form_page(
        request,
        title=_("Sửa hoạt động"),
        form=form,
        back=reverse("activities:activity_detail", args=[pk]),
    )


@login_required
@require_POST
def activity_delete(request, pk):
    activity = sel.activity_get_for_user(user=request.user, pk=pk, write=True)
    services.activity_delete(activity=activity, by=request.user)
    messages.success(request, _("Đã xóa hoạt động."))
    return redirect("activities:activity_list")


@login_required
@require_POST
def attachment_add(request, pk):
    activity = sel.activity_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.activity_attach(activity=activity, by=request.user, file=form.cleaned_data["file"])
        messages.success(request, _("Đã đính kèm tệp."))
        return redirect("activities:activity_detail", pk=pk)
    return render(
        request,
        T + "activity_detail.html",
        {
            "activity": activity,
            "can_edit": True,
            "attachments": activity.attachments.all(),
            "attachment_form": form,
            "crumbs": unit_selectors.crumbs(activity.unit),
        },
        status=400,
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = scope.get_in_scope(
        ActivityAttachment.objects.select_related("activity__unit", "activity__organization"),
        request.user,
        unit_field="activity__unit",
        pk=pk,
    )
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("Đã xóa tệp đính kèm."))
    return redirect("activities:activity_detail", pk=attachment.activity_id)


# --- member organizations and assignments -----------------------------------------------------


@login_required
def org_list(request):
    ctx = _context(request, "orgs")
    ctx["page"] = _page(request, sel.member_orgs_list(user=request.user, unit=ctx["unit"]))
    return render(request, T + "org_list.html", ctx)


@login_required
def org_create(request):
    _require(request.user, sel.FRONT_ROLES)
    form = forms.MemberOrganizationForm(request.POST or None, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(form, lambda: services.member_org_create(by=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Đã thêm tổ chức thành viên."))
        return redirect("activities:org_list")
    return _form_page(
        request,
        title=_("Thêm tổ chức thành viên"),
        form=form,
        back=reverse("activities:org_list"),
    )


@login_required
def org_update(request, pk):
    org = sel.member_org_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.MemberOrganizationForm(
        request.POST or None,
        instance=sel.member_org_get_for_user(user=request.user, pk=pk),
        user=request.user,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            form, lambda: services.member_org_update(org=org, by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Đã lưu tổ chức thành viên."))
        return redirect("activities:org_list")
    return _form_page(
        request, title=_("Sửa tổ chức thành viên"), form=form, back=reverse("activities:org_list")
    )


@login_required
def assignment_list(request):
    ctx = _context(request, "assignments")
    qs = sel.assignments_list(user=request.user, unit=ctx["unit"], year=ctx["year"])
    ctx["page"] = _page(request, qs)
    return render(request, T + "assignment_list.html", ctx)


@login_required
def assignment_create(request):
    _require(request.user, sel.FRONT_ROLES)
    form = forms.AssignmentForm(
        request.POST or None, user=request.user, initial={"year": timezone.localdate().year}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(form, lambda: services.assignment_create(by=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Đã lưu phân công."))
        return redirect("activities:assignment_list")
    return _form_page(
        request, title=_("Phân công"), form=form, back=reverse("activities:assignment_list")
    )


@login_required
def assignment_update(request, pk):
    assignment = sel.assignment_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.AssignmentForm(
        request.POST or None,
        instance=sel.assignment_get_for_user(user=request.user, pk=pk),
        user=request.user,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            form,
            lambda: services.assignment_update(
                assignment=assignment, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Đã lưu phân công."))
        return redirect("activities:assignment_list")
    return _form_page(
        request, title=_("Sửa phân công"), form=form, back=reverse("activities:assignment_list")
    )


@login_required
@require_POST
def assignment_delete(request, pk):
    assignment = sel.assignment_get_for_user(user=request.user, pk=pk, write=True)
    services.assignment_delete(assignment=assignment, by=request.user)
    messages.success(request, _("Đã xóa phân công."))
    return redirect("activities:assignment_list")


# --- yearly theme and plan ------------------------------------------------------------------


@login_required
def plan_list(request):
    ctx = _context(request, "plans")
    qs = sel.plans_list(user=request.user, unit=ctx["unit"], year=ctx["year"])
    ctx["page"] = _page(request, qs)
    return render(request, T + "plan_list.html", ctx)


@login_required
def plan_detail(request, pk):
    plan = sel.plan_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        T + "plan_detail.html",
        {
            "plan": plan,
            "targets": plan.targets.select_related("content_area"),
            "can_edit": scope.can_act(request.user, plan.unit, sel.FRONT_ROLES),
            "crumbs": unit_selectors.crumbs(plan.unit),
        },
    )


def _plan_form(request, plan=None):
    instance = sel.plan_get_for_user(user=request.user, pk=plan.pk) if plan else None
    form = forms.YearlyPlanForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        user=request.user,
        initial={"year": timezone.localdate().year},
    )
    initial = (
        [
            {
                "id": t.pk,
                "content_area": t.content_area_id,
                "description": t.description,
                "target_value": t.target_value,
                "unit_of_measure": t.unit_of_measure,
            }
            for t in plan.targets.all()
        ]
        if plan
        else []
    )
    formset = forms.PlanTargetFormSet(request.POST or None, initial=initial, prefix="targets")
    return form, formset


@login_required
def plan_create(request):
    _require(request.user, sel.FRONT_ROLES)
    form, formset = _plan_form(request)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        plan = _try(
            form,
            lambda: services.plan_create(
                by=request.user, targets=forms.formset_rows(formset), **form.cleaned_data
            ),
        )
        if plan:
            messages.success(request, _("Đã lưu kế hoạch năm."))
            return redirect("activities:plan_detail", pk=plan.pk)
    return _form_page(
        request,
        title=_("Chủ đề và kế hoạch năm"),
        form=form,
        formset=formset,
        back=reverse("activities:plan_list"),
        multipart=True,
    )


@login_required
def plan_update(request, pk):
    plan = sel.plan_get_for_user(user=request.user, pk=pk, write=True)
    form, formset = _plan_form(request, plan)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("document"):
            data.pop("document", None)
        saved = _try(
            form,
            lambda: services.plan_update(
                plan=plan, by=request.user, targets=forms.formset_rows(formset), **data
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu kế hoạch năm."))
            return redirect("activities:plan_detail", pk=pk)
    return _form_page(
        request,
        title=_("Sửa kế hoạch năm"),
        form=form,
        formset=formset,
        back=reverse("activities:plan_detail", args=[pk]),
        multipart=True,
    )


# --- pilot models -------------------------------------------------------------------------------


@login_required
def pilot_list(request):
    ctx = _context(request, "pilots")
    qs = sel.pilot_models_list(user=request.user, unit=ctx["unit"], year=ctx["year"])
    ctx["page"] = _page(request, qs)
    return render(request, T + "pilot_list.html", ctx)


def _pilot_detail(request, pilot, *, evaluation_form=None, replication_form=None, status=200):
    can_edit = sel.can_edit_org_owned(request.user, pilot.unit, pilot.organization)
    year = timezone.localdate().year
    return render(
        request,
        T + "pilot_detail.html",
        {
            "pilot": pilot,
            "can_edit": can_edit,
            "evaluations": pilot.evaluations.all(),
            "replications": pilot.replications.select_related("unit"),
            "evaluation_form": evaluation_form or forms.EvaluationForm(initial={"year": year}),
            "replication_form": replication_form
            or forms.ReplicationForm(user=request.user, initial={"year": year}),
            "crumbs": unit_selectors.crumbs(pilot.unit),
        },
        status=status,
    )


@login_required
def pilot_detail(request, pk):
    return _pilot_detail(request, sel.pilot_model_get_for_user(user=request.user, pk=pk))


@login_required
def pilot_create(request):
    _require(request.user, WRITE_ROLES)
    form = forms.PilotModelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        pilot = _try(
            form, lambda: services.pilot_model_create(by=request.user, **form.cleaned_data)
        )
        if pilot:
            messages.success(request, _("Đã lưu mô hình."))
            return redirect("activities:pilot_detail", pk=pilot.pk)
    return _form_page(
        request, title=_("Thêm mô hình điểm"), form=form, back=reverse("activities:pilot_list")
    )


@login_required
def pilot_update(request, pk):
    pilot = sel.pilot_model_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.PilotModelForm(
        request.POST or None,
        instance=sel.pilot_model_get_for_user(user=request.user, pk=pk),
        user=request.user,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            form,
            lambda: services.pilot_model_update(
                pilot_model=pilot, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Đã lưu mô hình."))
        return redirect("activities:pilot_detail", pk=pk)
    return _form_page(
        request,
        title=_("Sửa mô hình"),
        form=form,
        back=reverse("activities:pilot_detail", args=[pk]),
    )


@login_required
@require_POST
def pilot_evaluate(request, pk):
    pilot = sel.pilot_model_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.EvaluationForm(request.POST)
    if form.is_valid() and _try(
        form,
        lambda: services.pilot_model_evaluate(
            pilot_model=pilot, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Đã lưu đánh giá."))
        return redirect("activities:pilot_detail", pk=pk)
    return _pilot_detail(request, pilot, evaluation_form=form, status=400)


@login_required
@require_POST
def pilot_replicate(request, pk):
    pilot = sel.pilot_model_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.ReplicationForm(request.POST, user=request.user)
    if form.is_valid() and _try(
        form,
        lambda: services.pilot_model_replicate(
            pilot_model=pilot, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Đã ghi nhận nhân rộng mô hình."))
        return redirect("activities:pilot_detail", pk=pk)
    return _pilot_detail(request, pilot, replication_form=form, status=400)


# --- festivals -------------------------------------------------------------------------------


@login_required
def festival_list(request):
    """Per residential area under the unit: did it hold the festival this year?"""
    ctx = _context(request, "festivals")
    areas = sel.festival_overview(unit=ctx["unit"], year=ctx["year"])
    held = areas.filter(festival_id__isnull=False).count()
    ctx.update({"page": _page(request, areas, 100), "held": held, "total": areas.count()})
    return render(request, T + "festival_list.html", ctx)


@login_required
def festival_detail(request, pk):
    festival = sel.festival_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        T + "festival_detail.html",
        {
            "festival": festival,
            "panels": sel.festival_panels(festival, request.user),
            "can_edit": scope.can_act(request.user, festival.area, sel.FRONT_ROLES),
            "crumbs": unit_selectors.crumbs(festival.area),
        },
    )


@login_required
def festival_create(request):
    _require(request.user, sel.FRONT_ROLES)
    form = forms.FestivalForm(
        request.POST or None, user=request.user, initial={"area": request.GET.get("area")}
    )
    if request.method == "POST" and form.is_valid():
        festival = _try(
            form, lambda: services.festival_create(by=request.user, **form.cleaned_data)
        )
        if festival:
            messages.success(request, _("Đã lưu Ngày hội Đại đoàn kết."))
            return redirect("activities:festival_detail", pk=festival.pk)
    return _form_page(
        request,
        title=_("Ngày hội Đại đoàn kết toàn dân tộc"),
        form=form,
        back=reverse("activities:festival_list"),
    )


@login_required
def festival_update(request, pk):
    festival = sel.festival_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.FestivalForm(
        request.POST or None,
        instance=sel.festival_get_for_user(user=request.user, pk=pk),
        user=request.user,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            form,
            lambda: services.festival_update(
                festival=festival, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Đã lưu Ngày hội Đại đoàn kết."))
        return redirect("activities:festival_detail", pk=pk)
    return _form_page(
        request,
        title=_("Sửa Ngày hội Đại đoàn kết"),
        form=form,
        back=reverse("activities:festival_detail", args=[pk]),
    )


# --- village conventions ---------------------------------------------------------------------


@login_required
def convention_list(request):
    ctx = _context(request, "conventions")
    status = request.GET.get("status") or None
    if status not in ConventionStatus.values:
        status = None
    qs = sel.conventions_list(user=request.user, unit=ctx["unit"], status=status)
    ctx.update({"page": _page(request, qs), "status": status, "statuses": ConventionStatus.choices})
    return render(request, T + "convention_list.html", ctx)


def _convention_detail(request, convention, *, revision_form=None, status=200):
    return render(
        request,
        T + "convention_detail.html",
        {
            "convention": convention,
            "revisions": convention.revisions.order_by("number"),
            "can_edit": scope.can_act(request.user, convention.area, sel.FRONT_ROLES),
            "revision_form": revision_form or forms.RevisionForm(),
            "crumbs": unit_selectors.crumbs(convention.area),
        },
        status=status,
    )


@login_required
def convention_detail(request, pk):
    return _convention_detail(request, sel.convention_get_for_user(user=request.user, pk=pk))


@login_required
def convention_create(request):
    _require(request.user, sel.FRONT_ROLES)
    form = forms.ConventionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"area": request.GET.get("area")},
    )
    if request.method == "POST" and form.is_valid():
        convention = _try(
            form, lambda: services.convention_create(by=request.user, **form.cleaned_data)
        )
        if convention:
            messages.success(request, _("Đã lưu hương ước, quy ước."))
            return redirect("activities:convention_detail", pk=convention.pk)
    return _form_page(
        request,
        title=_("Thêm hương ước, quy ước"),
        form=form,
        back=reverse("activities:convention_list"),
        multipart=True,
    )


@login_required
def convention_update(request, pk):
    convention = sel.convention_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.ConventionEditForm(
        request.POST or None, instance=sel.convention_get_for_user(user=request.user, pk=pk)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            form,
            lambda: services.convention_update(
                convention=convention, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Đã lưu hương ước, quy ước."))
        return redirect("activities:convention_detail", pk=pk)
    return _form_page(
        request,
        title=_("Sửa thông tin hương ước, quy ước"),
        form=form,
        back=reverse("activities:convention_detail", args=[pk]),
    )


@login_required
@require_POST
def convention_revise(request, pk):
    convention = sel.convention_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.RevisionForm(request.POST, request.FILES)
    if form.is_valid() and _try(
        form,
        lambda: services.convention_revise(
            convention=convention, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Đã ghi nhận lần sửa đổi, bổ sung."))
        return redirect("activities:convention_detail", pk=pk)
    return _convention_detail(request, convention, revision_form=form, status=400)


# --- budget plans ----------------------------------------------------------------------------


@login_required
def budget_list(request):
    ctx = _context(request, "budgets")
    qs = sel.budgets_list(user=request.user, unit=ctx["unit"], year=ctx["year"])
    ctx.update({"page": _page(request, qs), "to_review": sel.budgets_to_review(user=request.user)})
    return render(request, T + "budget_list.html", ctx)


def _budget_detail(request, plan, *, review_form=None, status=200):
    lines = plan.lines.all()
    totals = lines.aggregate(planned=Sum("planned"), spent=Sum("spent"))
    return render(
        request,
        T + "budget_detail.html",
        {
            "plan": plan,
            "lines": lines,
            "totals": totals,
            "can_edit": plan.is_editable
            and scope.can_act(request.user, plan.unit, sel.FRONT_ROLES),
            "can_review": plan.status == BudgetStatus.SUBMITTED
            and sel.can_review_budget(request.user, plan),
            "review_form": review_form or forms.ReviewForm(),
            "crumbs": unit_selectors.crumbs(plan.unit),
        },
        status=status,
    )


@login_required
def budget_detail(request, pk):
    return _budget_detail(request, sel.budget_get_for_user(user=request.user, pk=pk))


def _budget_formset(request, plan=None):
    initial = [
        {
            "id": line.pk,
            "category": line.category,
            "description": line.description,
            "planned": line.planned,
            "spent": line.spent,
            "note": line.note,
        }
        for line in (plan.lines.all() if plan else [])
    ]
    return forms.BudgetLineFormSet(request.POST or None, initial=initial, prefix="lines")


@login_required
def budget_create(request):
    _require(request.user, sel.FRONT_ROLES)
    form = forms.BudgetPlanForm(request.POST or None, user=request.user)
    formset = _budget_formset(request)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        plan = _try(
            form,
            lambda: services.budget_create(
                by=request.user, lines=forms.formset_rows(formset), **form.cleaned_data
            ),
        )
        if plan:
            messages.success(request, _("Đã lưu kế hoạch kinh phí."))
            return redirect("activities:budget_detail", pk=plan.pk)
    return _form_page(
        request,
        title=_("Kế hoạch kinh phí"),
        form=form,
        formset=formset,
        back=reverse("activities:budget_list"),
    )


@login_required
def budget_update(request, pk):
    plan = sel.budget_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.BudgetPlanForm(
        request.POST or None,
        instance=sel.budget_get_for_user(user=request.user, pk=pk),
        user=request.user,
    )
    formset = _budget_formset(request, plan)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = _try(
            form,
            lambda: services.budget_update(
                plan=plan,
                by=request.user,
                notes=form.cleaned_data["notes"],
                lines=forms.formset_rows(formset),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu kế hoạch kinh phí."))
            return redirect("activities:budget_detail", pk=pk)
    return _form_page(
        request,
        title=_("Sửa kế hoạch kinh phí"),
        form=form,
        formset=formset,
        back=reverse("activities:budget_detail", args=[pk]),
    )


@login_required
@require_POST
def budget_submit(request, pk):
    plan = sel.budget_get_for_user(user=request.user, pk=pk, write=True)
    try:
        services.budget_submit(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi kế hoạch kinh phí lên cấp trên."))
    return redirect("activities:budget_detail", pk=pk)


@login_required
@require_POST
def budget_review(request, pk, decision):
    plan = sel.budget_get_for_user(user=request.user, pk=pk, review=True)
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():  # pragma: no cover - the form has no required field
        return _budget_detail(request, plan, review_form=form, status=400)
    note = form.cleaned_data["note"]
    if decision == "approve":
        call = lambda: services.budget_approve(plan=plan, by=request.user, note=note)  # noqa: E731
        done = _("Đã phê duyệt kế hoạch kinh phí.")
    elif decision == "return":
        call = lambda: services.budget_return(plan=plan, by=request.user, note=note)  # noqa: E731
        done = _("Đã trả lại kế hoạch kinh phí.")
    else:
        raise Http404
    if _try(form, call):
        messages.success(request, done)
        return redirect("activities:budget_detail", pk=pk)
    return _budget_detail(request, plan, review_form=form, status=400)
