from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import scope
from core.forms import BootstrapFormMixin
from core.widgets import PickerSelect, unit_option_label
from residential_areas.models import AdministrativeUnit, UnitLevel

from .models import ReportKind
from .services import PROVINCE_KINDS, UNIT_REPORT_ROLES, roles_for_kind

PROVINCE_KINDS_ROLES = tuple(roles_for_kind("annual_province"))

CHECKSUM_SHAPE = _("Mã kiểm tra gồm 64 ký tự 0-9, a-f.")
NOTHING_TO_CHECK = _("Hãy tải lên tệp báo cáo hoặc dán mã kiểm tra.")
FILE_TOO_BIG = _("Tệp quá lớn (tối đa %(mb)s MB).")


REPORT_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)


class ReportUnitField(forms.ModelChoiceField):
    """Old and new units of the same name both report (a year before 7/2025 is the old tree's):
    the label tells them apart by their validity, level and parent."""

    def label_from_instance(self, obj):
        return unit_option_label(obj)


class ReportRunForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices)
    unit = ReportUnitField(
        label=_("Đơn vị"),
        queryset=AdministrativeUnit.objects.none(),
        widget=PickerSelect(
            url="residential_areas:unit_picker", params={"level": ",".join(REPORT_LEVELS)}
        ),
    )
    year = forms.IntegerField(
        label=_("Năm (năm cuối với sơ kết, tổng kết)"), min_value=2000, max_value=2100
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.filter(scope.scope_q(user, roles=UNIT_REPORT_ROLES))
            .filter(level__in=REPORT_LEVELS)
            .select_related("parent")
            .order_by("path")
        )
        units = self.fields["unit"].queryset
        if len(units[:2]) == 1:  # a commune's own unit: nothing to choose
            self.fields["unit"].initial = units[0].pk
        self.fields["year"].initial = timezone.localdate().year
        if not scope.has_role(user, *PROVINCE_KINDS_ROLES):
            self.fields["kind"].choices = [
                (value, label) for value, label in ReportKind.choices if value not in PROVINCE_KINDS
            ]


class VerifyForm(BootstrapFormMixin, forms.Form):
    checksum = forms.CharField(label=_("Mã kiểm tra (SHA-256)"), required=False, max_length=80)
    file = forms.FileField(label=_("Hoặc tải lên tệp PDF/Excel của báo cáo"), required=False)

    def clean_checksum(self):
        value = "".join(self.cleaned_data["checksum"].split()).lower()
        if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
            raise forms.ValidationError(CHECKSUM_SHAPE)
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.VERIFY_UPLOAD_MAX_SIZE
        if upload and upload.size > limit:
            raise forms.ValidationError(FILE_TOO_BIG % {"mb": limit // (1024 * 1024)})
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("checksum") and not data.get("file") and not self.errors:
            raise forms.ValidationError(NOTHING_TO_CHECK)
        return data
