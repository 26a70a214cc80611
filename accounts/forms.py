import json

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.widgets import PickerSelect, unit_option_label
from residential_areas.models import AdministrativeUnit

from .models import ROLE_LEVELS, Role
from .services import role_check_level


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the user's scope, found by typing (the picker); labelled with its level, parent
    and validity, so that "Phường Trần Phú (từ 01/07/2025)" is told from the old one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PickerSelect(url="residential_areas:unit_picker"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{unit_option_label(obj)} · " + str(_("mã %(code)s") % {"code": obj.code})


class _UnitRoleMixin:
    """The unit offered by the picker as of today, at the level of the role chosen; a role on a
    unit of another level is refused beside the unit (the service refuses it too)."""

    def _set_units(self, units):
        field = self.fields["unit"]
        if units is not None:
            field.queryset = units.select_related("parent")
        field.widget.params = {"on": timezone.localdate().isoformat()}
        field.widget.attrs.update(
            {
                "data-picker-role-field": "role",
                "data-picker-role-levels": json.dumps({k: list(v) for k, v in ROLE_LEVELS.items()}),
            }
        )

    def clean(self):
        data = super().clean()
        unit, role = data.get("unit"), data.get("role")
        if unit is not None and role:
            try:
                role_check_level(role=role, unit=unit)
            except ValidationError as exc:
                self.add_error("unit", exc)
        return data


class UserCreateForm(_UnitRoleMixin, BootstrapFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        error_messages={"invalid": _("Chỉ dùng chữ không dấu, số và các ký tự . @ + - _")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_units(units)

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class RoleGrantForm(_UnitRoleMixin, BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_units(units)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần sai, tài khoản sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Ban Thường trực tỉnh."),
    }


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass
