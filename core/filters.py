"""django-filter, strict: the API refuses what its schema does not allow.

django-filter's NumberFilter accepts "0.5" for an integer column and year 0 reaches the database
as an impossible date; an empty "?as_of=" is silently ignored. The API's schema promises
integers, real years and dates, so this backend holds the requests to it (400 in Vietnamese)."""

from django import forms
from django_filters import BooleanFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    TRUE, FALSE = ("true", "True", "1"), ("false", "False", "0")

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in self.TRUE or value is True:
            return True
        if value in self.FALSE or value is False:
            return False
        raise forms.ValidationError("Chỉ nhận true hoặc false.", code="invalid")

    def validate(self, value):
        pass


# what a list reads besides its filters: the page, its size, DRF's format switch
GENERAL_PARAMETERS = frozenset({"page", "page_size", "format"})
UNKNOWN_PARAMETERS = "Tham số không được hỗ trợ: {names}. Các tham số nhận được: {known}."


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        # an unknown or misspelt filter was ignored, and the whole list came back as if it
        # had been applied: name it instead
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(filterset_class.base_filters) if filterset_class else set()
        known |= GENERAL_PARAMETERS
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            raise ValidationError(
                {
                    "detail": UNKNOWN_PARAMETERS.format(
                        names=", ".join(unknown), known=", ".join(sorted(known))
                    )
                }
            )
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        empty = [
            name
            for name in filterset.filters
            if name in request.query_params and request.query_params[name] == ""
        ]
        if empty:
            raise ValidationError({name: ["Tham số này không được để trống."] for name in empty})
        for name, flt in filterset.filters.items():
            if isinstance(flt, BooleanFilter):
                flt.field_class = StrictBooleanField
                flt.extra["widget"] = forms.TextInput  # the default widget turns "null" into None
                continue
            if not isinstance(flt, NumberFilter) or flt.field_class is not forms.DecimalField:
                continue
            if "year" in name or flt.lookup_expr == "year":
                flt.field_class = YearField
            elif not _is_fractional(queryset.model, flt.field_name):
                # ids, counts and money (whole đồng) are integers
                flt.field_class = forms.IntegerField
        return filterset


def _is_fractional(model, path: str) -> bool:
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return isinstance(field, models.DecimalField | models.FloatField)
