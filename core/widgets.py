"""The picker: a <select> that, past `settings.PICKER_MAX_OPTIONS` choices (30 unless set),
static/js/picker.js turns into a search box with suggestions (an ARIA combobox) fed by a small
JSON endpoint of the app that owns the objects.

A short list stays a plain <select> with every choice: scrolling ten units beats typing. A long
one sends only the chosen value (a page of 1.817 units is no use to anyone) and the page says
that searching needs JavaScript. The endpoint and the form's queryset both go through the scope
rule: the form still refuses a value outside its queryset, whatever the script sent.

The labels of units and households are here too, so that the select, the suggestions and the
pages say the same: "Phường Trần Phú (từ 01/07/2025)" beside "Phường Trần Phú (đến 30/06/2025)".
"""

import contextlib
import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

PICKER_MIN_CHARS = 2
PICKER_MAX_CHARS = 100
PICKER_MAX_RESULTS = 20
PICKER_MAX_OPTIONS = 30


def _day(value: datetime.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def unit_validity(unit) -> str:
    """ "từ 01/07/2025", "đến 30/06/2025", "01/01/2020 – 30/06/2025" or "" for a unit that has
    always existed (any object with `valid_from` and `valid_to`)."""
    start, end = unit.valid_from, unit.valid_to
    if start and end:
        return f"{_day(start)} – {_day(end)}"
    if end:
        return _("đến %(day)s") % {"day": _day(end)}
    if start:
        return _("từ %(day)s") % {"day": _day(start)}
    return ""


def unit_label(unit) -> str:
    """The unit's name with its validity: "Phường Trần Phú (từ 01/07/2025)"."""
    life = unit_validity(unit)
    return f"{unit.name} ({life})" if life else unit.name


def unit_place(unit, parent_name: str | None = None) -> str:
    """Its level and parent: "Cấp xã · thuộc Tỉnh Hà Tĩnh"."""
    parts = [str(unit.get_level_display())]
    parent_name = parent_name if parent_name is not None else getattr(unit.parent, "name", "")
    if parent_name:
        parts.append(_("thuộc %(parent)s") % {"parent": parent_name})
    return " · ".join(parts)


def unit_option_label(unit) -> str:
    """One line for a <select>: "Phường Trần Phú (từ 01/07/2025) · Cấp xã · thuộc Tỉnh Hà Tĩnh"
    (select_related("parent") on the queryset keeps it one query)."""
    return f"{unit_label(unit)} · {unit_place(unit)}"


def household_place(household, area_name: str | None = None) -> str:
    """ "Thôn Lạc Thiện · mã H001"."""
    area_name = area_name if area_name is not None else household.area.name
    return f"{area_name} · " + _("mã %(code)s") % {"code": household.code}


def household_option_label(household) -> str:
    return f"{household.head_name} · {household_place(household)}"


class PickerSelect(forms.Select):
    """A select enhanced into a search box by static/js/picker.js.

    `url` is the name of the search endpoint, or a callable giving its path; `params` are
    fixed query parameters sent with every search (a level, a subtree)."""

    template_name = "django/forms/widgets/select.html"

    def __init__(self, attrs=None, *, url: str = "", params: dict | None = None, max_options=None):
        super().__init__(attrs)
        self.url = url
        self.params = params or {}
        self.max_options = max_options

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.params = dict(self.params)
        return obj

    def _search_url(self) -> str:
        from django.urls import reverse

        path = reverse(self.url) if self.url and not self.url.startswith("/") else self.url
        query = urlencode({k: v for k, v in self.params.items() if v not in (None, "")})
        return f"{path}?{query}" if query else path

    def _too_many(self) -> bool:
        limit = self.max_options
        if limit is None:
            limit = getattr(settings, "PICKER_MAX_OPTIONS", PICKER_MAX_OPTIONS)
        choices = self.choices
        return hasattr(choices, "queryset") and choices.queryset.count() > limit

    def get_context(self, name, value, attrs):
        too_many = self._too_many()
        if too_many:
            # only the chosen value (and the empty choice): the script finds the others
            iterator = self.choices
            chosen = [v for v in (value if isinstance(value, list | tuple) else [value]) if v]
            kept = []
            if iterator.field.empty_label is not None:
                kept.append(("", iterator.field.empty_label))
            if chosen:
                # a value typed into the address bar ("abc") chooses nothing
                with contextlib.suppress(ValueError, TypeError):
                    kept += [iterator.choice(o) for o in iterator.queryset.filter(pk__in=chosen)]
            original, self.choices = self.choices, kept
        attrs = dict(attrs or {})
        if too_many:
            attrs.update(
                {"data-picker": self._search_url(), "data-picker-min": str(PICKER_MIN_CHARS)}
            )
        else:  # a plain select: the script leaves it alone
            attrs = {k: v for k, v in attrs.items() if not k.startswith("data-picker")}
        self._partial = too_many
        try:
            context = super().get_context(name, value, attrs)
        finally:
            if too_many:
                self.choices = original
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if getattr(self, "_partial", False):
            hint = _("Danh sách dài: cần bật JavaScript để tìm và chọn.")
            # both sides are safe strings: the sum stays one
            html += format_html('<noscript><div class="form-text">{}</div></noscript>', hint)
        return html
