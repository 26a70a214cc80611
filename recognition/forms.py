from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import ContentArea
from core.forms import BootstrapFormMixin, CountField, DateInput

from .models import (
    CommendationForm,
    CommendationLevel,
    CommuneCategory,
    CriteriaSet,
    GroupKind,
    Occasion,
    PassRule,
    SubjectType,
    TitleKind,
)
from .services import meetings

DATE = DateInput()


class MeetingForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Ngày họp bình xét"), widget=DATE)
    # the service's limit, said beside the box
    invited = CountField(
        label=_("Số được mời (hộ / đại biểu)"), min_value=1, max_value=meetings.MAX_ATTENDANCE
    )
    attending = CountField(label=_("Số tham dự"), min_value=0, max_value=meetings.MAX_ATTENDANCE)
    category = forms.ChoiceField(
        label=_("Địa bàn (để chọn điểm đạt)"),
        choices=CommuneCategory.choices,
        initial=CommuneCategory.GENERAL,
        help_text=_("Chỉ dùng khi bộ tiêu chí chấm điểm (Nghị định 122/2018)."),
    )


class PostingForm(BootstrapFormMixin, forms.Form):
    posted_on = forms.DateField(label=_("Ngày niêm yết danh sách"), widget=DATE)
    objections = forms.CharField(
        label=_("Ý kiến, kiến nghị trong thời gian niêm yết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistrationForm(BootstrapFormMixin, forms.Form):
    registered_on = forms.DateField(label=_("Ngày đăng ký"), widget=DATE)


class DecisionForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=60)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DATE)
    meetings = forms.ModelMultipleChoiceField(
        label=_("Các cuộc họp bình xét được công nhận"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meetings"].queryset = meetings
        self.fields["meetings"].label_from_instance = lambda m: (
            f"{m.unit.name} — {m.held_on:%d/%m/%Y}, {m.attending}/{m.invited}"
        )


class EvaluationSheetForm(forms.Form):
    """One row per household (or residential area): the groups, the votes, the poor flag."""

    def __init__(self, *args, meeting, subjects, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.groups = list(meeting.criteria_set.groups.all())
        self.subjects = subjects
        self.with_poor = meeting.kind == TitleKind.FAMILY and (
            meeting.criteria_set.rule == PassRule.SCORE
        )
        self.rows = []
        for subject in subjects:
            ev = existing.get(subject.pk)
            names = []
            for g in self.groups:
                name = f"r{subject.pk}_g{g.number}"
                value = ev.results.get(str(g.number)) if ev else None
                if g.kind == GroupKind.SCORED:
                    field = forms.IntegerField(required=False, label=f"{subject} — {g.number}")
                    field.widget.attrs.update({"class": "form-control form-control-sm"})
                else:
                    field = forms.BooleanField(required=False, label=f"{subject} — {g.number}")
                    field.widget.attrs.update({"class": "form-check-input"})
                field.initial = value
                self.fields[name] = field
                names.append(name)
            votes = forms.IntegerField(
                required=False, label=_("Số phiếu đồng ý"), initial=ev.votes_for if ev else None
            )
            votes.widget.attrs.update({"class": "form-control form-control-sm"})
            self.fields[f"r{subject.pk}_votes"] = votes
            if self.with_poor:
                poor = forms.BooleanField(
                    required=False,
                    label=_("Hộ nghèo, cận nghèo"),
                    initial=ev.is_poor if ev else False,
                )
                poor.widget.attrs.update({"class": "form-check-input"})
                self.fields[f"r{subject.pk}_poor"] = poor
            self.rows.append((subject, names, ev))

    def row_fields(self):
        for subject, names, ev in self.rows:
            poor = self[f"r{subject.pk}_poor"] if self.with_poor else None
            yield subject, [self[n] for n in names], self[f"r{subject.pk}_votes"], poor, ev

    def service_rows(self) -> list[dict]:
        """Rows with a vote count are recorded; rows left blank are not evaluated."""
        key = "household" if self.meeting.kind == TitleKind.FAMILY else "area"
        rows = []
        for subject, names, _ev in self.rows:
            votes = self.cleaned_data.get(f"r{subject.pk}_votes")
            if votes is None:
                continue
            results = {}
            for g, name in zip(self.groups, names, strict=True):
                results[g.number] = self.cleaned_data.get(name)
            rows.append(
                {
                    key: subject,
                    "label": str(subject),
                    "results": results,
                    "votes_for": votes,
                    "is_poor": bool(self.cleaned_data.get(f"r{subject.pk}_poor")),
                }
            )
        return rows


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) theo mẫu"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class CriteriaSetForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CriteriaSet
        fields = [
            "name",
            "legal_basis",
            "pass_mark",
            "pass_mark_urban",
            "pass_mark_disadvantaged",
            "standard_floor_pct",
            "attendance_min_pct",
            "attendance_basis",
            "agreement_min_pct",
            "agreement_basis",
            "certificate_after_years",
            "certificate_basis",
            "vote_deadline_day",
            "vote_deadline_month",
            "vote_deadline_inclusive",
            "vote_deadline_basis",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "attendance_min_pct": _("Để trống nếu không có văn bản quy định (không áp dụng)."),
            "agreement_min_pct": _("Để trống nếu không có văn bản quy định (không áp dụng)."),
            "certificate_after_years": _("Để trống nếu không có văn bản quy định."),
            "vote_deadline_inclusive": _(
                "Bỏ chọn khi phải họp xong trước ngày hạn (Nghị định 86/2023: trước 25/11)."
            ),
        }


class CriteriaGroupForm(BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=GroupKind.choices, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Nhóm tiêu chí"), max_length=300)
    description = forms.CharField(
        label=_("Nội dung chi tiết"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_points = forms.IntegerField(label=_("Điểm tối đa"), required=False, min_value=1)


CriteriaGroupFormSet = forms.formset_factory(CriteriaGroupForm, extra=0)


class NewVersionForm(BootstrapFormMixin, forms.Form):
    first_year = forms.IntegerField(label=_("Áp dụng từ năm"), min_value=2018, max_value=2100)
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=200, required=False)
    effective_from = forms.DateField(
        label=_("Áp dụng cho cuộc họp ghi từ ngày"),
        required=False,
        widget=DATE,
        help_text=_(
            "Chỉ khi sửa quy tắc của cùng năm: cuộc họp đã ghi giữ phiên bản đã dùng để bình xét."
        ),
    )


class CommendationCreateForm(BootstrapFormMixin, forms.Form):
    subject_type = forms.ChoiceField(label=_("Đối tượng"), choices=SubjectType.choices)
    person_name = forms.CharField(label=_("Họ và tên (cá nhân)"), max_length=120, required=False)
    household = forms.ModelChoiceField(label=_("Hộ gia đình"), queryset=None, required=False)
    collective_name = forms.CharField(
        label=_("Tên tập thể"),
        max_length=200,
        required=False,
        help_text=_("Để trống khi khen chính đơn vị này (ví dụ khu dân cư)."),
    )
    member_organization = forms.ModelChoiceField(
        label=_("Tổ chức thành viên (tập thể)"), queryset=None, required=False
    )
    level = forms.ChoiceField(label=_("Cấp khen"), choices=CommendationLevel.choices)
    form = forms.ChoiceField(label=_("Hình thức"), choices=CommendationForm.choices)
    reason = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decided_on = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    occasion = forms.ChoiceField(label=_("Dịp"), choices=Occasion.choices)
    content_areas = forms.ModelMultipleChoiceField(
        label=_("Nội dung Cuộc vận động"),
        queryset=ContentArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    title_kind = forms.ChoiceField(
        label=_("Khen danh hiệu nhiều năm liền"),
        choices=[("", _("Không"))] + list(TitleKind.choices),
        required=False,
        help_text=_("Giấy khen cho danh hiệu nhiều năm liền: số năm liên tục được tính lại."),
    )

    def __init__(self, *args, households, member_organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["member_organization"].queryset = member_organizations
