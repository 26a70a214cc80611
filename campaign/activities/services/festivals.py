"""The Great Unity festival (18/11) of a residential area, once a year."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Festival
from ._common import (
    apply_fields,
    check_area,
    check_counts,
    check_date_in_year,
    check_valid_on,
    check_year,
    ensure_front,
)

FESTIVAL_EXISTS = "Khu dân cư này đã có Ngày hội Đại đoàn kết năm %(year)s."


FESTIVAL_FIELDS = {
    "year",
    "held_on",
    "participants",
    "activities",
    "self_review",
    "praised_households",
    "praised_people",
    "money_raised",
    "notes",
}


def _festival_checks(festival: Festival) -> None:
    check_area("area", festival.area)
    check_year(festival.year)
    check_date_in_year("held_on", festival.held_on, festival.year)
    check_valid_on("held_on", festival.area, festival.held_on)
    check_counts(
        participants=festival.participants,
        praised_households=festival.praised_households,
        praised_people=festival.praised_people,
        money_raised=festival.money_raised,
    )
    taken = Festival.objects.filter(area=festival.area, year=festival.year)
    if taken.exclude(pk=festival.pk).exists():
        raise ValidationError({"year": _(FESTIVAL_EXISTS) % {"year": festival.year}})


@transaction.atomic
def festival_create(*, by, area, **fields) -> Festival:
    ensure_front(by, area)
    festival = Festival(area=area)
    apply_fields(festival, fields, FESTIVAL_FIELDS)
    _festival_checks(festival)
    festival.full_clean()
    festival.save()
    return festival


@transaction.atomic
def festival_update(*, festival: Festival, by, **fields) -> Festival:
    ensure_front(by, festival.area)
    apply_fields(festival, fields, FESTIVAL_FIELDS)
    _festival_checks(festival)
    festival.full_clean()
    festival.save()
    return festival
