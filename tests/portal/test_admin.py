"""Official data is read-only in the Django admin: its writes go through the services."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import UnitRole
from campaign.models import Submission
from core.admin import HistoryAdmin, ReadOnlyMixin
from poverty_fund.models import Disbursement, Donation, DonationBatch, Fund, Transfer
from recognition.models import (
    CriteriaSet,
    Decision,
    EvaluationMeeting,
    Recognition,
    TitleEvaluation,
)
from residential_areas.models import AdministrativeUnit
from tests.conftest import verify_otp

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


# every model the admin shows read-only, as registered (a new one is walked without an entry)
READ_ONLY_ADMINS = sorted(
    (m for m, ma in admin.site._registry.items() if isinstance(ma, ReadOnlyMixin)),
    key=lambda m: m._meta.label,
)


def _make(label: str):
    """One row of a read-only model the demo does not make."""
    admin_user = get_user_model().objects.get(username="tinh.quantri")
    if label == "poverty_fund.DonationBatch":  # the demo enters donations one by one
        DonationBatch.objects.create(
            fund=Fund.objects.order_by("pk").first(),
            name="Đợt thu tháng 12",
            date=timezone.localdate(),
            expected_count=1,
            expected_total=100_000,
        )
    elif label == "reporting.ReportRun":
        apps.get_model(label).objects.create(
            kind="annual_province",
            unit=AdministrativeUnit.objects.get(code="42", parent__isnull=True),
            first_year=2026,
            year=2026,
        )
    elif label == "reporting.OutboxEmail":
        notice = apps.get_model("reporting.Notification").objects.create(
            user=admin_user, key="test-admin", title="Thông báo"
        )
        apps.get_model(label).objects.create(
            notification=notice, recipient=admin_user.email, subject="Thông báo", body="..."
        )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, once for the module, rolled back at the end: a row of every official model."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        for model in READ_ONLY_ADMINS:
            if not model.objects.exists():
                _make(model._meta.label)
        yield
        transaction.set_rollback(True)


def _admin_client() -> Client:
    """The demo's province admin, a superuser, past the second factor."""
    user = get_user_model().objects.get(username="tinh.quantri")
    assert user.is_superuser and UnitRole.objects.filter(user=user).exists()
    client = Client()
    client.force_login(user)
    verify_otp(client, user)
    return client


def _versions(model, obj):
    """The row's past versions (a historical model's own pk is its history_id)."""
    return model.history.filter(**{model._meta.pk.attname: obj.pk})


def _state(model, obj):
    """What must not change: the row's values and, if it has one, the length of its history."""
    obj = model.objects.get(pk=obj.pk)
    history = _versions(model, obj).count() if hasattr(model, "history") else None
    return model_to_dict(obj), history


def _form_data(obj) -> dict:
    """The row's own values as the admin form posts them: a "save" or a "revert" of it."""
    data = {}
    for name, value in model_to_dict(obj).items():
        if value is None or isinstance(value, FieldFile):
            continue  # a file is not posted back
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    data["_save"] = "Lưu"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("model", READ_ONLY_ADMINS, ids=lambda m: m._meta.label)
def test_no_admin_url_of_official_data_writes(demo, model):
    """A province admin who is also superuser POSTs to every admin URL of the model: changelist
    (actions), add, change, delete, history and the history form (simple-history's revert).
    Each answers 403 (or 405), and neither the row nor its history changes."""
    client = _admin_client()
    rows = model.objects.order_by("pk")
    if hasattr(model, "history"):
        # a row with a past version to revert to (rows other tests' fixtures left may have none)
        rows = rows.filter(pk__in=model.history.values(model._meta.pk.attname))
    obj = rows.first()
    assert obj is not None, f"no {model.__name__} to try the admin on: give the fixture one"
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    before = _state(model, obj)
    count = model.objects.count()
    posts = {
        reverse(f"{info}_changelist"): {
            "action": "delete_selected",
            "_selected_action": [obj.pk],
            "post": "yes",
        },
        reverse(f"{info}_add"): _form_data(obj),
        reverse(f"{info}_change", args=[obj.pk]): _form_data(obj),
        reverse(f"{info}_delete", args=[obj.pk]): {"post": "yes"},
        reverse(f"{info}_history", args=[obj.pk]): {},
    }
    if isinstance(admin.site._registry[model], HistoryAdmin):
        # the oldest version: a revert would write it back
        version = _versions(model, obj).order_by("history_id").first()
        assert version is not None, f"{model.__name__} {obj.pk} has no history to revert to"
        url = reverse(f"{info}_simple_history", args=[obj.pk, version.history_id])
        posts[url] = _form_data(version.instance)
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'name="_save"' not in html  # no revert button
        for field in model._meta.concrete_fields:
            if field.editable and not field.primary_key:
                assert f'name="{field.attname}"' not in html, f"{field.name} is editable"
                assert f'name="{field.name}"' not in html, f"{field.name} is editable"
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code in (403, 405), f"POST {url}: {response.status_code}"
    assert _state(model, obj) == before
    assert model.objects.count() == count


@pytest.mark.django_db
def test_history_form_of_an_editable_model_shows_and_never_saves(demo):
    """Roles stay editable in the admin; their history form shows a past version only."""
    client = _admin_client()
    role = UnitRole.objects.get(user__username="xa.ductho")
    version = role.history.order_by("history_id").first()
    url = reverse("admin:accounts_unitrole_simple_history", args=[role.pk, version.history_id])
    assert client.get(url).status_code == 200
    other = get_user_model().objects.get(username="lanhdao.tinh")
    data = {"user": other.pk, "unit": role.unit_id, "role": role.role, "_save": "Lưu"}
    assert client.post(url, data).status_code == 403
    role.refresh_from_db()
    assert role.user.username == "xa.ductho" and role.history.count() == 1


@pytest.mark.django_db
def test_api_tokens_are_not_in_the_admin(demo):
    from knox.models import AuthToken

    assert AuthToken not in admin.site._registry
    client = _admin_client()
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/knox/authtoken/").status_code == 404
    assert client.get("/admin/authtoken/token/").status_code == 404


def test_every_history_admin_shows_past_versions_without_saving_them():
    """simple-history's own admin saves a past version through its history form, past the
    services' checks (a frozen criteria set changed that way): every admin with a history
    page is the portal's HistoryAdmin, whose history form refuses writes."""
    from simple_history.admin import SimpleHistoryAdmin

    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    ]
    assert plain == []
