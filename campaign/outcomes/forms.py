"""Forms of the outcomes pages: they validate and clean; campaign/outcomes/services.py saves."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, DateInput
from residential_areas.models import AdministrativeUnit

from .models import ModelKind, UnitStatus
from .selectors import STATUS_CHOICES_BY_KIND

# the criteria of Quyết định 33/2014/QĐ-UBND are for rural residential areas
RURAL_AREA_KINDS = ("thon", "xom")


def _year_field(label):
    this_year = timezone.localdate().year
    return forms.IntegerField(label=label, min_value=2000, max_value=this_year + 1)


class StatusDecisionForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Mức đạt chuẩn"), choices=UnitStatus.choices)
    withdraws = forms.BooleanField(
        label=_("Đây là quyết định thu hồi mức đạt chuẩn này"), required=False
    )
    year = _year_field(_("Năm đạt chuẩn"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=200,
        help_text=_("Ví dụ: UBND tỉnh Hà Tĩnh"),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, unit: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        # only the levels the unit's kind may hold: the service refuses the others too
        allowed = STATUS_CHOICES_BY_KIND.get(unit.kind, [])
        self.fields["status"].choices = [(s.value, s.label) for s in allowed]
        self.fields["year"].initial = timezone.localdate().year


class ModelRecognitionForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ModelKind.choices)
    area = forms.ModelChoiceField(label=_("Khu dân cư"), queryset=AdministrativeUnit.objects.none())
    name = forms.CharField(
        label=_("Chủ vườn (với vườn mẫu)"),
        max_length=200,
        required=False,
        help_text=_("Họ và tên chủ hộ có vườn được công nhận."),
    )
    year = _year_field(_("Năm công nhận"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)

    def __init__(self, *args, unit: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = AdministrativeUnit.objects.filter(
            path__startswith=unit.path, level="area", kind__in=RURAL_AREA_KINDS
        ).order_by("-valid_from", "name")
        self.fields["area"].label_from_instance = _area_label
        self.fields["year"].initial = timezone.localdate().year


def _area_label(area: AdministrativeUnit) -> str:
    if area.valid_to:
        return _("%(name)s (đến %(end)s)") % {
            "name": area.name,
            "end": area.valid_to.strftime("%d/%m/%Y"),
        }
    return area.name
