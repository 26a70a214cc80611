from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from residential_areas.models import AdministrativeUnit

from . import scope
from .models import PROVINCE_ROLES, Role, UnitRole

ROLE_OUTSIDE_SCOPE = "Bạn chỉ được gán vai trò cho đơn vị trong phạm vi của mình."
PROVINCE_ROLE_NEEDS_ROOT = "Vai trò cấp tỉnh chỉ gán cho đơn vị cấp tỉnh."
ROLE_EXISTS = "Người dùng đã có vai trò này ở đơn vị này."
USERNAME_TAKEN = "Tên đăng nhập đã được dùng."

User = get_user_model()


@transaction.atomic
def user_create(*, by, username: str, full_name: str, email: str, password: str, unit, role: str):
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _(USERNAME_TAKEN)})
    last, _sep, first = full_name.strip().rpartition(" ")
    user = User(username=username, first_name=first, last_name=last, email=email)
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
    if UnitRole.objects.filter(user=user, unit=unit, role=role).exists():
        raise ValidationError(_(ROLE_EXISTS))
    unit_role = UnitRole.objects.create(user=user, unit=unit, role=role)
    if role == Role.PROVINCE_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    scope.clear_cache(user)
    return unit_role


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
