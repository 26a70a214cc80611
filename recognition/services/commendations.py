"""Commendations (biểu dương, khen thưởng) of persons, households and collectives."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from residential_areas.models import AdministrativeUnit, Household, UnitLevel

from ..models import Commendation, CommendationForm, SubjectType, TitleKind
from ._common import fail

COMMENDATION_NEEDS_PERSON = _("Phải ghi họ và tên người được khen.")
COMMENDATION_NEEDS_HOUSEHOLD = _("Phải chọn hộ gia đình được khen.")
COMMENDATION_NEEDS_COLLECTIVE = _("Phải ghi tên tập thể hoặc chọn tổ chức thành viên.")
COMMENDATION_TITLE_FORM = _("Khen danh hiệu nhiều năm liền phải là giấy khen hoặc bằng khen.")
COMMENDATION_TITLE_SUBJECT = _(
    "Khen “Gia đình văn hóa” nhiều năm liền dành cho hộ gia đình; "
    "“Khu dân cư văn hóa” dành cho tập thể khu dân cư."
)


@transaction.atomic
def commendation_create(
    *,
    subject_type: str,
    unit: AdministrativeUnit,
    level: str,
    form: str,
    reason: str,
    year: int,
    occasion: str,
    person_name: str = "",
    household: Household | None = None,
    collective_name: str = "",
    member_organization=None,
    decision_number: str = "",
    decided_on: datetime.date | None = None,
    content_areas=(),
    title_kind: str = "",
    by=None,
) -> Commendation:
    if subject_type == SubjectType.PERSON and not person_name.strip():
        fail(COMMENDATION_NEEDS_PERSON)
    if subject_type == SubjectType.HOUSEHOLD:
        if household is None:
            fail(COMMENDATION_NEEDS_HOUSEHOLD)
        unit = household.area
    else:
        household = None
    if subject_type == SubjectType.COLLECTIVE and not (
        collective_name.strip() or member_organization
    ):
        fail(COMMENDATION_NEEDS_COLLECTIVE)
    if title_kind:
        if form not in (CommendationForm.CERTIFICATE, CommendationForm.CERTIFICATE_HIGH):
            fail(COMMENDATION_TITLE_FORM)
        family_ok = title_kind == TitleKind.FAMILY and subject_type == SubjectType.HOUSEHOLD
        area_ok = (
            title_kind == TitleKind.AREA
            and subject_type == SubjectType.COLLECTIVE
            and unit.level == UnitLevel.AREA
        )
        if not (family_ok or area_ok):
            fail(COMMENDATION_TITLE_SUBJECT)
    commendation = Commendation(
        subject_type=subject_type,
        unit=unit,
        person_name=person_name.strip() if subject_type == SubjectType.PERSON else "",
        household=household,
        collective_name=collective_name.strip(),
        member_organization=member_organization,
        level=level,
        form=form,
        reason=reason,
        decision_number=decision_number,
        decided_on=decided_on,
        year=year,
        occasion=occasion,
        title_kind=title_kind,
        created_by=by,
    )
    commendation.full_clean()
    commendation.save()
    if content_areas:
        commendation.content_areas.set(content_areas)
    return commendation
