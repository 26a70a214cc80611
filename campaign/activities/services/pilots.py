"""Pilot and self-managed models: their yearly evaluation and where they were replicated."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import scope

from .. import selectors as sel
from ..models import PilotModel, PilotModelEvaluation, PilotModelReplication
from ._common import apply_fields, check_org_above, check_year, ensure_org_owned

ENDED_BEFORE_START = "Ngày dừng phải sau ngày bắt đầu."


def _pilot_checks(model: PilotModel) -> None:
    if model.ended_on and model.started_on and model.ended_on < model.started_on:
        raise ValidationError({"ended_on": _(ENDED_BEFORE_START)})
    check_org_above(model.organization, model.unit)


@transaction.atomic
def pilot_model_create(*, by, unit, organization=None, **fields) -> PilotModel:
    ensure_org_owned(by, unit, organization)
    model = PilotModel(unit=unit, organization=organization)
    apply_fields(
        model,
        fields,
        {"name", "kind", "content_area", "started_on", "ended_on", "status", "description"},
    )
    _pilot_checks(model)
    model.full_clean()
    model.save()
    return model


@transaction.atomic
def pilot_model_update(*, pilot_model: PilotModel, by, **fields) -> PilotModel:
    sel.ensure_can_edit_org_owned(by, pilot_model.unit, pilot_model.organization)
    apply_fields(
        pilot_model,
        fields,
        {
            "name",
            "kind",
            "content_area",
            "organization",
            "started_on",
            "ended_on",
            "status",
            "description",
        },
    )
    ensure_org_owned(by, pilot_model.unit, pilot_model.organization)
    _pilot_checks(pilot_model)
    pilot_model.full_clean()
    pilot_model.save()
    return pilot_model


@transaction.atomic
def pilot_model_evaluate(
    *, pilot_model: PilotModel, by, year: int, rating: str, notes=""
) -> PilotModelEvaluation:
    sel.ensure_can_edit_org_owned(by, pilot_model.unit, pilot_model.organization)
    check_year(year)
    evaluation = PilotModelEvaluation.objects.filter(pilot_model=pilot_model, year=year).first()
    evaluation = evaluation or PilotModelEvaluation(pilot_model=pilot_model, year=year)
    evaluation.rating = rating
    evaluation.notes = notes
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def pilot_model_replicate(
    *, pilot_model: PilotModel, by, unit, year: int, notes=""
) -> PilotModelReplication:
    sel.ensure_can_edit_org_owned(by, pilot_model.unit, pilot_model.organization)
    if not scope.can_see(by, unit):
        raise Http404(scope.NOT_IN_SCOPE)
    check_year(year)
    replication = PilotModelReplication.objects.filter(pilot_model=pilot_model, unit=unit).first()
    replication = replication or PilotModelReplication(pilot_model=pilot_model, unit=unit)
    replication.year = year
    replication.notes = notes
    replication.full_clean()
    replication.save()
    return replication
