from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, DateInput

from .models import Indicator, IndicatorSet

DATE = DateInput()


class YearOpenForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm báo cáo"), min_value=2016, max_value=2100)
    copy_from = forms.ModelChoiceField(
        label=_("Sao chép chỉ tiêu từ"),
        queryset=IndicatorSet.objects.order_by("-year"),
        required=False,
        empty_label=_("(bộ chỉ tiêu trống)"),
    )
    reporting_level = forms.ChoiceField(
        label=_("Cấp báo cáo"), choices=[("commune", _("Cấp xã")), ("district", _("Cấp huyện"))]
    )
    opens_on = forms.DateField(label=_("Ngày mở"), widget=DATE)
    due_on = forms.DateField(label=_("Hạn nộp"), widget=DATE)
    grace_days = forms.IntegerField(
        label=_("Số ngày gia hạn chung"), min_value=0, max_value=60, initial=0
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("due_on") and data["due_on"] < data["opens_on"]:
            self.add_error("due_on", _("Hạn nộp phải sau ngày mở."))
        return data


class IndicatorForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit_of_measure", "required", "min_value", "max_value", "part_of_code"]


class ExtensionForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    until = forms.DateField(label=_("Gia hạn đến"), widget=DATE)
    reason = forms.CharField(label=_("Lý do"), max_length=300)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
