import functools

from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role


@functools.lru_cache(maxsize=256)
def _menu(roles: frozenset, urlconf) -> tuple[tuple[str, str, str], ...]:
    """The menu of a set of roles: the same on every page, so built once per process."""
    items = [
        (_("Trang chủ"), reverse("home"), "home"),
        (_("Địa bàn"), reverse("residential_areas:unit_list"), "residential_areas"),
    ]
    for label, url_name, section, allowed in NAV_EXTRA:
        if allowed is None or roles & allowed:
            try:
                items.append((str(label), reverse(url_name), section))
            except NoReverseMatch:  # an app registered a menu entry for a page it lacks
                continue
    if Role.PROVINCE_ADMIN in roles:
        items.append((_("Người dùng"), reverse("accounts:user_list"), "accounts"))
    return tuple(items)


def navigation(request):
    """The navigation menu, by the roles the user holds."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = scope.roles_of(user)
    items = _menu(frozenset(roles), get_urlconf())
    section = getattr(request.resolver_match, "app_name", "") or getattr(
        request.resolver_match, "url_name", ""
    )
    from reporting.selectors import unread_count

    return {
        "unread_notifications": unread_count(user=user),
        "nav_items": items,
        "nav_section": section,
        "user_roles": sorted(Role(r).label for r in roles),
    }


# (label, url name, section, roles that see it or None for everyone); apps append here as they
# gain pages, in the order the menu shows them
NAV_EXTRA: list[tuple[str, str, str, frozenset | None]] = []
