from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from residential_areas.filters import SubtreeFilterSet


def run_service(call):
    """Run a service; its Django ValidationError becomes a 400 with the same messages."""
    try:
        return call()
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(exc.message_dict) from None
        raise ValidationError({"non_field_errors": exc.messages}) from None


class UnitFilter(SubtreeFilterSet):
    unit_path_field = "unit__path"
