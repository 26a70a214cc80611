import hashlib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from accounts.models import WRITE_ROLES, Role
from campaign.models import MemberOrganization
from core.pdf import render_pdf
from residential_areas import selectors as unit_selectors
from residential_areas.models import AdministrativeUnit, Household, UnitLevel

from . import importer, selectors, services
from .forms import (
    CommendationCreateForm,
    CriteriaGroupFormSet,
    CriteriaSetForm,
    DecisionForm,
    EvaluationSheetForm,
    ImportForm,
    MeetingForm,
    NewVersionForm,
    PostingForm,
    RegistrationForm,
)
from .models import (
    Commendation,
    CriteriaSet,
    Decision,
    EvaluationMeeting,
    Outcome,
    Registration,
    TitleKind,
)

# the residential board evaluates its area; the commune (and above) may enter it for them
EVALUATE_ROLES = {
    Role.RESIDENTIAL_BOARD,
    Role.COMMUNE_COMMITTEE,
    Role.DISTRICT_COMMITTEE,
    Role.PROVINCE_ADMIN,
}
# the commune evaluates its residential areas and decides; districts decided areas until 6/2025
DECIDE_ROLES = {Role.COMMUNE_COMMITTEE, Role.DISTRICT_COMMITTEE, Role.PROVINCE_ADMIN}
CRITERIA_ROLES = {Role.PROVINCE_ADMIN}
COMMEND_ROLES = set(WRITE_ROLES) - {Role.MEMBER_ORG}


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    today = timezone.localdate()
    return year if 2018 <= year <= today.year + 1 else today.year


def _kind(request) -> str:
    kind = request.GET.get("kind") or request.POST.get("kind")
    return kind if kind in TitleKind.values else TitleKind.FAMILY


def _years():
    return list(range(timezone.localdate().year, 2017, -1))


def _crumbs(user, unit):
    crumbs = unit_selectors.crumbs(unit)
    return crumbs, {u.pk for u in crumbs if scope.can_see(user, u)}


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


def _validation_messages(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


# --- overview ------------------------------------------------------------------------------


@login_required
def index(request):
    root = scope.home_unit(request.user)
    if root is None:
        return render(request, "residential_areas/no_scope.html", status=403)
    return redirect("recognition:unit", pk=root.pk)


@login_required
def unit(request, pk):
    unit = scope.unit_get_for_user(request.user, pk)
    year = _year(request)
    crumbs, can_open = _crumbs(request.user, unit)
    context = {
        "unit": unit,
        "year": year,
        "years": _years(),
        "crumbs": crumbs,
        "can_open": can_open,
        "figures": selectors.title_figures(unit=unit, year=year),
        "children": selectors.children_figures(unit=unit, year=year)
        if unit.level != UnitLevel.AREA
        else [],
        "meetings": EvaluationMeeting.objects.filter(
            year=year, unit__path__startswith=unit.path
        ).select_related("unit", "decision", "criteria_set")[:200],
        "decisions": Decision.objects.filter(year=year, unit__path__startswith=unit.path)[:100],
        "is_area": unit.level == UnitLevel.AREA,
        "is_commune": unit.level == UnitLevel.COMMUNE,
        "can_evaluate": scope.can_act(request.user, unit, EVALUATE_ROLES),
        "can_decide": scope.can_act(request.user, unit, DECIDE_ROLES),
        "can_commend": scope.can_act(request.user, unit, COMMEND_ROLES),
    }
    if unit.level == UnitLevel.AREA:
        meeting = EvaluationMeeting.objects.filter(
            kind=TitleKind.FAMILY, unit=unit, year=year
        ).first()
        evaluations = {e.household_id: e for e in meeting.evaluations.all()} if meeting else {}
        registered = set(
            Registration.objects.filter(area=unit, year=year, kind=TitleKind.FAMILY).values_list(
                "household_id", flat=True
            )
        )
        households = Household.objects.filter(area=unit).order_by("code")
        page = Paginator(households, 100).get_page(request.GET.get("page"))
        context.update(
            meeting=meeting,
            page=page,
            rows=[(h, h.pk in registered, evaluations.get(h.pk)) for h in page],
            registered_count=len(registered),
            registration_form=RegistrationForm(initial={"registered_on": timezone.localdate()}),
            area_registered=Registration.objects.filter(
                kind=TitleKind.AREA, area=unit, year=year
            ).exists(),
        )
    if unit.level == UnitLevel.COMMUNE:
        context["area_meeting"] = EvaluationMeeting.objects.filter(
            kind=TitleKind.AREA, unit=unit, year=year
        ).first()
    return render(request, "recognition/unit.html", context)


# --- registration --------------------------------------------------------------------------


def _register(request, *, unit, register) -> HttpResponse:
    """Read the registration date, call `register(year, registered_on)` (which returns the
    success message), report the outcome, and go back to the unit's page of the year."""
    year = _year(request)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            messages.success(request, register(year, form.cleaned_data["registered_on"]))
        except ValidationError as exc:
            _validation_messages(request, exc)
    else:
        messages.error(request, _("Ngày đăng ký không hợp lệ."))
    return redirect(f"{_unit_url(unit)}?year={year}")


@login_required
@require_POST
def register_all(request, pk):
    area = scope.unit_get_for_user(request.user, pk, write=True, write_roles=EVALUATE_ROLES)

    def register(year, registered_on):
        n = services.registrations_create_for_area(
            area=area, year=year, registered_on=registered_on, by=request.user
        )
        return _("Đã đăng ký thêm %(n)s hộ.") % {"n": n}

    return _register(request, unit=area, register=register)


@login_required
@require_POST
def register_household(request, pk):
    household = scope.get_in_scope(
        Household.objects.select_related("area"), request.user, unit_field="area", pk=pk
    )
    scope.ensure_can_act(request.user, household.area, EVALUATE_ROLES)

    def register(year, registered_on):
        services.registration_create(
            household=household, year=year, registered_on=registered_on, by=request.user
        )
        return _("Đã đăng ký hộ %(h)s.") % {"h": household.head_name}

    return _register(request, unit=household.area, register=register)


@login_required
@require_POST
def register_area(request, pk):
    """The residential area registers for "Khu dân cư văn hóa" of the year."""
    area = scope.unit_get_for_user(request.user, pk, write=True, write_roles=EVALUATE_ROLES)

    def register(year, registered_on):
        services.registration_create(
            area=area, year=year, registered_on=registered_on, by=request.user
        )
        return _("Khu dân cư đã đăng ký danh hiệu năm %(y)s.") % {"y": year}

    return _register(request, unit=area, register=register)


def _unit_url(unit):
    return reverse("recognition:unit", args=[unit.pk])


# --- the meeting ---------------------------------------------------------------------------


@login_required
def meeting_create(request, pk):
    kind = _kind(request)
    roles = EVALUATE_ROLES if kind == TitleKind.FAMILY else DECIDE_ROLES
    unit = scope.unit_get_for_user(request.user, pk, write=True, write_roles=roles)
    year = _year(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                kind=kind, unit=unit, year=year, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi cuộc họp bình xét."))
            return redirect("recognition:meeting", pk=meeting.pk)
    crumbs, can_open = _crumbs(request.user, unit)
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "title": _("Cuộc họp bình xét “%(kind)s” năm %(year)s — %(unit)s")
            % {"kind": TitleKind(kind).label, "year": year, "unit": unit.name},
            "hidden": {"kind": kind, "year": year},
            "crumbs": crumbs,
            "can_open": can_open,
            "back": f"{_unit_url(unit)}?year={year}",
        },
    )


@login_required
def meeting_detail(request, pk):
    meeting = meeting_get_for_user(request.user, pk)
    roles = EVALUATE_ROLES if meeting.kind == TitleKind.FAMILY else DECIDE_ROLES
    evaluations = meeting.evaluations.select_related("household", "area")
    crumbs, can_open = _crumbs(request.user, meeting.unit)
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
            services.meeting_update(meeting=meeting, **form.cleaned_data)
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
            services.meeting_post(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi việc niêm yết danh sách."))
            return redirect("recognition:meeting", pk=meeting.pk)
    return _meeting_form(request, meeting, form, _("Niêm yết danh sách đề nghị công nhận"))


def _meeting_form(request, meeting, form, title):
    crumbs, can_open = _crumbs(request.user, meeting.unit)
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
        return list(Household.objects.filter(area=meeting.unit, is_active=True).order_by("code"))
    on = selectors.year_end(unit=meeting.unit, year=meeting.year)
    return list(
        AdministrativeUnit.objects.as_of(on)
        .filter(parent=meeting.unit, level=UnitLevel.AREA)
        .order_by("name")
    )


@login_required
def meeting_results(request, pk):
    meeting = meeting_get_for_user(request.user, pk, write=True)
    if meeting.is_locked:
        raise PermissionDenied(str(services.MEETING_LOCKED))
    subjects = _subjects(meeting)
    key = "household_id" if meeting.kind == TitleKind.FAMILY else "area_id"
    existing = {getattr(e, key): e for e in meeting.evaluations.all()}
    form = EvaluationSheetForm(
        request.POST or None, meeting=meeting, subjects=subjects, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.evaluations_record(meeting=meeting, rows=form.service_rows())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã ghi kết quả: %(c)s mới, %(u)s sửa, %(n)s không đổi.")
                % {"c": counts["created"], "u": counts["updated"], "n": counts["unchanged"]},
            )
            return redirect("recognition:meeting", pk=meeting.pk)
    crumbs, can_open = _crumbs(request.user, meeting.unit)
    return render(
        request,
        "recognition/meeting_results.html",
        {"meeting": meeting, "form": form, "crumbs": crumbs, "can_open": can_open},
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
        counts, errors = importer.run(meeting, data, apply=True)
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
                counts, errors = importer.run(meeting, data, apply=False)
                context.update(counts=counts, errors=errors, dry_run=True)
                if not errors:
                    token = hashlib.sha256(data).hexdigest()
                    if not default_storage.exists(_import_path(token)):
                        default_storage.save(_import_path(token), ContentFile(data))
                    context["token"] = token
    crumbs, can_open = _crumbs(request.user, meeting.unit)
    context.update(crumbs=crumbs, can_open=can_open)
    return render(request, "recognition/import.html", context)


# --- the decision --------------------------------------------------------------------------


@login_required
def decision_create(request, pk):
    unit = scope.unit_get_for_user(request.user, pk, write=True, write_roles=DECIDE_ROLES)
    kind, year = _kind(request), _year(request)
    candidates = (
        EvaluationMeeting.objects.filter(
            kind=kind, year=year, unit__path__startswith=unit.path, decision__isnull=True
        )
        .select_related("unit", "criteria_set")
        .order_by("unit__path")
    )
    form = DecisionForm(request.POST or None, meetings=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                kind=kind,
                unit=unit,
                year=year,
                number=form.cleaned_data["number"],
                signed_on=form.cleaned_data["signed_on"],
                meetings=list(form.cleaned_data["meetings"]),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi quyết định công nhận."))
            return redirect("recognition:decision", pk=decision.pk)
    crumbs, can_open = _crumbs(request.user, unit)
    return render(
        request,
        "recognition/decision_form.html",
        {
            "form": form,
            "unit": unit,
            "kind": kind,
            "kind_label": TitleKind(kind).label,
            "year": year,
            "candidates": candidates,
            "crumbs": crumbs,
            "can_open": can_open,
        },
    )


def decision_get_for_user(user, pk) -> Decision:
    return scope.get_in_scope(Decision.objects.select_related("unit"), user, pk=pk)


def _decision_context(decision):
    recognitions = decision.recognitions.select_related("household", "area").order_by(
        "area__path", "household__head_name", "pk"
    )
    unit = decision.unit
    place = unit.name.removeprefix(str(unit.get_kind_display())).strip() or unit.name
    return {"decision": decision, "recognitions": recognitions, "place": place}


@login_required
def decision_detail(request, pk):
    decision = decision_get_for_user(request.user, pk)
    crumbs, can_open = _crumbs(request.user, decision.unit)
    context = _decision_context(decision) | {"crumbs": crumbs, "can_open": can_open}
    context["meetings"] = decision.meetings.select_related("unit")
    return render(request, "recognition/decision.html", context)


@login_required
def decision_pdf(request, pk):
    decision = decision_get_for_user(request.user, pk)
    html = render_to_string("recognition/decision_pdf.html", _decision_context(decision))
    response = HttpResponse(
        render_pdf(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="danh-sach-cong-nhan-{decision.year}-{decision.pk}.pdf"'
    )
    return response


# --- certificates --------------------------------------------------------------------------


@login_required
def eligible(request, pk):
    unit = scope.unit_get_for_user(request.user, pk)
    kind, year = _kind(request), _year(request)
    recognitions, criteria_set = selectors.certificate_eligible(unit=unit, year=year, kind=kind)
    page = Paginator(recognitions, 100).get_page(request.GET.get("page"))
    crumbs, can_open = _crumbs(request.user, unit)
    return render(
        request,
        "recognition/eligible.html",
        {
            "unit": unit,
            "kind": kind,
            "kinds": TitleKind.choices,
            "year": year,
            "years": _years(),
            "page": page,
            "criteria_set": criteria_set,
            "crumbs": crumbs,
            "can_open": can_open,
        },
    )


# --- criteria sets -------------------------------------------------------------------------


@login_required
def criteria_list(request):
    return render(
        request,
        "recognition/criteria_list.html",
        {
            "sets": CriteriaSet.objects.prefetch_related("groups"),
            "can_edit": scope.has_role(request.user, *CRITERIA_ROLES),
        },
    )


def _criteria_admin(request):
    # criteria sets are the province's: only its standing committee edits them
    if scope.home_unit(request.user) is None:
        raise Http404(scope.NOT_IN_SCOPE)
    if not scope.has_role(request.user, *CRITERIA_ROLES):
        raise PermissionDenied(scope.READ_ONLY)


def _criteria_get(pk):
    try:
        return CriteriaSet.objects.get(pk=pk)
    except (CriteriaSet.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def criteria_detail(request, pk):
    criteria_set = _criteria_get(pk)
    return render(
        request,
        "recognition/criteria_detail.html",
        {
            "cs": criteria_set,
            "groups": criteria_set.groups.all(),
            "can_edit": scope.has_role(request.user, *CRITERIA_ROLES),
            "frozen": criteria_set.is_frozen,
        },
    )


@login_required
def criteria_edit(request, pk):
    _criteria_admin(request)
    criteria_set = _criteria_get(pk)
    if criteria_set.is_frozen:
        messages.error(request, str(services.CRITERIA_SET_FROZEN))
        return redirect("recognition:criteria_detail", pk=criteria_set.pk)
    groups = [
        {
            "number": g.number,
            "kind": g.kind,
            "title": g.title,
            "description": g.description,
            "max_points": g.max_points,
        }
        for g in criteria_set.groups.all()
    ]
    form = CriteriaSetForm(request.POST or None, instance=criteria_set)
    formset = CriteriaGroupFormSet(request.POST or None, initial=groups, prefix="g")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {k: form.cleaned_data[k] for k in CriteriaSetForm.Meta.fields}
        try:
            services.criteria_set_update(
                criteria_set=criteria_set,
                groups=[f.cleaned_data for f in formset.forms],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu bộ tiêu chí."))
            return redirect("recognition:criteria_detail", pk=criteria_set.pk)
    return render(
        request,
        "recognition/criteria_form.html",
        {"cs": criteria_set, "form": form, "formset": formset},
    )


@login_required
def criteria_new_version(request, pk):
    _criteria_admin(request)
    source = _criteria_get(pk)
    form = NewVersionForm(request.POST or None, initial={"name": source.name})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.criteria_set_new_version(
                source=source,
                first_year=form.cleaned_data["first_year"],
                name=form.cleaned_data["name"] or None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo phiên bản mới của bộ tiêu chí."))
            return redirect("recognition:criteria_edit", pk=new.pk)
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "title": _("Phiên bản mới của: %(name)s") % {"name": source},
            "back": _criteria_url(source),
        },
    )


def _criteria_url(cs):
    return reverse("recognition:criteria_detail", args=[cs.pk])


# --- commendations -------------------------------------------------------------------------


@login_required
def commendation_list(request):
    qs = scope.filter_by_scope(
        Commendation.objects.select_related("unit", "household", "member_organization"),
        request.user,
    ).prefetch_related("content_areas")
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    root = scope.home_unit(request.user)
    return render(
        request,
        "recognition/commendation_list.html",
        {
            "page": page,
            "year": year,
            "years": _years(),
            "root": root,
            "can_commend": root is not None and scope.can_act(request.user, root, COMMEND_ROLES),
        },
    )


@login_required
def commendation_create(request, pk):
    unit = scope.unit_get_for_user(request.user, pk, write=True, write_roles=COMMEND_ROLES)
    households = Household.objects.filter(area__path__startswith=unit.path).order_by(
        "area__path", "head_name"
    )
    form = CommendationCreateForm(
        request.POST or None,
        households=households,
        member_organizations=MemberOrganization.objects.filter(
            unit__path__startswith=unit.path, is_active=True
        ),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        collective = data["subject_type"] == "collective"
        if collective and not (data["collective_name"] or data["member_organization"]):
            data["collective_name"] = unit.name
        try:
            services.commendation_create(unit=unit, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi khen thưởng."))
            return redirect("recognition:commendations")
    crumbs, can_open = _crumbs(request.user, unit)
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "title": _("Biểu dương, khen thưởng — %(unit)s") % {"unit": unit.name},
            "crumbs": crumbs,
            "can_open": can_open,
            "back": _commendations_url(),
        },
    )


def _commendations_url():
    return reverse("recognition:commendations")
