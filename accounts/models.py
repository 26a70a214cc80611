from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from residential_areas.models import UnitLevel


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Ban Thường trực tỉnh (quản trị)")
    MOVEMENT_BOARD = "movement_board", _("Ban Phong trào tỉnh")
    DISTRICT_COMMITTEE = "district_committee", _("Ban Thường trực MTTQ cấp huyện")
    COMMUNE_COMMITTEE = "commune_committee", _("Ủy ban MTTQ cấp xã")
    RESIDENTIAL_BOARD = "residential_board", _("Ban Công tác Mặt trận khu dân cư")
    MEMBER_ORG = "member_org", _("Tổ chức thành viên")
    VIEWER = "viewer", _("Xem (lãnh đạo, kiểm tra)")


def user_display_name(user) -> str:
    """The full name as typed ("Nguyễn Thị Kế Toán"), else the username. The portal keeps
    Django's user model: the full name is its `first_name` and `last_name` stays empty
    (migration 0004), so `get_full_name()` returns it unchanged."""
    return user.get_full_name() or user.get_username()


# Roles that may change data in their subtree; `viewer` only reads.
WRITE_ROLES = frozenset(r for r in Role.values if r != Role.VIEWER)
PROVINCE_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.MOVEMENT_BOARD})

# The level of unit each role is bound to: a residential-area board runs one residential area,
# never a whole commune. Member organizations and viewers exist at several levels.
_PROVINCE, _DISTRICT, _COMMUNE, _AREA = (
    UnitLevel.PROVINCE,
    UnitLevel.DISTRICT,
    UnitLevel.COMMUNE,
    UnitLevel.AREA,
)
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.PROVINCE_ADMIN: (_PROVINCE,),
    Role.MOVEMENT_BOARD: (_PROVINCE,),
    Role.DISTRICT_COMMITTEE: (_DISTRICT,),
    Role.COMMUNE_COMMITTEE: (_COMMUNE,),
    Role.RESIDENTIAL_BOARD: (_AREA,),
    Role.MEMBER_ORG: (_PROVINCE, _DISTRICT, _COMMUNE),
    Role.VIEWER: (_PROVINCE, _DISTRICT, _COMMUNE, _AREA),
}


class UnitRole(models.Model):
    """One role of a user, bound to one administrative unit (and so to its subtree)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_roles"
    )
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="user_roles",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vai trò theo đơn vị")
        verbose_name_plural = _("vai trò theo đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unit_role_unique"),
        ]

    def __str__(self):
        return f"{user_display_name(self.user)} - {self.get_role_display()} - {self.unit}"


class PersonalDataAccessManager(models.Manager):
    def log(self, *, user_id: int, action: str, view_name: str, object_ids: str) -> None:
        """Write one entry. It is written on every page that shows a household, so it is one
        plain INSERT: create() costs three times its CPU (the instance, save(), signals, the
        returned id), a tenth of a search page's."""
        from django.db import connection
        from django.utils import timezone

        at = connection.ops.adapt_datetimefield_value(timezone.now())
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (user_id, at, action, view_name, object_ids)"  # noqa: S608
                " VALUES (%s, %s, %s, %s, %s)",
                [user_id, at, action, view_name, object_ids[:200]],
            )


class PersonalDataAccess(models.Model):
    """Who looked at, searched or exported household personal data, when, and which record or
    unit. Personal values themselves (names, search words) are never written here."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem")
        SEARCH = "search", _("Tìm kiếm")
        EXPORT = "export", _("Xuất tệp")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    view_name = models.CharField(max_length=120)
    object_ids = models.CharField(max_length=200, blank=True)

    objects = PersonalDataAccessManager()

    class Meta:
        verbose_name = _("nhật ký truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{user_display_name(self.user)} {self.action} {self.view_name} {self.at:%d/%m/%Y %H:%M}"
