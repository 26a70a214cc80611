"""django-filter, strict: the API refuses what its schema does not allow.

django-filter's NumberFilter accepts "0.5" for an integer column and year 0 reaches the database
as an impossible date; an empty "?as_of=" is silently ignored. The API's schema promises
integers, real years and dates, so this backend holds the requests to it (400 in Vietnamese)."""

from django import forms
from django_filters import BooleanFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

# Django's Vietnamese for "Enter a whole number." reads "Nhập một số tổng thể."
NOT_A_WHOLE_NUMBER = "Cần một số nguyên."
YEAR_RANGE = "Năm phải là một số nguyên từ 1900 đến 2100."


class IntegerField(forms.IntegerField):
    default_error_messages = {"invalid": NOT_A_WHOLE_NUMBER}


class YearField(IntegerField):
    default_error_messages = {
        "invalid": YEAR_RANGE,
        "min_value": YEAR_RANGE,
        "max_value": YEAR_RANGE,
    }

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
    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None:
            _label_filters(filterset_class)
        return filterset_class

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
                flt.field_class = IntegerField
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


def _label_filters(filterset_class) -> None:
    """A filter generated from a model field has no label until a filterset is instantiated, so
    the schema showed its parameter without help: label it from the field's Vietnamese
    verbose name ("Năm", "Mã số (id) hộ gia đình") once, on the class."""
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.text import capfirst

    model = filterset_class._meta.model
    if model is None:
        return
    for flt in filterset_class.base_filters.values():
        if flt._label is not None:
            continue
        field, current = None, model
        for part in flt.field_name.split("__"):
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                field = None
                break
            if field.is_relation and field.related_model is not None:
                current = field.related_model
        if field is None or not hasattr(field, "verbose_name"):
            continue
        verbose = str(field.verbose_name)
        flt.label = f"Mã số (id) {verbose}" if field.is_relation else capfirst(verbose)
