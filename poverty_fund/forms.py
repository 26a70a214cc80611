"""Forms validate and clean; services write."""

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.models import MemberOrganization
from core.forms import BootstrapFormMixin, CountField, DateField, DateInput
from core.widgets import PickerSelect, household_option_label

from . import services
from .models import (
    Channel,
    DonorKind,
    Drive,
    Fund,
    HouseKind,
    HouseStatus,
    PovertyStatus,
    Purpose,
    StatusBasis,
    SupporterKind,
    SupportSource,
)

DATE_WIDGET = DateInput()
BATCH_LINE = _("Dòng %(n)s: cần “Tên người ủng hộ; số tiền”, ví dụ “Nguyễn Văn A; 200.000”.")
PERIOD_ORDER = _("Ngày kết thúc phải sau ngày bắt đầu.")


class AmountField(forms.CharField):
    """Whole đồng, typed as 1.234.567 or 1234567; never a float."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Số tiền (đồng)"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return services.clean_amount(value)
        except ValidationError as exc:  # the service's message, under this box
            raise ValidationError(exc.message_dict["amount"]) from None


CHECKED = ("on", "true", "True", "1")


def _today():
    return timezone.localdate()


def _new_token():
    return uuid.uuid4().hex


class DonationForm(BootstrapFormMixin, forms.Form):
    donor_name = forms.CharField(label=_("Người/đơn vị ủng hộ"), max_length=200)
    donor_kind = forms.ChoiceField(label=_("Loại"), choices=DonorKind.choices)
    donor_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    is_anonymous = forms.BooleanField(label=_("Đề nghị không công khai tên"), required=False)
    amount = AmountField()
    date = forms.DateField(label=_("Ngày nhận"), initial=_today, widget=DATE_WIDGET)
    channel = forms.ChoiceField(label=_("Hình thức"), choices=Channel.choices)
    bank_reference = forms.CharField(
        label=_("Mã giao dịch chuyển khoản"), max_length=100, required=False
    )
    in_kind_description = forms.CharField(
        label=_("Hiện vật (nếu ủng hộ bằng hiện vật)"), max_length=255, required=False
    )
    drive = forms.ChoiceField(label=_("Đợt vận động"), choices=Drive.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    confirm_duplicate_reference = forms.BooleanField(
        label=_("Tôi đã kiểm tra: đây là một khoản khác, vẫn ghi dù mã giao dịch đã có trong quỹ"),
        required=False,
    )
    # one token per form shown: the same form posted twice (a double click, a reload) finds
    # the receipt it already made instead of making another
    form_token = forms.CharField(
        max_length=100, required=False, widget=forms.HiddenInput, initial=_new_token
    )

    def __init__(self, *args, ask_confirm: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # the confirmation is asked only once the reference was found in the fund
        confirmed = self.is_bound and self.data.get("confirm_duplicate_reference") in CHECKED
        if not (ask_confirm or confirmed):
            self.fields["confirm_duplicate_reference"].widget = forms.HiddenInput()


class BatchForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên đợt thu"), max_length=200)
    date = forms.DateField(label=_("Ngày"), initial=_today, widget=DATE_WIDGET)
    drive = forms.ChoiceField(label=_("Đợt vận động"), choices=Drive.choices)
    donor_kind = forms.ChoiceField(label=_("Loại người ủng hộ"), choices=DonorKind.choices)
    expected_count = CountField(label=_("Số phiếu đã kiểm đếm"), min_value=1, max_value=100_000)
    expected_total = AmountField(label=_("Tổng tiền đã kiểm đếm (đồng)"))
    lines = forms.CharField(
        label=_("Danh sách ủng hộ"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Mỗi dòng một khoản: “Tên người ủng hộ; số tiền”."),
    )

    def clean_lines(self):
        lines = self.cleaned_data["lines"].splitlines()
        count = sum(1 for line in lines if line.strip())
        if count > services.BATCH_MAX_LINES:
            # refused before a line is read: the fund is not held for a day's worth of lines
            raise ValidationError(
                services.BATCH_TOO_LONG % {"max": services.BATCH_MAX_LINES, "n": count}
            )
        rows = []
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0]:
                raise ValidationError(BATCH_LINE % {"n": n})
            try:
                amount = services.clean_amount(parts[1])
            except ValidationError as exc:
                message = exc.message_dict["amount"][0]
                if message == str(services.AMOUNT_INVALID):  # not an amount: show the form
                    raise ValidationError(BATCH_LINE % {"n": n}) from None
                raise ValidationError(f"Dòng {n}: {message}") from None
            rows.append({"donor_name": parts[0], "amount": amount})
        return rows


class HouseholdChoiceField(forms.ModelChoiceField):
    """A household found by typing its head's name or code (the picker), labelled with its
    residential area and code: two "Nguyễn Văn An" are two different lines."""

    def label_from_instance(self, obj):
        return household_option_label(obj)


class DisbursementForm(BootstrapFormMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Mục đích chi"), choices=Purpose.choices)
    household = HouseholdChoiceField(
        label=_("Hộ được hỗ trợ"),
        queryset=None,
        required=False,
        widget=PickerSelect(url="residential_areas:household_picker"),
    )
    house = forms.ModelChoiceField(label=_("Nhà Đại đoàn kết"), queryset=None, required=False)
    beneficiary = forms.CharField(
        label=_("Đối tượng/nội dung chi (khi không chi cho một hộ)"),
        max_length=255,
        required=False,
    )
    amount = AmountField()
    date = forms.DateField(label=_("Ngày chi"), initial=_today, widget=DATE_WIDGET)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    approved_by = forms.CharField(label=_("Người phê duyệt"), max_length=120)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, households, houses, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        if unit is not None:  # the fund's unit: its households only
            self.fields["household"].widget.params = {"unit": unit.pk}
        self.fields["house"].queryset = houses


class TransferForm(BootstrapFormMixin, forms.Form):
    to_fund = forms.ModelChoiceField(label=_("Quỹ nhận"), queryset=None)
    amount = AmountField()
    date = forms.DateField(label=_("Ngày"), initial=_today, widget=DATE_WIDGET)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, from_fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        # the open funds above and below this one on its branch (the service checks the date)
        unit, today = from_fund.unit, timezone.localdate()
        self.fields["to_fund"].queryset = (
            Fund.objects.filter(
                Q(unit__path__startswith=unit.path) | Q(unit_id__in=unit.ancestor_ids)
            )
            .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=today))
            .filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=today))
            .exclude(pk=from_fund.pk)
            .exclude(unit__level=unit.level)
            .select_related("unit")
            .order_by("unit__path")
        )


class ReverseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do đảo bút toán"), max_length=255)


class FundCreateForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    name = forms.CharField(label=_("Tên quỹ"), max_length=200, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PeriodForm(forms.Form):
    start = DateField(label=_("Từ ngày"), required=False)
    end = DateField(label=_("Đến ngày"), required=False)
    q = forms.CharField(label=_("Tìm theo tên, số tiền, mã giao dịch"), required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or datetime.date(today.year, 1, 1)
        end = data.get("end") or datetime.date(start.year, 12, 31)
        if end < start:
            start, end = end, start
        return start, end


class StatusForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    basis = forms.ChoiceField(label=_("Căn cứ"), choices=StatusBasis.choices)
    income = forms.IntegerField(
        label=_("Thu nhập bình quân (đ/người/tháng)"), min_value=0, required=False
    )
    deprivations = forms.MultipleChoiceField(
        label=_("Chỉ số thiếu hụt"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label=_("Tình trạng (khi theo quyết định)"),
        choices=[("", "—"), *PovertyStatus.choices],
        required=False,
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE_WIDGET)
    surveyed_on = forms.DateField(
        label=_("Ngày rà soát (để trống: 31/12 của năm)"), required=False, widget=DATE_WIDGET
    )
    is_hardship = forms.BooleanField(label=_("Hoàn cảnh đặc biệt khó khăn"), required=False)
    supporter_kind = forms.ChoiceField(
        label=_("Đơn vị hỗ trợ"), choices=SupporterKind.choices, required=False
    )
    supporter_org = forms.ModelChoiceField(
        label=_("Tổ chức thành viên"), queryset=None, required=False
    )
    supporter_name = forms.CharField(
        label=_("Tên đơn vị/cá nhân hỗ trợ"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, household, standard, **kwargs):
        super().__init__(*args, **kwargs)
        path = household.area.path
        prefixes = [path[: i + 1] for i, c in enumerate(path) if c == "/"]
        self.fields["supporter_org"].queryset = MemberOrganization.objects.filter(
            unit__path__in=prefixes, is_active=True
        ).order_by("unit__path", "name")
        indicators = standard.indicators if standard else []
        self.fields["deprivations"].choices = [(i["code"], i["label"]) for i in indicators]


class HouseForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=HouseKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    approved_on = forms.DateField(label=_("Ngày phê duyệt"), initial=_today, widget=DATE_WIDGET)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)


class HouseAdvanceForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=_("Ngày"), initial=_today, widget=DATE_WIDGET)


class HouseSupportForm(BootstrapFormMixin, forms.Form):
    source = forms.ChoiceField(label=_("Nguồn"), choices=SupportSource.choices)
    amount = AmountField(required=False)
    labour_days = forms.IntegerField(label=_("Ngày công"), min_value=0, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class HousePhotoForm(BootstrapFormMixin, forms.Form):
    image = forms.ImageField(label=_("Ảnh"))
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=HouseStatus.choices)
    caption = forms.CharField(label=_("Chú thích"), max_length=200, required=False)

    def clean_image(self):
        from django.conf import settings

        image = self.cleaned_data["image"]
        if image.size > settings.MAX_UPLOAD_SIZE:
            raise ValidationError(_("Ảnh quá lớn."))
        return image
