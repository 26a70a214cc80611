from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }}: look a key up in a dict (empty list when absent)."""
    if not mapping:
        return []
    return mapping.get(key, [])
