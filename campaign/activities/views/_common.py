"""What the activities pages share: the unit and year a list is filtered on, the tabs, paging,
and the one shape of every page that writes (a form whose valid POST goes to a service)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import scope
from accounts.models import WRITE_ROLES
from residential_areas import selectors as unit_selectors
from residential_areas.selectors import unit_children

from .. import selectors as sel

FORM = "campaign/activities/form.html"
T = "campaign/activities/"
YEARS_BACK = 4
# fmt: off
# Every create and update page by its URL name: its title, what it says once saved, the page it
# goes to then and its way back (a record's own page, or a list).
PAGES = {
    "activity_create":   (_("Ghi nhận hoạt động"),                 _("Đã ghi nhận hoạt động."),         "activity_detail",   "activity_list"),
    "activity_update":   (_("Sửa hoạt động"),                      _("Đã lưu hoạt động."),              "activity_detail",   "activity_detail"),
    "org_create":        (_("Thêm tổ chức thành viên"),            _("Đã thêm tổ chức thành viên."),    "org_list",          "org_list"),
    "org_update":        (_("Sửa tổ chức thành viên"),             _("Đã lưu tổ chức thành viên."),     "org_list",          "org_list"),
    "assignment_create": (_("Phân công"),                          _("Đã lưu phân công."),              "assignment_list",   "assignment_list"),
    "assignment_update": (_("Sửa phân công"),                      _("Đã lưu phân công."),              "assignment_list",   "assignment_list"),
    "plan_create":       (_("Chủ đề và kế hoạch năm"),             _("Đã lưu kế hoạch năm."),           "plan_detail",       "plan_list"),
    "plan_update":       (_("Sửa kế hoạch năm"),                   _("Đã lưu kế hoạch năm."),           "plan_detail",       "plan_detail"),
    "pilot_create":      (_("Thêm mô hình điểm"),                  _("Đã lưu mô hình."),                "pilot_detail",      "pilot_list"),
    "pilot_update":      (_("Sửa mô hình"),                        _("Đã lưu mô hình."),                "pilot_detail",      "pilot_detail"),
    "festival_create":   (_("Ngày hội Đại đoàn kết toàn dân tộc"), _("Đã lưu Ngày hội Đại đoàn kết."),  "festival_detail",   "festival_list"),
    "festival_update":   (_("Sửa Ngày hội Đại đoàn kết"),          _("Đã lưu Ngày hội Đại đoàn kết."),  "festival_detail",   "festival_detail"),
    "convention_create": (_("Thêm hương ước, quy ước"),            _("Đã lưu hương ước, quy ước."),     "convention_detail", "convention_list"),
    "convention_update": (_("Sửa thông tin hương ước, quy ước"),   _("Đã lưu hương ước, quy ước."),     "convention_detail", "convention_detail"),
    "budget_create":     (_("Kế hoạch kinh phí"),                  _("Đã lưu kế hoạch kinh phí."),      "budget_detail",     "budget_list"),
    "budget_update":     (_("Sửa kế hoạch kinh phí"),              _("Đã lưu kế hoạch kinh phí."),      "budget_detail",     "budget_detail"),
}
# fmt: on
# the tabs of the activities pages: (section, url name, label)
SECTIONS = [
    ("activities", "activities:activity_list", _("Hoạt động")),
    ("festivals", "activities:festival_list", _("Ngày hội 18/11")),
    ("conventions", "activities:convention_list", _("Hương ước, quy ước")),
    ("pilots", "activities:pilot_list", _("Mô hình điểm")),
    ("plans", "activities:plan_list", _("Chủ đề, kế hoạch năm")),
    ("assignments", "activities:assignment_list", _("Phân công")),
    ("orgs", "activities:org_list", _("Tổ chức thành viên")),
    ("budgets", "activities:budget_list", _("Kinh phí")),
]


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


def page_of(request, qs, size=50):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def require(user, roles) -> None:
    if not scope.has_role(user, *roles):
        raise PermissionDenied(_(scope.READ_ONLY))


def choice_param(request, name, choices):
    """?name= when it is one of `choices` (a TextChoices), else None."""
    value = request.GET.get(name) or None
    return value if value in choices.values else None


def list_context(request, section, **extra):
    """The context of a list page: its tab, the unit and year it shows, their crumbs and
    children, and what the user may do there."""
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


def list_page(request, section, rows, template):
    """A plain list page: `rows(user, unit, year)` gives the list's rows, one page shown."""
    ctx = list_context(request, section)
    ctx["page"] = page_of(request, rows(user=request.user, unit=ctx["unit"], year=ctx["year"]))
    return render(request, T + template, ctx)


def _merge_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)


def attempt(form, call):
    """Run a service; a ValidationError becomes form errors and nothing is saved."""
    try:
        return call()
    except ValidationError as exc:
        _merge_errors(form, exc)
        return None


def new_form(request, form_class, roles=sel.FRONT_ROLES, **initial):
    """The form of a create page, which only a user holding one of `roles` may open."""
    require(request.user, roles)
    return form_class(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )


def edit_form(request, pk, fetch, form_class):
    """The record an update page changes, fetched for writing, and its form. The form gets a
    copy of its own: validating writes into the form's instance, and the service must see the
    record as it was."""
    record = fetch(user=request.user, pk=pk, write=True)
    form = form_class(
        request.POST or None, instance=fetch(user=request.user, pk=pk), user=request.user
    )
    return record, form


def saved(request, form, save, done, formset=None, **fixed):
    """A POST whose form (and formset) is valid goes to the service: `save(by=user, **fixed,
    **data)`, the data being the form's `service_kwargs()` where it has them. Returns what was
    saved, `done` being said to the user, or None: nothing saved, the errors are on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    if formset is not None and not formset.is_valid():
        return None
    data = form.service_kwargs() if hasattr(form, "service_kwargs") else form.cleaned_data
    record = attempt(form, lambda: save(by=request.user, **fixed, **data))
    if record:
        messages.success(request, done)
    return record


def _url(name, record):
    # a record's own page needs its pk; a list does not
    name = "activities:" + name
    return reverse(name, args=[record.pk]) if name.endswith("_detail") else reverse(name)


def form_page(request, page, form, save, formset=None, **fixed):
    """Every create and update page, `page` being its URL name in PAGES: a valid POST is saved
    (see `saved`) and goes on to the page PAGES names; otherwise the form is shown, again with
    400 after a POST."""
    title, done, then, back = PAGES[page]
    record = saved(request, form, save, done, formset, **fixed)
    if record:
        return redirect(_url(then, record))
    context = {
        "title": title,
        "form": form,
        "formset": formset,
        "back": _url(back, form.instance),
        "multipart": form.is_multipart(),
    }
    return render(request, FORM, context, status=400 if request.method == "POST" else 200)
