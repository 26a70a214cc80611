"""Access control, exhaustively: every URL pattern and API route, tried by outsiders.

The demo data fills the province; the outsiders are a commune committee, a residential board,
a district committee, a member organization and a viewer whose units hold none of the objects
tried. Reading a foreign object is 404, writing it is 403/404 (405 where the route has no such
method), never 200 or a redirect; a list never carries a foreign row; no page outside the
allow-list answers an anonymous visitor. A new URL without an entry here fails the test."""

import io
from typing import NamedTuple

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import scope
from accounts.models import Role, UnitRole
from campaign.models import (
    Activity,
    ActivityAttachment,
    Assignment,
    BudgetPlan,
    Festival,
    MemberOrganization,
    ModelRecognition,
    PilotModel,
    Submission,
    UnitStatusDecision,
    VillageConvention,
    YearlyPlan,
)
from poverty_fund.models import Disbursement, Donation, Fund, House, HouseholdStatus, Transfer
from recognition.models import (
    Commendation,
    Decision,
    EvaluationMeeting,
    Recognition,
    TitleEvaluation,
)
from reporting.models import Notification, ReportDraft, ReportRun
from residential_areas.models import AdministrativeUnit, Household

User = get_user_model()

# model -> the path from it to its AdministrativeUnit
SCOPED = {
    AdministrativeUnit: "",
    Household: "area",
    Submission: "unit",
    Activity: "unit",
    ReportDraft: "unit",
    ActivityAttachment: "activity__unit",
    MemberOrganization: "unit",
    Assignment: "unit",
    YearlyPlan: "unit",
    PilotModel: "unit",
    Festival: "area",
    VillageConvention: "area",
    BudgetPlan: "unit",
    EvaluationMeeting: "unit",
    Decision: "unit",
    Fund: "unit",
    Donation: "fund__unit",
    Disbursement: "fund__unit",
    Transfer: "from_fund__unit",
    House: "household__area",
    ReportRun: "unit",
    HouseholdStatus: "household__area",
    TitleEvaluation: "area",
    Recognition: "area",
    Commendation: "unit",
    UnitRole: "unit",
    UnitStatusDecision: "unit",
    ModelRecognition: "area",
}


class StoredFile(NamedTuple):
    """A route argument: the stored name of an object's file (the object's `field`)."""

    model: type
    field: str


class ForeignWhere(NamedTuple):
    """A route argument: a foreign object of `model` that also matches `where`, for a page
    that takes only some of the model's rows (one that takes commune-level units only would
    answer the province 404 for its level, which says nothing about the scope)."""

    model: type
    where: dict


# a commune-level unit of today's tree
COMMUNE = ForeignWhere(AdministrativeUnit, {"level": "commune", "valid_to__isnull": True})


def route_model(how):
    return how.model if isinstance(how, StoredFile | ForeignWhere) else how


def route_arg(how, obj):
    if not isinstance(how, StoredFile):
        return obj.pk
    name = getattr(obj, how.field).name
    if not default_storage.exists(name):
        # each test has its own MEDIA_ROOT: the file is there, so a 404 is the scope's answer
        default_storage.save(name, ContentFile(b"%PDF-1.4"))
    return name


# url name -> how to fill its arguments: a model (a foreign object's pk), a StoredFile (the name
# of a foreign object's file), or a fixed value
ROUTES = {
    "accounts:user_detail": {"pk": User},
    "accounts:user_toggle_active": {"pk": User},
    "accounts:user_unlock": {"pk": User},
    "accounts:role_revoke": {"pk": User, "role_pk": UnitRole},
    "residential_areas:unit_detail": {"pk": AdministrativeUnit},
    "residential_areas:household_list": {"pk": AdministrativeUnit},
    "residential_areas:household_detail": {"pk": Household},
    **{
        f"campaign:{n}": {"pk": Submission}
        for n in (
            "submission_detail",
            "submission_autosave",
            "submission_submit",
            "submission_review",
            "submission_comment",
            "submission_reopen",
            "submission_xlsx",
            "submission_xlsx_upload",
        )
    },
    **{
        f"activities:{n}": {"pk": Activity}
        for n in ("activity_detail", "activity_update", "activity_delete", "attachment_add")
    },
    "activities:attachment_delete": {"pk": ActivityAttachment},
    "activities:activity_restore": {"pk": Activity},
    "activities:attachment_restore": {"pk": ActivityAttachment},
    "activities:assignment_restore": {"pk": Assignment},
    "activities:org_update": {"pk": MemberOrganization},
    "activities:assignment_update": {"pk": Assignment},
    "activities:assignment_delete": {"pk": Assignment},
    "activities:plan_detail": {"pk": YearlyPlan},
    "activities:plan_update": {"pk": YearlyPlan},
    **{
        f"activities:{n}": {"pk": PilotModel}
        for n in ("pilot_detail", "pilot_update", "pilot_evaluate", "pilot_replicate")
    },
    "activities:festival_detail": {"pk": Festival},
    "activities:festival_update": {"pk": Festival},
    **{
        f"activities:{n}": {"pk": VillageConvention}
        for n in ("convention_detail", "convention_update", "convention_revise")
    },
    **{
        f"activities:{n}": {"pk": BudgetPlan}
        for n in ("budget_detail", "budget_update", "budget_submit")
    },
    "activities:budget_review": {"pk": BudgetPlan, "decision": "approve"},
    **{
        f"recognition:{n}": {"pk": AdministrativeUnit}
        for n in (
            "unit",
            "register_all",
            "register_area",
            "meeting_create",
            "decision_create",
            "eligible",
            "commendation_create",
        )
    },
    "recognition:unit_import": {"pk": COMMUNE},
    "recognition:register_household": {"pk": Household},
    **{
        f"recognition:{n}": {"pk": EvaluationMeeting}
        for n in (
            "meeting",
            "meeting_edit",
            "meeting_results",
            "meeting_post",
            "meeting_template",
            "meeting_import",
        )
    },
    "recognition:decision": {"pk": Decision},
    "recognition:decision_pdf": {"pk": Decision},
    **{
        f"poverty_fund:{n}": {"pk": Fund}
        for n in (
            "fund_detail",
            "donation_create",
            "batch_create",
            "disbursement_create",
            "transfer_create",
            "fund_statement",
        )
    },
    "poverty_fund:unit_statement": {"unit_pk": AdministrativeUnit},
    "poverty_fund:receipt_pdf": {"pk": Donation},
    "poverty_fund:entry_reverse": {"kind": "chi", "pk": Disbursement},
    "poverty_fund:status_list": {"unit_pk": AdministrativeUnit},
    "poverty_fund:status_edit": {"household_pk": Household},
    "poverty_fund:house_list": {"unit_pk": AdministrativeUnit},
    "poverty_fund:house_create": {"household_pk": Household},
    "poverty_fund:house_detail": {"pk": House},
    "poverty_fund:festival_money": {"festival_pk": Festival},
    **{f"outcomes:{n}": {"pk": COMMUNE} for n in ("unit", "status_add", "model_add")},
    "outcomes:status_delete": {"pk": UnitStatusDecision},
    "outcomes:model_delete": {"pk": ModelRecognition},
    **{f"reporting:{n}": {"pk": ReportRun} for n in ("detail", "progress", "again")},
    "reporting:download": {"pk": ReportRun, "fmt": "pdf"},
    "reporting:download_docx": {"pk": ReportRun},
    **{f"reporting:{n}": {"pk": ReportDraft} for n in ("draft", "draft_correct", "draft_download")},
    "reporting:notification_read": {"pk": Notification},
    "file": {"name": StoredFile(ActivityAttachment, "file")},
}
# API detail routes: basename -> model
API = {
    "unit": AdministrativeUnit,
    "household": Household,
    "submission": Submission,
    "member-organization": MemberOrganization,
    "assignment": Assignment,
    "plan": YearlyPlan,
    "activity": Activity,
    "pilot-model": PilotModel,
    "festival": Festival,
    "convention": VillageConvention,
    "budget-plan": BudgetPlan,
    "title-evaluation": TitleEvaluation,
    "recognition": Recognition,
    "commendation": Commendation,
    "household-status": HouseholdStatus,
    "fund": Fund,
    "donation": Donation,
    "disbursement": Disbursement,
    "transfer": Transfer,
    "house": House,
    "report-run": ReportRun,
}
# reference data shared by the whole province: readable by every signed-in user
GLOBAL = {"criteria-set", "content-area", "indicator-set", "reporting-period", "poverty-standard"}
GLOBAL_ROUTES = {
    "campaign:indicator_set",
    "campaign:indicator_set_publish",
    "campaign:indicator_edit",
    "recognition:criteria_detail",
    "recognition:criteria_edit",
    "recognition:criteria_new_version",
    "reporting:verify_checksum",
}
ANONYMOUS_OK = {
    "accounts:login",
    "health",
    "api:token",
    "api:schema",
    "api:docs",
    "poverty_fund:public_index",
    "poverty_fund:public_fund",
    "reporting:verify",
    "reporting:verify_checksum",
}


def _walk(patterns, ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = p.namespace or ns
            if p.namespace and ns:
                inner = f"{ns}:{p.namespace}"
            if str(p.pattern).startswith("admin/"):
                continue
            yield from _walk(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{ns}:{p.name}" if ns else p.name), p


ALL_ROUTES = dict(_walk(get_resolver().url_patterns))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The whole demo, once for the module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        province = AdministrativeUnit.objects.get(code="42", parent__isnull=True)
        outside_commune = AdministrativeUnit.objects.get(
            name="Phường Hoành Sơn", valid_to__isnull=True
        )
        outside_area = outside_commune.children.order_by("pk").first()
        outside_district = AdministrativeUnit.objects.get(name="Huyện Lộc Hà")
        # objects the demo does not make
        run = ReportRun.objects.create(
            kind="annual_province", unit=province, first_year=2026, year=2026
        )
        activity = Activity.objects.order_by("pk").first()
        ActivityAttachment.objects.create(
            activity=activity, name="a.pdf", file=ContentFile(b"%PDF-1.4", "a.pdf")
        )
        admin = User.objects.get(username="tinh.quantri")
        Notification.objects.create(user=admin, key="k", title="t")
        users = {}
        for name, role, unit in (
            ("outsider_commune", Role.COMMUNE_COMMITTEE, outside_commune),
            ("outsider_area", Role.RESIDENTIAL_BOARD, outside_area),
            ("outsider_district", Role.DISTRICT_COMMITTEE, outside_district),
            ("outsider_member", Role.MEMBER_ORG, outside_commune),
            ("outsider_viewer", Role.VIEWER, outside_commune),
        ):
            user = User.objects.create_user(username=name, password="x")
            UnitRole.objects.create(user=user, unit=unit, role=role)
            users[name] = user
        yield {"users": users, "run": run}
        transaction.set_rollback(True)


def _foreign(model, user, where=None):
    if model is User:
        # a user with a role somewhere the outsider cannot see
        return (
            User.objects.filter(unit_roles__isnull=False)
            .exclude(pk=user.pk)
            .exclude(scope.scope_q(user, "unit_roles__unit"))
            .order_by("pk")
            .first()
        )
    if model is Notification:
        return Notification.objects.exclude(user=user).order_by("pk").first()
    field = SCOPED[model]
    rows = model.objects.filter(**(where or {}))
    return rows.exclude(scope.scope_q(user, field)).order_by("pk").first()


def _kwargs(name, user=None):
    kwargs = {}
    for key, how in ROUTES[name].items():
        if isinstance(how, str):
            kwargs[key] = how
        else:
            model = route_model(how)
            where = how.where if isinstance(how, ForeignWhere) else {}
            obj = (
                _foreign(model, user, where)
                if user
                else model.objects.filter(**where).order_by("pk").first()
            )
            assert obj is not None, (
                f"no object of {model.__name__} outside the scope of {user} for {name}"
            )
            kwargs[key] = route_arg(how, obj)
    return kwargs


def test_every_route_with_arguments_has_an_entry():
    needs_args = {n for n, p in ALL_ROUTES.items() if p.pattern.regex.groups}
    api_details = {n for n in needs_args if n.startswith("api:")}
    missing = needs_args - set(ROUTES) - GLOBAL_ROUTES - api_details - ANONYMOUS_OK - {None}
    assert missing == set()
    for name in api_details:
        base = name.removeprefix("api:").rsplit("-", 1)[0]
        assert base in API or base in GLOBAL or any(name.startswith(f"api:{b}-") for b in API), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who",
    [
        "outsider_commune",
        "outsider_area",
        "outsider_district",
        "outsider_member",
        "outsider_viewer",
    ],
)
def test_outsiders_get_404_or_403_on_every_foreign_object(world, who):
    user = world["users"][who]
    client = Client()
    client.force_login(user)
    leaks = []
    for name in sorted(ROUTES):
        url = reverse(name, kwargs=_kwargs(name, user))
        got = client.get(url).status_code
        # user management is a province-admin feature: refused (403) before any lookup
        allowed = (403, 404, 405) if name.startswith("accounts:") else (404, 405)
        if got not in allowed:
            leaks.append(("GET", name, url, got))
        posted = client.post(url, {"status": "accepted", "reason": "x", "unit": 1}).status_code
        if posted not in (403, 404, 405):
            leaks.append(("POST", name, url, posted))
    for base, model in API.items():
        obj = _foreign(model, user)
        assert obj is not None, base
        url = reverse(f"api:{base}-detail", kwargs={"pk": obj.pk})
        got = client.get(url).status_code
        if got != 404:
            leaks.append(("GET", f"api:{base}-detail", url, got))
        for verb in ("put", "patch", "delete"):
            status = getattr(client, verb)(url, {}, content_type="application/json").status_code
            if status not in (403, 404, 405):
                leaks.append((verb.upper(), f"api:{base}-detail", url, status))
    assert leaks == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider_commune", "outsider_area", "outsider_district"])
def test_api_lists_never_carry_a_foreign_row(world, who):
    user = world["users"][who]
    client = Client()
    client.force_login(user)
    foreign = []
    for base, model in API.items():
        data = client.get(reverse(f"api:{base}-list"), {"page_size": 1000}).json()
        rows = data["results"] if isinstance(data, dict) else data
        ids = [row["id"] for row in rows if "id" in row]
        field = SCOPED[model]
        outside = model.objects.filter(pk__in=ids).exclude(scope.scope_q(user, field))
        foreign += [(base, pk) for pk in outside.values_list("pk", flat=True)]
    assert foreign == []


@pytest.mark.django_db
def test_nothing_outside_the_allow_list_answers_an_anonymous_visitor(world):
    client = Client()
    open_pages = []
    for name, pattern in ALL_ROUTES.items():
        if name in ANONYMOUS_OK or name is None:
            continue
        if name in ROUTES:
            url = reverse(name, kwargs=_kwargs(name))
        elif pattern.pattern.regex.groups:
            kwargs = {k: 1 for k in pattern.pattern.regex.groupindex}
            url = reverse(name, kwargs=kwargs)
        else:
            url = reverse(name)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (302, 401, 403, 404, 405):
                open_pages.append((method, name, url, status))
            if status == 302:
                location = getattr(client, method)(url)["Location"]
                if not location.startswith(reverse("accounts:login")):
                    open_pages.append((method, name, url, location))
    assert open_pages == []


@pytest.mark.django_db
def test_mass_assignment_is_ignored(world):
    """Posting status, approved_by, a foreign unit or another fund changes none of them."""
    commune_user = User.objects.get(username="xa.ductho")
    own_fund = Fund.objects.get(unit__name="Xã Đức Thọ", unit__valid_to__isnull=True)
    other_fund = (
        Fund.objects.exclude(pk=own_fund.pk).exclude(scope.scope_q(commune_user, "unit")).first()
    )
    client = Client()
    client.force_login(commune_user)

    before = Donation.objects.filter(fund=other_fund).count()
    own_before = Donation.objects.filter(fund=own_fund).count()
    client.post(
        reverse("poverty_fund:donation_create", args=[own_fund.pk]),
        {
            "donor_name": "Công ty A",
            "donor_kind": "enterprise",
            "amount": "1000000",
            "date": "18/11/2026",
            "channel": "cash",
            "drive": "peak_month",
            "fund": other_fund.pk,
            "unit": other_fund.unit_id,
            "approved_by": 1,
            "status": "reversed",
        },
    )
    assert Donation.objects.filter(fund=other_fund).count() == before
    assert (
        Donation.objects.filter(fund=own_fund).count() == own_before + 1
    )  # landed in its own fund

    sub = Submission.objects.filter(unit__name="Xã Đức Thọ", period__year=2026).first()
    status, unit = sub.status, sub.unit_id
    client.post(
        f"/api/submissions/{sub.pk}/values/",
        {
            "version": sub.version,
            "values": {},
            "status": "accepted",
            "unit": other_fund.unit_id,
            "approved_by": 1,
        },
        content_type="application/json",
    )
    client.post(
        reverse("campaign:submission_detail", args=[sub.pk]),
        {"version": sub.version, "status": "accepted", "unit": other_fund.unit_id},
    )
    sub.refresh_from_db()
    assert (sub.status, sub.unit_id) == (status, unit)
