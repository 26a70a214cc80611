import functools
from html import escape

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role
from core.navigation import NAV_EXTRA


@functools.lru_cache(maxsize=256)
def _menu(roles: frozenset, urlconf) -> tuple[tuple[str, str, str], ...]:
    """The menu of a set of roles: the same on every page, so built once per process."""
    items = [(_("Trang chủ"), reverse("home"), "home")]
    # a member organization works at the province on its reports and assigned households: the
    # tree of units is not its section
    if roles - {Role.MEMBER_ORG}:
        items.append((_("Địa bàn"), reverse("residential_areas:unit_list"), "residential_areas"))
    for label, url_name, section, allowed in NAV_EXTRA:
        if allowed is None or roles & allowed:
            try:
                items.append((str(label), reverse(url_name), section))
            except NoReverseMatch:  # an app registered a menu entry for a page it lacks
                continue
    if Role.PROVINCE_ADMIN in roles:
        items.append((_("Người dùng"), reverse("accounts:user_list"), "accounts"))
    return tuple(items)


_CSRF_SLOT = "\x00csrf\x00"


@functools.lru_cache(maxsize=1024)
def _header_html(key: tuple) -> str:
    """The page header of one combination of menu, section, unread count, name and roles:
    rendered once per process, with a slot for the request's CSRF field."""
    _language, _urlconf, items, section, unread, name, roles = key
    return render_to_string(
        "includes/header.html",
        {
            "authenticated": True,
            "nav_items": items,
            "nav_section": section,
            "unread_notifications": unread,
            "display_name": name,
            "user_roles": roles,
            "csrf_input": _CSRF_SLOT,
        },
    )


def unread_for(user) -> int:
    """The user's unread notices, read once a request (the header and the home page both
    show them)."""
    from reporting.selectors import unread_count

    count = getattr(user, "_unread_count", None)
    if count is None:
        count = user._unread_count = unread_count(user=user)
    return count


class _Header:
    """The header of an authenticated page, rendered when the template shows it (and only
    then: fragments rendered with the request don't need it). base.html shows it with the
    page's CSRF token (`with_csrf`), the one its meta tag carries: each token Django hands out
    is masked afresh, and masking is a tenth of the header's time."""

    def __init__(self, request):
        self.request = request

    def with_csrf(self, token) -> str:
        field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
        return mark_safe(self._html.replace(_CSRF_SLOT, field))  # noqa: S308 - escaped here

    @cached_property
    def html(self) -> str:
        """The header with a token of its own, for a template that shows `{{ header }}`."""
        return self.with_csrf(get_token(self.request))

    @cached_property
    def _html(self) -> str:
        request, user = self.request, self.request.user
        roles = scope.roles_of(user)
        match = request.resolver_match
        key = (
            get_language(),
            get_urlconf(),
            _menu(frozenset(roles), get_urlconf()),
            getattr(match, "app_name", "") or getattr(match, "url_name", ""),
            unread_for(user),
            user.get_full_name() or user.username,
            tuple(sorted(Role(r).label for r in roles)),
        )
        return _header_html(key)  # our template's output, with a slot for the CSRF field

    def __html__(self) -> str:
        return self.html

    __str__ = __html__


@functools.lru_cache(maxsize=64)
def _frame(_language, _urlconf, _script_prefix, _static_url, _debug) -> dict[str, str]:
    """What every page has around its content and is the same on each: the style sheets, the
    footer and the scripts, rendered once per language and address scheme. Their static and
    reverse() lookups were half of base.html's time."""
    return {
        "head": mark_safe(render_to_string("includes/page_head.html")),  # noqa: S308 - ours
        "foot": mark_safe(render_to_string("includes/page_foot.html")),  # noqa: S308 - ours
    }


def navigation(request):
    """The page frame, and for a signed-in user the header: the menu by the roles the user
    holds, notices, the user's roles."""
    frame = _frame(
        get_language(), get_urlconf(), get_script_prefix(), settings.STATIC_URL, settings.DEBUG
    )
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"frame": frame}
    return {"frame": frame, "header": _Header(request)}
