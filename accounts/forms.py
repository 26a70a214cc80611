from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from residential_areas.models import AdministrativeUnit

from .models import Role


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class UserCreateForm(BootstrapFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        error_messages={"invalid": _("Chỉ dùng chữ không dấu, số và các ký tự . @ + - _")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class RoleGrantForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần sai, tài khoản sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Ban Thường trực tỉnh."),
    }


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass
