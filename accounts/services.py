from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from residential_areas.models import AdministrativeUnit, UnitLevel

from . import scope
from .models import PROVINCE_ROLES, ROLE_LEVELS, Role, UnitRole

ROLE_OUTSIDE_SCOPE = "Bạn chỉ được gán vai trò cho đơn vị trong phạm vi của mình."
PROVINCE_ROLE_NEEDS_ROOT = "Vai trò cấp tỉnh chỉ gán cho đơn vị cấp tỉnh."
ROLE_EXISTS = "Người dùng đã có vai trò này ở đơn vị này."
ROLE_WRONG_LEVEL = (
    "Vai trò “%(role)s” chỉ gán cho đơn vị %(levels)s; “%(unit)s” là đơn vị %(level)s."
)
USERNAME_TAKEN = "Tên đăng nhập đã được dùng."

User = get_user_model()


@transaction.atomic
def user_create(*, by, username: str, full_name: str, email: str, password: str, unit, role: str):
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _(USERNAME_TAKEN)})
    # one full name in its own order ("Nguyễn Thị Kế Toán"), never split: see migration 0004
    user = User(
        username=username, first_name=" ".join(full_name.split()), last_name="", email=email
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    role_grant(by=by, user=user, unit=unit, role=role)
    return user


@transaction.atomic
def role_grant(*, by, user, unit: AdministrativeUnit, role: str) -> UnitRole:
    if not scope.can_act(by, unit, [Role.PROVINCE_ADMIN]):
        raise ValidationError(_(ROLE_OUTSIDE_SCOPE))
    if role in PROVINCE_ROLES and unit.parent_id is not None:
        raise ValidationError(_(PROVINCE_ROLE_NEEDS_ROOT))
    role_check_level(role=role, unit=unit)
    if UnitRole.objects.filter(user=user, unit=unit, role=role).exists():
        raise ValidationError(_(ROLE_EXISTS))
    unit_role = UnitRole.objects.create(user=user, unit=unit, role=role)
    if role == Role.PROVINCE_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    scope.clear_cache(user)
    return unit_role


def _level_name(level: str) -> str:
    # "Cấp xã" -> "cấp xã", "Khu dân cư" -> "khu dân cư": inside a sentence
    label = str(UnitLevel(level).label)
    return label[:1].lower() + label[1:]


def role_check_level(*, role: str, unit: AdministrativeUnit) -> None:
    """A role binds to a unit of its level (ROLE_LEVELS); else a Vietnamese error naming the role
    and the level expected. The form asks it too, so the page says it beside the unit."""
    allowed = ROLE_LEVELS.get(role, ())
    if unit.level in allowed:
        return
    names = [_level_name(level) for level in allowed]
    levels = names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" hoặc ") + names[-1]
    raise ValidationError(
        _(ROLE_WRONG_LEVEL)
        % {
            "role": Role(role).label,
            "levels": levels,
            "unit": unit.name,
            "level": _level_name(unit.level),
        },
        code="role_level",
    )


@transaction.atomic
def role_revoke(*, by, unit_role: UnitRole) -> None:
    if not scope.can_act(by, unit_role.unit, [Role.PROVINCE_ADMIN]):
        raise ValidationError(_(ROLE_OUTSIDE_SCOPE))
    user = unit_role.user
    unit_role.delete()
    if not UnitRole.objects.filter(user=user, role=Role.PROVINCE_ADMIN).exists() and user.is_staff:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    scope.clear_cache(user)


@transaction.atomic
def user_set_active(*, by, user, active: bool):
    # an inactive user is refused by the auth backend and by token authentication on its next
    # request, so deactivating logs it out everywhere without touching the session table
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


def user_unlock(*, by, user) -> None:
    """Clear the django-axes lockout of this account."""
    axes_reset(username=user.username)


def token_issue(*, user) -> tuple[AuthToken, str]:
    """A new API token for a user who has just given its password (and second factor): the
    row keeps a hash of it, so the key in clear is returned once, here."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return AuthToken.objects.create(user=user)


def tokens_revoke(*, user_id: int) -> int:
    """Delete every API token of the user: what it was given for (a password, roles, a second
    factor, an active account) has changed. accounts/signals.py calls it on each such change."""
    count, _detail = AuthToken.objects.filter(user_id=user_id).delete()
    return count
