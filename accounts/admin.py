from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from core.admin import HistoryAdmin

from .models import UnitRole

# API tokens are neither listed nor made in the admin: they are issued at POST /api/token/ after
# the password and the second factor (knox registers its own admin, with a form to make them)
admin.site.unregister(AuthToken)

User = get_user_model()
admin.site.unregister(User)


@admin.register(UnitRole)
class UnitRoleAdmin(HistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    raw_id_fields = ["user", "unit"]


class UserChangeForm(auth_admin.UserChangeForm):
    class Meta(auth_admin.UserChangeForm.Meta):
        labels = {"first_name": _("Họ và tên")}
        help_texts = {"first_name": _("Ghi đầy đủ theo đúng thứ tự, vd. Nguyễn Thị Kế Toán.")}


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin with one full-name field: Vietnamese names are one name in their own
    order, kept in `first_name` (migration 0004); `last_name` is not shown."""

    form = UserChangeForm
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "email"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("first_name", "email")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )

    @admin.display(description=_("Họ và tên"), ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name()
