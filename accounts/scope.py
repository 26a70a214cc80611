"""The one scope rule of the portal.

A user holds roles, each bound to one administrative unit. A role sees that unit and
everything below it (a prefix of the materialized path), nothing beside or above it. Every
view, API endpoint, export and report asks this module which units a user may see or act on;
objects outside scope are 404, objects the user may only read are 403 on writes.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from residential_areas.models import AdministrativeUnit
from residential_areas.selectors import unit_cached

from .models import WRITE_ROLES, Role, UnitRole

NOT_IN_SCOPE = "Không tìm thấy dữ liệu trong phạm vi đơn vị của bạn."
READ_ONLY = "Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu này."


def province_root() -> AdministrativeUnit | None:
    """The root of the tree (the province): where province-wide rights are checked."""
    return AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()


def _roles(user) -> list[tuple[str, str, int, str]]:
    """(role, unit path, unit id, unit name) of the user, cached on the user object for the
    request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_scope_roles", None)
    if cached is None:
        # the units come whole in the same query: scope_roots() needs no other
        held = list(UnitRole.objects.filter(user=user).select_related("unit"))
        units = {r.unit.path: r.unit for r in held}
        cached = [(r.role, r.unit.path, r.unit_id, r.unit.name) for r in held]
        if user.is_superuser and not cached:
            root = province_root()
            if root:
                cached = [(Role.PROVINCE_ADMIN, root.path, root.pk, root.name)]
                units = {root.path: root}
        user._scope_roles, user._scope_units = cached, units
    return cached


def clear_cache(user) -> None:
    for name in ("_scope_roles", "_scope_units"):
        if hasattr(user, name):
            delattr(user, name)


def roles_of(user) -> set[str]:
    return {role for role, _path, _id, _name in _roles(user)}


def held_roles(user) -> list[tuple[str, str]]:
    """(role label, unit name) of each role the user holds, in tree order: no query."""
    return [
        (Role(role).label, name)
        for role, _path, _id, name in sorted(_roles(user), key=lambda r: (r[1], r[0]))
    ]


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def unit_ids_with_role(user, *roles: str) -> set[int]:
    """The units the user holds one of `roles` on itself (not the units below them)."""
    return {unit_id for role, _path, unit_id, _name in _roles(user) if role in roles}


def _paths(user, roles: Iterable[str] | None = None) -> list[str]:
    wanted = set(roles) if roles is not None else None
    paths = sorted({p for r, p, _id, _name in _roles(user) if wanted is None or r in wanted})
    # drop paths already covered by a shorter one
    kept: list[str] = []
    for p in paths:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def scope_q(user, field: str = "", *, roles: Iterable[str] | None = None) -> Q:
    """A Q object selecting rows whose unit (reached through `field`) lies in the user's scope."""
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q(pk__in=[])
    for p in _paths(user, roles):
        q |= Q(**{lookup: p})
    return q


def scope_roots(user) -> list[AdministrativeUnit]:
    """The top units of the user's scope, in tree order: units of its own roles, read with
    them."""
    paths = _paths(user)
    units = getattr(user, "_scope_units", {})
    return [units[p] for p in paths]  # _paths() is sorted, and each path is a role's unit


def visible_units(user) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(scope_q(user))


def filter_by_scope(qs: QuerySet, user, unit_field: str = "unit") -> QuerySet:
    return qs.filter(scope_q(user, unit_field))


def can_see(user, unit: AdministrativeUnit) -> bool:
    return any(unit.path.startswith(p) for p in _paths(user))


def can_act(user, unit: AdministrativeUnit, roles: Iterable[str] | None = None) -> bool:
    """True when one of the user's write roles (restricted to `roles`) covers `unit`."""
    allowed = set(roles) if roles is not None else set(WRITE_ROLES)
    allowed &= set(WRITE_ROLES)
    return any(unit.path.startswith(p) for p in _paths(user, allowed))


def ensure_can_act(user, unit: AdministrativeUnit, roles: Iterable[str] | None = None) -> None:
    """404 when the unit is out of sight, 403 when the user may only read it."""
    if not can_see(user, unit):
        raise Http404(NOT_IN_SCOPE)
    if not can_act(user, unit, roles):
        raise PermissionDenied(READ_ONLY)


def get_in_scope(
    qs: QuerySet,
    user,
    *,
    unit_field: str = "unit",
    write_roles: Iterable[str] | None = None,
    write: bool = False,
    **lookup,
):
    """Fetch one object of `qs` by `lookup`, with the unit it belongs to (`unit_field`).

    404 outside scope, 403 on a write the user may not do. The unit's path is checked here, by
    the rule filter_by_scope() puts in SQL: one object needs no LIKE per scope path in its
    query (a fifth of a detail page's lookup). `qs` is a queryset of model instances that can
    join the unit (not values(), and an only() that keeps `unit_field`)."""
    try:
        obj = qs.select_related(unit_field).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_IN_SCOPE) from None
    unit = obj
    for part in unit_field.split("__"):
        unit = getattr(unit, part, None)
    if unit is None or not can_see(user, unit):
        raise Http404(NOT_IN_SCOPE)
    if write:
        ensure_can_act(user, unit, write_roles)
    return obj


def unit_get_for_user(user, pk, *, write: bool = False, write_roles=None) -> AdministrativeUnit:
    """The unit `pk` if the user sees it (404 otherwise; 403 on a write it may not do). Read
    from the cache of the tree, which every change to a unit renews."""
    try:
        unit = unit_cached(int(pk))
    except (AdministrativeUnit.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_IN_SCOPE) from None
    if not can_see(user, unit):
        raise Http404(NOT_IN_SCOPE)
    if write:
        ensure_can_act(user, unit, write_roles)
    return unit


def home_unit(user) -> AdministrativeUnit | None:
    """The highest unit the user sees: where its pages start."""
    roots = scope_roots(user)
    return roots[0] if roots else None
