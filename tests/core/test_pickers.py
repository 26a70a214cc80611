"""The unit and household pickers: server-side, accent-insensitive, scoped, at most 20; and a
role bound only to a unit of its level."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from accounts.models import PersonalDataAccess, Role, UnitRole
from core.widgets import PickerSelect, unit_option_label
from poverty_fund import services as fund_services
from residential_areas import services as unit_services
from residential_areas.models import AdministrativeUnit, Household

UNITS = reverse("residential_areas:unit_picker")
HOUSEHOLDS = reverse("residential_areas:household_picker")
HINT = "Nhập ít nhất 2 ký tự của tên hoặc mã để tìm."


def _labels(response):
    assert response.status_code == 200, response.content
    return [r["label"] for r in response.json()["results"]]


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["", " ", "a", "Đ", " x ", "--"])
def test_empty_or_one_letter_query_gives_an_empty_list_and_a_hint(cast, client_for, q):
    client = client_for("province_admin")
    for url in (UNITS, HOUSEHOLDS):
        body = client.get(url, {"q": q}).json()
        assert body["results"] == [] and body["hint"] == HINT


def test_very_long_query_is_a_400_in_vietnamese(cast, client_for):
    client = client_for("province_admin")
    for url in (UNITS, HOUSEHOLDS):
        response = client.get(url, {"q": "a" * 101})
        assert response.status_code == 400
        assert response.json()["detail"] == "Từ khóa tìm kiếm quá dài: tối đa 100 ký tự."
    assert client.get(UNITS, {"q": "a" * 100}).status_code == 200


def test_bad_level_or_day_is_a_400_naming_it(cast, client_for):
    client = client_for("province_admin")
    bad_level = client.get(UNITS, {"q": "duc", "level": "huyen"})
    assert bad_level.status_code == 400 and "level" in bad_level.json()["detail"]
    bad_day = client.get(UNITS, {"q": "duc", "on": "31/02/2026"})
    assert bad_day.status_code == 400 and "on" in bad_day.json()["detail"]


def test_pickers_need_a_login(cast, client):
    assert client.get(UNITS, {"q": "duc"}).status_code == 302
    assert client.get(HOUSEHOLDS, {"q": "an"}).status_code == 302


# -- finding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["lac thien", "LẠC THIỆN", "Lac Thien", "thiỆn lẠc", "18101-001"])
def test_units_are_found_whatever_the_accents_and_case(cast, client_for, q):
    labels = _labels(client_for("commune").get(UNITS, {"q": q}))
    assert labels == ["Thôn Lạc Thiện (từ 01/07/2025)"]


def test_old_and_new_units_of_one_name_are_told_apart_current_first(cast, client_for):
    response = client_for("province_admin").get(UNITS, {"q": "lac thien"})
    results = response.json()["results"]
    assert [r["label"] for r in results] == [
        "Thôn Lạc Thiện (từ 01/07/2025)",
        "Thôn Lạc Thiện (đến 30/06/2025)",
    ]
    assert results[0]["detail"] == "Khu dân cư · thuộc Xã Đức Thọ · mã 18101-001"
    assert results[1]["detail"] == "Khu dân cư · thuộc Xã Đức Lạc · mã 18100-01"
    on_2024 = client_for("province_admin").get(UNITS, {"q": "lac thien", "on": "01/01/2024"})
    assert _labels(on_2024) == ["Thôn Lạc Thiện (đến 30/06/2025)"]
    communes = client_for("province_admin").get(UNITS, {"q": "duc", "level": "commune"})
    assert _labels(communes) == ["Xã Đức Thọ (từ 01/07/2025)", "Xã Đức Lạc (đến 30/06/2025)"]


@pytest.mark.parametrize("q", ["nguyen van an", "NGUYỄN văn AN", "van an", "H001"])
def test_households_are_found_by_name_or_code_without_accents(cast, client_for, q):
    results = client_for("commune").get(HOUSEHOLDS, {"q": q}).json()["results"]
    assert [r["label"] for r in results][:1] == ["Nguyễn Văn An"]
    assert results[0]["detail"] == "Thôn Lạc Thiện · mã H001"


def test_at_most_twenty_results_and_the_query_count_stays_flat(cast, client_for):
    client = client_for("commune")
    client.get(HOUSEHOLDS, {"q": "tran thi"})  # the session's first request reads more
    with CaptureQueriesContext(connection) as few:
        assert len(_labels(client.get(HOUSEHOLDS, {"q": "tran thi"}))) == 1
    for i in range(25):
        unit_services.household_create(
            area=cast.area, code=f"T{i:02d}", head_name=f"Trần Thị Mai {i}"
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get(HOUSEHOLDS, {"q": "tran thi"}).json()
    assert len(body["results"]) == 20 and body["more"] is True
    assert len(many) == len(few)


# -- scope -----------------------------------------------------------------------------------


def test_a_unit_outside_scope_is_never_suggested(cast, client_for):
    commune = client_for("commune")
    assert _labels(commune.get(UNITS, {"q": "binh minh"})) == []
    assert _labels(commune.get(UNITS, {"q": "18401"})) == []
    assert _labels(commune.get(UNITS, {"q": "ha tinh"})) == []  # the province is above it
    district = client_for("other_district")
    assert _labels(district.get(UNITS, {"q": "lac"})) == []
    assert _labels(district.get(UNITS, {"q": "binh minh"})) == ["Thôn Bình Minh (đến 30/06/2025)"]


def test_a_household_outside_scope_is_never_suggested(cast, client_for):
    commune = client_for("commune")
    assert _labels(commune.get(HOUSEHOLDS, {"q": "le van cuong"})) == []
    assert _labels(commune.get(HOUSEHOLDS, {"q": "H001"})) == ["Nguyễn Văn An"]
    # a unit given outside scope is not found at all
    outside = commune.get(HOUSEHOLDS, {"q": "cuong", "unit": cast.other_commune.pk})
    assert outside.status_code == 404
    residential = client_for("residential")
    assert _labels(residential.get(HOUSEHOLDS, {"q": "cuong"})) == []
    assert _labels(client_for("province_admin").get(HOUSEHOLDS, {"q": "cuong"})) == ["Lê Văn Cường"]


def test_household_search_is_in_the_personal_data_log_without_the_words(cast, client_for):
    client_for("commune").get(HOUSEHOLDS, {"q": "nguyen"})
    entry = PersonalDataAccess.objects.get(view_name="residential_areas:household_picker")
    assert entry.action == "search" and "nguyen" not in entry.object_ids.lower()


# -- the widget ------------------------------------------------------------------------------


class _UnitForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.order_by("path"),
        widget=PickerSelect(url="residential_areas:unit_picker", params={"level": "commune"}),
    )


def test_picker_is_a_plain_select_with_every_choice_for_a_short_list(cast, settings):
    settings.PICKER_MAX_OPTIONS = AdministrativeUnit.objects.count()
    html = str(_UnitForm()["unit"])
    assert html.startswith("<select") and "data-picker" not in html
    assert html.count("<option") == AdministrativeUnit.objects.count() + 1
    assert "<noscript>" not in html


def test_picker_sends_only_the_chosen_unit_for_a_long_list(cast, settings):
    settings.PICKER_MAX_OPTIONS = AdministrativeUnit.objects.count() - 1
    form = _UnitForm({"unit": cast.commune.pk})
    html = str(form["unit"])
    assert html.count("<option") == 2 and f'data-picker="{UNITS}?level=commune"' in html
    assert f'value="{cast.commune.pk}" selected' in html
    assert "cần bật JavaScript" in html
    assert form.is_valid() and form.cleaned_data["unit"] == cast.commune
    typed = _UnitForm({"unit": "abc"})  # a value made up in the address bar chooses nothing
    assert str(typed["unit"]).count("<option") == 1 and not typed.is_valid()


def test_forms_use_the_pickers_for_long_lists(cast, client_for, settings):
    settings.PICKER_MAX_OPTIONS = 1  # the cast's lists are short
    admin = client_for("province_admin")
    page = admin.get(reverse("accounts:user_create")).content.decode()
    assert f'data-picker="{UNITS}?on=' in page and 'data-picker-role-field="role"' in page
    report = admin.get(reverse("reporting:index")).content.decode()
    assert f'data-picker="{UNITS}?level=province%2Cdistrict%2Ccommune"' in report
    fund = fund_services.fund_create(unit=cast.commune)
    spend = client_for("commune").get(reverse("poverty_fund:disbursement_create", args=[fund.pk]))
    assert f'data-picker="{HOUSEHOLDS}?unit={cast.commune.pk}"' in spend.content.decode()


def test_short_lists_are_selects_whose_labels_tell_units_and_households_apart(cast, client_for):
    admin = client_for("province_admin")
    page = admin.get(reverse("accounts:user_create")).content.decode()
    assert "data-picker=" not in page
    assert "Thôn Lạc Thiện (từ 01/07/2025) · Khu dân cư · thuộc Xã Đức Thọ · mã 18101-001" in page
    report = admin.get(reverse("reporting:index")).content.decode()
    assert "Xã Đức Lạc (đến 30/06/2025) · Cấp xã · thuộc Huyện Đức Thọ" in report
    assert "Xã Đức Thọ (từ 01/07/2025) · Cấp xã · thuộc Tỉnh Hà Tĩnh" in report
    fund = fund_services.fund_create(unit=cast.commune)
    spend = client_for("commune").get(reverse("poverty_fund:disbursement_create", args=[fund.pk]))
    assert "Nguyễn Văn An · Thôn Lạc Thiện · mã H001" in spend.content.decode()
    assert unit_option_label(cast.old_commune) == (
        "Xã Đức Lạc (đến 30/06/2025) · Cấp xã · thuộc Huyện Đức Thọ"
    )


# -- a role on a unit of its level -------------------------------------------------------------

WRONG_LEVEL = (
    "Vai trò “Ban Công tác Mặt trận khu dân cư” chỉ gán cho đơn vị khu dân cư; "
    "“Xã Đức Thọ” là đơn vị cấp xã."
)


def test_residential_board_on_a_commune_is_refused_and_nothing_is_created(cast, client_for):
    page = client_for("province_admin").post(
        reverse("accounts:user_create"),
        {
            "username": "kdc.moi",
            "full_name": "Võ Thị Khu",
            "password": "Mot-mat-khau-dai-2026",
            "unit": cast.commune.pk,
            "role": Role.RESIDENTIAL_BOARD,
        },
    )
    assert page.status_code == 200
    assert WRONG_LEVEL in page.content.decode()
    assert not get_user_model().objects.filter(username="kdc.moi").exists()


@pytest.mark.parametrize(
    ("role", "unit", "expected"),
    [
        (
            Role.COMMUNE_COMMITTEE,
            "area",
            "chỉ gán cho đơn vị cấp xã; “Thôn Lạc Thiện” là đơn vị khu dân cư.",
        ),
        (Role.DISTRICT_COMMITTEE, "commune", "chỉ gán cho đơn vị cấp huyện;"),
        (Role.MEMBER_ORG, "area", "chỉ gán cho đơn vị cấp tỉnh, cấp huyện hoặc cấp xã;"),
    ],
)
def test_role_grant_on_the_wrong_level_is_refused_by_form_and_service(
    cast, client_for, role, unit, expected
):
    target = cast["nobody"]
    page = client_for("province_admin").post(
        reverse("accounts:user_detail", args=[cast["district"].pk]),
        {"unit": getattr(cast, unit).pk, "role": role},
    )
    assert expected in page.content.decode()
    with pytest.raises(Exception, match="chỉ gán cho đơn vị"):
        account_services.role_grant(
            by=cast["province_admin"], user=target, unit=getattr(cast, unit), role=role
        )
    assert not UnitRole.objects.filter(user=target).exists()


def test_roles_on_their_own_level_are_granted(cast):
    admin, target = cast["province_admin"], cast["nobody"]
    for role, unit in (
        (Role.RESIDENTIAL_BOARD, cast.area),
        (Role.COMMUNE_COMMITTEE, cast.commune),
        (Role.VIEWER, cast.area),
        (Role.MEMBER_ORG, cast.commune),
        (Role.MOVEMENT_BOARD, cast.province),
    ):
        account_services.role_grant(by=admin, user=target, unit=unit, role=role)
    assert UnitRole.objects.filter(user=target).count() == 5
    assert Household.objects.count() == 3
