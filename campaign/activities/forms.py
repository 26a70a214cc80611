"""Forms for activities, plans, pilot models, festivals, conventions and budgets.

Forms validate and clean; the services in activities/services/ save. Choices of units and
organizations are limited to what the user may act on.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import scope
from accounts.models import WRITE_ROLES, Role, UnitRole
from core.forms import MAX_DONG, BootstrapFormMixin, CountField, DateInput
from residential_areas.models import AdministrativeUnit, UnitLevel

from ..models.base import MemberOrganization
from ..uploads import attachment_check
from . import selectors as sel
from . import services
from .models import (
    Activity,
    Assignment,
    BudgetCategory,
    BudgetLine,
    BudgetPlan,
    EvaluationRating,
    Festival,
    PilotModel,
    PlanTarget,
    VillageConvention,
    YearlyPlan,
)

# counts are typed as Vietnamese write them (1.250) in CountField's text boxes, which keep what
# was typed (the browser's number box lost "1.250"); their limits are the services', which the
# API meets too


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        depth = unit.path.count("/") - 1
        label = "\u2014 " * depth + unit.name
        if unit.valid_to:
            label += " " + str(_("(đến %(date)s)")) % {"date": unit.valid_to.strftime("%d/%m/%Y")}
        return label


class AttachmentField(forms.FileField):
    """PDF or image only, size-limited, checked by content (uploads.attachment_check)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("PDF hoặc ảnh (JPG, PNG, GIF, WEBP), dung lượng có giới hạn.")
        )
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            attachment_check(value)


def writable_units(user, roles, *, areas_only=False):
    qs = AdministrativeUnit.objects.filter(scope.scope_q(user, roles=roles)).order_by("path")
    if areas_only:
        qs = qs.filter(level=UnitLevel.AREA)
    return qs


def _orgs_for(user, *, member_only: bool):
    """Organizations the user may name as organizer: its own ones for a member organization;
    for the Front, those in its subtree and those of the levels above (a province union often
    holds its training in a commune)."""
    if member_only:
        return sel.user_organizations(user).filter(is_active=True)
    above = {pk for root in scope.scope_roots(user) for pk in root.ancestor_ids}
    return (
        MemberOrganization.objects.filter(is_active=True)
        .filter(scope.scope_q(user, "unit") | Q(unit__in=above))
        .select_related("unit")
    )


class ScopedForm(BootstrapFormMixin, forms.ModelForm):
    """A model form whose `unit` choices are the units the user may write in; the unit is
    fixed once the object exists (moving data between units would move it across scopes)."""

    unit_field = "unit"
    unit_roles = sel.FRONT_ROLES
    areas_only = False

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        if self.unit_field in self.fields:
            if editing:
                del self.fields[self.unit_field]
            else:
                field = self.fields[self.unit_field]
                self.fields[self.unit_field] = UnitChoiceField(
                    queryset=writable_units(user, self.unit_roles, areas_only=self.areas_only),
                    label=field.label,
                    help_text=field.help_text,
                )
                self.fields[self.unit_field].widget.attrs["class"] = "form-select"
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs={"class": "form-control"})

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class MemberOrganizationForm(ScopedForm):
    class Meta:
        model = MemberOrganization
        fields = ["unit", "kind", "name", "is_active", "users"]
        widgets = {"users": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # member_org users the Front can see: roles in its subtree or on the levels above
        above = {pk for root in scope.scope_roots(user) for pk in root.ancestor_ids}
        roles = UnitRole.objects.filter(role=Role.MEMBER_ORG).filter(
            scope.scope_q(user, "unit") | Q(unit__in=above)
        )
        field = self.fields["users"]
        field.queryset = (
            get_user_model()
            .objects.filter(pk__in=roles.values("user"))
            .order_by("last_name", "first_name", "username")
        )
        field.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        field.widget.attrs.pop("class", None)
        field.help_text = _("Người dùng có vai trò tổ chức thành viên, thay mặt tổ chức ghi nhận.")


class AssignmentForm(ScopedForm):
    class Meta:
        model = Assignment
        fields = ["unit", "year", "organization", "content_area", "task", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organization"].queryset = _orgs_for(user, member_only=False)


class YearlyPlanForm(ScopedForm):
    document = AttachmentField(label=_("Văn bản kế hoạch"))

    class Meta:
        model = YearlyPlan
        fields = ["unit", "year", "theme", "document_number", "issued_on", "summary", "document"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class PlanTargetForm(BootstrapFormMixin, forms.ModelForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = PlanTarget
        fields = ["content_area", "description", "target_value", "unit_of_measure"]


PlanTargetFormSet = forms.formset_factory(PlanTargetForm, extra=3, can_delete=True)


class ActivityForm(ScopedForm):
    """Quick entry: the fields a commune officer fills in from a phone after the event."""

    unit_roles = WRITE_ROLES  # member organizations record their activities too
    # declared fields take no initial value from the model's default: given here
    sessions = CountField(
        label=_("Số buổi/cuộc"), min_value=1, max_value=services.MAX_SESSIONS, initial=1
    )
    participants = CountField(
        label=_("Số người tham gia"), min_value=0, max_value=services.MAX_PEOPLE, initial=0
    )
    attachment = AttachmentField(label=_("Ảnh hoặc biên bản (tùy chọn)"))

    class Meta:
        model = Activity
        fields = [
            "unit",
            "date",
            "kind",
            "title",
            "organization",
            "sessions",
            "participants",
            "content_areas",
            "notes",
        ]
        widgets = {
            "content_areas": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Django puts the widget's class on the checkboxes' wrapper too, and Bootstrap's
        # form-check-input would squeeze that wrapper to 1em: plain checkboxes read better
        self.fields["content_areas"].widget.attrs.pop("class", None)
        member_only = not scope.has_role(user, *sel.FRONT_ROLES)
        self.fields["organization"].queryset = _orgs_for(user, member_only=member_only)
        if member_only:
            self.fields["organization"].required = True
            self.fields["organization"].empty_label = None
        if self.instance.pk:
            del self.fields["attachment"]  # more files are added on the activity's page
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        if "attachment" in data:
            attachment = data.pop("attachment")
            data["attachments"] = [attachment] if attachment else []
        return data


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = AttachmentField(label=_("Tệp đính kèm"), required=True)


class PilotModelForm(ScopedForm):
    unit_roles = WRITE_ROLES

    class Meta:
        model = PilotModel
        fields = [
            "unit",
            "name",
            "kind",
            "content_area",
            "organization",
            "started_on",
            "ended_on",
            "status",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        member_only = not scope.has_role(user, *sel.FRONT_ROLES)
        self.fields["organization"].queryset = _orgs_for(user, member_only=member_only)


class EvaluationForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=EvaluationRating.choices)
    notes = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplicationForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị nhân rộng"), queryset=AdministrativeUnit.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    notes = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.visible_units(user).exclude(level=UnitLevel.PROVINCE)


class FestivalForm(ScopedForm):
    unit_field = "area"
    participants = CountField(
        label=_("Số người tham dự"), min_value=0, max_value=services.MAX_PEOPLE, initial=0
    )
    praised_households = CountField(
        label=_("Số hộ được biểu dương"), min_value=0, max_value=services.MAX_PRAISED, initial=0
    )
    praised_people = CountField(
        label=_("Số cá nhân được biểu dương"),
        min_value=0,
        max_value=services.MAX_PRAISED,
        initial=0,
    )
    money_raised = CountField(
        label=_("Số tiền vận động (đồng)"), min_value=0, max_value=MAX_DONG, initial=0
    )

    class Meta:
        model = Festival
        fields = [
            "area",
            "year",
            "held_on",
            "participants",
            "praised_households",
            "praised_people",
            "money_raised",
            "activities",
            "self_review",
            "notes",
        ]
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 3}),
            "self_review": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if "area" in self.fields:
            # any unit the user writes in is offered; picking a non-area is refused with a reason
            self.fields["area"].queryset = writable_units(user, sel.FRONT_ROLES).exclude(
                level=UnitLevel.PROVINCE
            )
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def clean(self):
        data = super().clean()
        area = data.get("area") or getattr(self.instance, "area", None)
        if area is not None and area.level != UnitLevel.AREA:
            self.add_error("area" if "area" in self.fields else None, services.NOT_AN_AREA)
        year, held_on = data.get("year"), data.get("held_on")
        if year and held_on and held_on.year != year:
            self.add_error("held_on", services.DATE_OUTSIDE_YEAR % {"year": year})
        return data

    def _post_clean(self):
        # the service decides uniqueness and constraints with its own messages
        pass


class ConventionForm(ScopedForm):
    unit_field = "area"
    areas_only = True
    file = AttachmentField(label=_("Tệp văn bản"))
    summary = forms.CharField(
        label=_("Ghi chú về văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    replaces = forms.ModelChoiceField(
        label=_("Thay thế hương ước, quy ước cũ"),
        queryset=VillageConvention.objects.none(),
        required=False,
    )

    class Meta:
        model = VillageConvention
        fields = ["area", "kind", "title", "decision_number", "approved_on", "approved_by"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["replaces"].queryset = sel.conventions_list(user=user).exclude(
            status="replaced"
        )


class ConventionEditForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = VillageConvention
        fields = ["kind", "title", "approved_by", "status"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class RevisionForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định phê duyệt"), max_length=60)
    approved_on = forms.DateField(
        label=_("Ngày phê duyệt"),
        widget=DateInput(),
    )
    summary = forms.CharField(
        label=_("Nội dung sửa đổi, bổ sung"), widget=forms.Textarea(attrs={"rows": 3})
    )
    file = AttachmentField(label=_("Tệp văn bản sau sửa đổi"))


class BudgetPlanForm(ScopedForm):
    class Meta:
        model = BudgetPlan
        fields = ["unit", "year", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["year"]
        elif not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)

    def _post_clean(self):
        pass


class BudgetLineForm(BootstrapFormMixin, forms.ModelForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # no initial 0: an untouched extra row must stay "unchanged" and be skipped
    # whole đồng as written (1.500.000): a browser number box lost such a value, and Django's
    # IntegerField read "1.000" as 1
    planned = CountField(label=_("Dự toán (đồng)"), min_value=0, max_value=MAX_DONG)
    spent = CountField(label=_("Đã chi (đồng)"), min_value=0, max_value=MAX_DONG)

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "planned", "spent", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a blank first: a select always sends its first choice, so without it an untouched
        # extra row counted as changed and asked for its amounts (no budget of one line saved)
        self.fields["category"].choices = [("", "---------"), *BudgetCategory.choices]

    def clean(self):
        data = super().clean()
        planned, spent = data.get("planned") or 0, data.get("spent") or 0
        for name in ("planned", "spent"):
            if (data.get(name) or 0) < 0:
                self.add_error(name, services.NEGATIVE)
        # judged only when both amounts were read: "1,5" refused as the plan is not a plan of 0
        both = "planned" in data and "spent" in data
        if both and spent > planned and not (data.get("note") or "").strip():
            self.add_error("note", services.OVERSPEND_NEEDS_NOTE)
        return data

    def _post_clean(self):
        pass


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=2, can_delete=True)


class ReviewForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def formset_rows(formset) -> list[dict]:
    """The rows of a bound, valid formset, minus deleted and empty ones, as service dicts."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        row = {k: v for k, v in data.items() if k != "DELETE"}
        if not row.get("id"):
            row.pop("id", None)
        rows.append(row)
    return rows
