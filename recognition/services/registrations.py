"""Households and residential areas registering for a title of the year."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from residential_areas.models import AdministrativeUnit, Household, UnitLevel

from ..models import EvaluationMeeting, Registration, TitleKind
from ._common import fail

REGISTRATION_CLOSED = _("Năm {year} đã có quyết định công nhận, không thể đăng ký thêm.")
ALREADY_REGISTERED = _("Hộ {household} đã đăng ký năm {year}.")
NOT_AN_AREA = _("Chỉ khu dân cư (thôn, xóm, tổ dân phố) mới đăng ký danh hiệu này.")


def _decided(*, kind: str, unit: AdministrativeUnit, year: int) -> bool:
    return EvaluationMeeting.objects.filter(
        kind=kind, year=year, unit=unit, decision__isnull=False
    ).exists()


@transaction.atomic
def registration_create(
    *,
    year: int,
    registered_on: datetime.date,
    household: Household | None = None,
    area: AdministrativeUnit | None = None,
    by=None,
) -> Registration:
    if household is not None:
        kind, area = TitleKind.FAMILY, household.area
        meeting_unit = area
        if Registration.objects.filter(kind=kind, household=household, year=year).exists():
            fail(ALREADY_REGISTERED, household=household, year=year)
    else:
        if area is None or area.level != UnitLevel.AREA:
            fail(NOT_AN_AREA)
        kind, meeting_unit = TitleKind.AREA, area.parent
        existing = Registration.objects.filter(kind=kind, area=area, year=year).first()
        if existing:
            return existing
    if _decided(kind=kind, unit=meeting_unit, year=year):
        fail(REGISTRATION_CLOSED, year=year)
    return Registration.objects.create(
        kind=kind,
        year=year,
        household=household,
        area=area,
        registered_on=registered_on,
        created_by=by,
    )


@transaction.atomic
def registrations_create_for_area(
    *, area: AdministrativeUnit, year: int, registered_on: datetime.date, by=None
) -> int:
    """Register every living household of the area not yet registered; returns how many."""
    if area.level != UnitLevel.AREA:
        fail(NOT_AN_AREA)
    if _decided(kind=TitleKind.FAMILY, unit=area, year=year):
        fail(REGISTRATION_CLOSED, year=year)
    missing = Household.objects.filter(area=area, is_active=True).exclude(
        title_registrations__year=year
    )
    count = 0
    for household in missing.order_by("pk"):
        Registration.objects.create(
            kind=TitleKind.FAMILY,
            year=year,
            household=household,
            area=area,
            registered_on=registered_on,
            created_by=by,
        )
        count += 1
    return count
