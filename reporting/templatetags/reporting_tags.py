from django import template

from reporting.render import vn_number, vn_signed

register = template.Library()

register.filter("vn", vn_number)
register.filter("vn_signed", vn_signed)


@register.filter
def iso_date(value) -> str:
    """ "2026-11-25" (as the snapshot stores it) -> "25/11/2026"."""
    if not value:
        return ""
    y, m, d = str(value).split("-")
    return f"{d}/{m}/{y}"


@register.filter
def in_text(name: str) -> str:
    """ "Tỉnh Hà Tĩnh" -> "tỉnh Hà Tĩnh": a unit's kind is lower case inside a sentence."""
    return name[:1].lower() + name[1:] if name else name


@register.filter
def at(seq, index):
    """seq|at:i -> seq[i] (template helper for parallel lists)."""
    try:
        return seq[index]
    except (IndexError, KeyError, TypeError):
        return None
