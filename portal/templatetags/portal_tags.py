from django import template

register = template.Library()


@register.filter
def with_csrf(header, token):
    """{{ header|with_csrf:csrf_token }}: the page header with the page's own CSRF token."""
    return header.with_csrf(token)


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }}: look a key up in a dict (empty list when absent)."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.filter
def seen_by(unit, user) -> bool:
    """{% if unit|seen_by:user %}: breadcrumbs link only the ancestors the user may open."""
    from accounts import scope

    return scope.can_see(user, unit)
