"""Official data is read-only in the Django admin: its writes go through the services."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from campaign.models import Submission
from poverty_fund.models import Disbursement, Donation, Transfer
from recognition.models import (
    CriteriaSet,
    Decision,
    EvaluationMeeting,
    Recognition,
    TitleEvaluation,
)

READ_ONLY = [
    Submission,
    EvaluationMeeting,
    TitleEvaluation,
    Decision,
    Recognition,
    Donation,
    Disbursement,
    Transfer,
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_official_data_cannot_be_added_changed_or_deleted_in_the_admin(model, cast):
    request = RequestFactory().get("/admin/")
    request.user = cast["province_admin"]
    request.user.is_superuser = True
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db
def test_criteria_sets_stay_editable_in_the_admin(cast):
    request = RequestFactory().get("/admin/")
    request.user = cast["province_admin"]
    request.user.is_superuser = True
    assert admin.site._registry[CriteriaSet].has_change_permission(request)
