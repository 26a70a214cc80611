"""The campaign's outcomes (issue #16, item 4): new-countryside and civilized-urban statuses by
decision, model residential areas and gardens, the direction group, rural-only and urban-only
indicators, and the data migration that brings the plan's indicators to draft sets."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError

from campaign.models import (
    ContentArea,
    ContentAreaKind,
    Indicator,
    IndicatorSet,
    ModelKind,
    ModelRecognition,
    UnitStatus,
    UnitStatusDecision,
)
from campaign.outcomes import rules, selectors, services
from campaign.results import services as result_services
from residential_areas import services as unit_services
from tests.cast import NEW_START, OLD_END

D = datetime.date
ISSUER = "UBND tỉnh Hà Tĩnh"


@pytest.fixture
def ward(cast):
    return unit_services.unit_create(
        code="18500",
        name="Phường Thành Sen",
        kind="phuong",
        level="commune",
        parent=cast.province,
        area_type="urban",
        valid_from=NEW_START,
    )


def record(unit, status, year, on, number, by, **kw):
    return services.unit_status_record(
        unit=unit,
        status=status,
        year=year,
        decision_number=number,
        decision_date=on,
        issuer=ISSUER,
        by=by,
        **kw,
    )


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_commune_records_its_ntm_decision_through_the_page_and_sees_its_history(cast, client_for):
    client = client_for("commune")
    response = client.post(
        f"/nong-thon-moi/don-vi/{cast.commune.pk}/quyet-dinh/",
        {
            "status": UnitStatus.NTM,
            "year": "2025",
            "decision_number": "3120/QĐ-UBND",
            "decision_date": "20/11/2025",
            "issuer": ISSUER,
        },
    )
    assert response.status_code == 302
    decision = UnitStatusDecision.objects.get(unit=cast.commune)
    assert (decision.status, decision.year, decision.recorded_by) == (
        UnitStatus.NTM,
        2025,
        cast["commune"],
    )
    assert decision.history.count() == 1
    page = client.get(f"/nong-thon-moi/don-vi/{cast.commune.pk}/").content.decode()
    assert "3120/QĐ-UBND" in page and "20/11/2025" in page
    assert "Đạt chuẩn nông thôn mới" in page
    # the old commune it succeeded is named on the page, as its predecessor
    assert "Xã Đức Lạc" in page


def test_ntm_is_refused_for_a_ward_and_urban_for_a_xa_in_vietnamese(cast, ward):
    with pytest.raises(ValidationError) as exc:
        record(ward, UnitStatus.NTM, 2025, D(2025, 11, 20), "1/QĐ", cast["province_admin"])
    assert "chuẩn nông thôn mới (đạt chuẩn, nâng cao, kiểu mẫu) chỉ xét cho xã" in messages_of(exc)
    assert "Phường Thành Sen là phường" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        record(cast.commune, UnitStatus.URBAN, 2025, D(2025, 11, 20), "2/QĐ", cast["commune"])
    assert "đô thị văn minh chỉ xét cho phường, thị trấn" in messages_of(exc)
    # the ward's own standard is accepted, and its form offers only that one
    record(ward, UnitStatus.URBAN, 2025, D(2025, 11, 20), "3/QĐ", cast["province_admin"])
    from campaign.outcomes.forms import StatusDecisionForm

    assert [c for c, _label in StatusDecisionForm(unit=ward).fields["status"].choices] == [
        UnitStatus.URBAN
    ]


def test_a_decision_needs_its_unit_valid_on_its_date(cast):
    admin = cast["province_admin"]
    # Xã Đức Lạc closed on 30/6/2025; Xã Đức Thọ opened on 1/7/2025
    with pytest.raises(ValidationError) as exc:
        record(cast.old_commune, UnitStatus.NTM, 2025, D(2025, 8, 1), "1/QĐ", admin)
    assert "Xã Đức Lạc không có hiệu lực vào ngày 01/08/2025" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        record(cast.commune, UnitStatus.NTM, 2025, D(2025, 3, 1), "2/QĐ", admin)
    assert "Xã Đức Thọ không có hiệu lực vào ngày 01/03/2025" in messages_of(exc)
    record(cast.old_commune, UnitStatus.NTM, 2024, D(2025, 2, 10), "3/QĐ", admin)
    # a year that is neither the decision's nor the one before it
    with pytest.raises(ValidationError) as exc:
        record(cast.commune, UnitStatus.NTM, 2021, D(2025, 8, 1), "4/QĐ", admin)
    assert "Năm đạt chuẩn 2021 không khớp" in messages_of(exc)
    assert UnitStatusDecision.objects.count() == 1


def test_the_level_rises_one_step_at_a_time_and_falls_only_by_withdrawal(cast):
    admin, unit = cast["province_admin"], cast.commune
    with pytest.raises(ValidationError) as exc:
        record(unit, UnitStatus.NTM_ADVANCED, 2025, D(2025, 9, 1), "1/QĐ", admin)
    assert "chưa đạt “Đạt chuẩn nông thôn mới”" in messages_of(exc)
    record(unit, UnitStatus.NTM, 2025, D(2025, 9, 1), "2/QĐ", admin)
    record(unit, UnitStatus.NTM_ADVANCED, 2026, D(2026, 3, 1), "3/QĐ", admin)
    # recognising the lower level again while the higher one is held is refused
    with pytest.raises(ValidationError) as exc:
        record(unit, UnitStatus.NTM, 2026, D(2026, 4, 1), "4/QĐ", admin)
    assert "đang giữ mức “Đạt chuẩn nông thôn mới nâng cao”" in messages_of(exc)
    # nothing held at kiểu mẫu: nothing to withdraw
    with pytest.raises(ValidationError) as exc:
        record(unit, UnitStatus.NTM_MODEL, 2026, D(2026, 5, 1), "5/QĐ", admin, withdraws=True)
    assert "không có gì để thu hồi" in messages_of(exc)
    record(unit, UnitStatus.NTM_ADVANCED, 2026, D(2026, 6, 1), "6/QĐ", admin, withdraws=True)
    by_year = {r["year"]: r["label"] for r in selectors.status_by_year(unit, [2024, 2025, 2026])}
    assert by_year == {
        2024: "",
        2025: "Đạt chuẩn nông thôn mới",
        2026: "Đạt chuẩn nông thôn mới",
    }
    decisions = list(selectors.decisions_of(unit))
    assert rules.held_in_year(decisions, 2026) == {"ntm": 1, "urban": 0}


def test_delete_asks_for_confirmation_and_keeps_the_history(cast, client_for):
    admin = cast["province_admin"]
    first = record(cast.commune, UnitStatus.NTM, 2025, D(2025, 9, 1), "1/QĐ", admin)
    later = record(cast.commune, UnitStatus.NTM_ADVANCED, 2026, D(2026, 3, 1), "2/QĐ", admin)
    client = client_for("commune")
    page = client.get(f"/nong-thon-moi/quyet-dinh/{first.pk}/xoa/")
    assert page.status_code == 200 and "Xác nhận xóa" in page.content.decode()
    assert UnitStatusDecision.objects.filter(pk=first.pk).exists()  # a GET deletes nothing
    # the later nâng cao rests on the first decision: refused, with the reason
    refused = client.post(f"/nong-thon-moi/quyet-dinh/{first.pk}/xoa/")
    assert refused.status_code == 400
    assert "Hãy xóa các quyết định sau trước" in refused.content.decode()
    assert client.post(f"/nong-thon-moi/quyet-dinh/{later.pk}/xoa/").status_code == 302
    assert client.post(f"/nong-thon-moi/quyet-dinh/{first.pk}/xoa/").status_code == 302
    assert not UnitStatusDecision.objects.exists()
    kinds = sorted(UnitStatusDecision.history.values_list("history_type", flat=True))
    assert kinds == ["+", "+", "-", "-"]


def test_pages_follow_the_scope_rule(cast, client_for):
    decision = record(
        cast.commune, UnitStatus.NTM, 2025, D(2025, 9, 1), "1/QĐ", cast["province_admin"]
    )
    url = f"/nong-thon-moi/don-vi/{cast.commune.pk}/"
    assert client_for("commune").get(url).status_code == 200
    assert client_for("province_admin").get(url).status_code == 200
    assert client_for("other_commune").get(url).status_code == 404
    # the old district closed before the new commune existed: not its subtree
    assert client_for("district").get(url).status_code == 404
    viewer = client_for("viewer")
    assert viewer.get(url).status_code == 200
    post = {
        "status": UnitStatus.NTM_ADVANCED,
        "year": "2026",
        "decision_number": "9/QĐ",
        "decision_date": "01/03/2026",
        "issuer": ISSUER,
    }
    assert viewer.post(url + "quyet-dinh/", post).status_code == 403
    assert viewer.post(f"/nong-thon-moi/quyet-dinh/{decision.pk}/xoa/").status_code == 403
    assert (
        client_for("other_commune").get(f"/nong-thon-moi/quyet-dinh/{decision.pk}/xoa/").status_code
        == 404
    )
    assert UnitStatusDecision.objects.count() == 1


def test_province_table_counts_by_year_over_the_communes_of_each_kind(cast, ward, client_for):
    admin = cast["province_admin"]
    record(cast.old_commune, UnitStatus.NTM, 2023, D(2023, 11, 20), "1/QĐ", admin)
    record(cast.commune, UnitStatus.NTM, 2025, D(2025, 11, 20), "2/QĐ", admin)
    record(ward, UnitStatus.URBAN, 2025, D(2025, 11, 20), "3/QĐ", admin)
    rows = {r["year"]: r for r in selectors.province_table(root=cast.province, years=[2024, 2025])}
    # 2024: the two old xã; 2025 (31/12): the two new xã and the ward
    assert (rows[2024]["ntm"], rows[2024]["rural_total"], rows[2024]["urban_total"]) == (1, 2, 0)
    assert (rows[2025]["ntm"], rows[2025]["rural_total"]) == (1, 2)
    assert (rows[2025]["urban"], rows[2025]["urban_total"]) == (1, 1)
    assert (rows[2025]["units_recorded"], rows[2025]["units_total"]) == (2, 3)
    page = client_for("movement_board").get("/nong-thon-moi/?year=2025").content.decode()
    assert "1/2 xã" in page and "1/1 phường, thị trấn" in page and "2/3 đơn vị" in page


def test_model_areas_and_gardens_are_recognised_counted_and_prefilled(cast, client_for):
    admin = cast["province_admin"]
    client = client_for("commune")
    response = client.post(
        f"/nong-thon-moi/don-vi/{cast.commune.pk}/kieu-mau/",
        {
            "kind": ModelKind.MODEL_AREA,
            "area": cast.area.pk,
            "year": "2026",
            "decision_number": "55/QĐ-UBND",
            "decision_date": "15/10/2026",
            "issuer": "UBND xã Đức Thọ",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    services.model_recognition_record(
        kind=ModelKind.MODEL_GARDEN,
        area=cast.area,
        household=cast.households[0],
        year=2026,
        decision_number="56/QĐ-UBND",
        decision_date=D(2026, 10, 15),
        issuer="UBND xã Đức Thọ",
        by=admin,
    )
    garden = ModelRecognition.objects.get(kind=ModelKind.MODEL_GARDEN)
    assert garden.name == "Nguyễn Văn An"
    assert "Quyết định số 33/2014/QĐ-UBND" in garden.basis
    # the same area twice in one year, and a household of another area, are refused
    with pytest.raises(ValidationError) as exc:
        services.model_recognition_record(
            kind=ModelKind.MODEL_AREA,
            area=cast.area,
            year=2026,
            decision_number="57/QĐ",
            decision_date=D(2026, 10, 16),
            issuer=ISSUER,
            by=admin,
        )
    assert "đã được ghi công nhận khu dân cư kiểu mẫu năm 2026" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.model_recognition_record(
            kind=ModelKind.MODEL_GARDEN,
            area=cast.area,
            household=cast.other_household,
            year=2026,
            decision_number="58/QĐ",
            decision_date=D(2026, 10, 16),
            issuer=ISSUER,
            by=admin,
        )
    assert "không thuộc Thôn Lạc Thiện" in messages_of(exc)
    # a closed area cannot be recognised after its end
    with pytest.raises(ValidationError) as exc:
        services.model_recognition_record(
            kind=ModelKind.MODEL_AREA,
            area=cast.old_area,
            year=2025,
            decision_number="59/QĐ",
            decision_date=D(2025, 9, 1),
            issuer=ISSUER,
            by=admin,
        )
    assert "không có hiệu lực vào ngày 01/09/2025" in messages_of(exc)
    counts = selectors.model_counts(root=cast.province, year=2026)
    assert (counts["areas_year"], counts["gardens_year"], counts["residential_areas"]) == (1, 1, 2)
    record(cast.commune, UnitStatus.NTM, 2025, D(2025, 11, 20), "1/QĐ", admin)
    from campaign.results.prefill import prefill_for

    values = prefill_for(unit=cast.commune, year=2026)
    assert values["model_residential_areas"].value == 1
    assert values["model_gardens"].value == 1
    assert values["ntm_communes"].value == 1
    assert "Quyết định công nhận ghi trên Cổng" in values["ntm_communes"].source
    page = client.get(f"/nong-thon-moi/don-vi/{cast.commune.pk}/").content.decode()
    assert "Khu dân cư kiểu mẫu" in page and "Nguyễn Văn An" in page


def test_rural_only_and_urban_only_indicators_follow_the_units_kind(cast, ward, periods, november):
    from accounts.models import Role, UnitRole

    UnitRole.objects.create(user=cast["commune"], unit=ward, role=Role.COMMUNE_COMMITTEE)
    period = periods[2026]
    xa = result_services.submission_open(period=period, unit=cast.commune, by=cast["commune"])
    phuong = result_services.submission_open(period=period, unit=ward, by=cast["commune"])
    xa_codes = set(xa.values.values_list("indicator__code", flat=True))
    ward_codes = set(phuong.values.values_list("indicator__code", flat=True))
    for code in ("ntm_communes", "model_gardens", "model_residential_areas", "farm_models"):
        assert code in xa_codes and code not in ward_codes, code
    assert "civilized_urban_units" in ward_codes and "civilized_urban_units" not in xa_codes
    # the new plan items are asked of both
    for code in (
        "households_left_poverty",
        "gratitude_money",
        "civilized_rites_areas",
        "ba_khong_areas",
        "pledge_households",
        "social_insurance_participants",
    ):
        assert code in xa_codes and code in ward_codes, code


def test_direction_indicators_form_a_group_apart_from_the_five_content_areas(periods):
    assert ContentArea.objects.filter(kind=ContentAreaKind.CONTENT).count() == 5
    group = ContentArea.objects.get(kind=ContentAreaKind.DIRECTION)
    assert group.number == 6
    codes = set(
        Indicator.objects.filter(
            indicator_set=periods[2026].indicator_set, content_area=group
        ).values_list("code", flat=True)
    )
    assert {"outreach_sessions", "training_sessions", "pilot_models", "budget_spent"} <= codes
    area5 = set(
        Indicator.objects.filter(
            indicator_set=periods[2026].indicator_set, content_area__number=5
        ).values_list("code", flat=True)
    )
    assert "outreach_sessions" not in area5 and "supervision_sessions" in area5
    # the plan items start with 2026's set; 2025's has none of them
    assert not Indicator.objects.filter(
        indicator_set=periods[2025].indicator_set, code="gratitude_money"
    ).exists()


def test_data_migration_changes_draft_sets_only(db):
    from django.apps import apps

    from campaign import demo

    demo.seed_base()
    area5 = ContentArea.objects.get(number=5)
    published = IndicatorSet.objects.create(year=2026, name="2026", status="published")
    draft = IndicatorSet.objects.create(year=2027, name="2027")
    for iset in (published, draft):
        for code in ("outreach_sessions", "farm_models"):
            Indicator.objects.create(
                indicator_set=iset,
                code=code,
                name=code,
                content_area=area5,
                value_type="integer",
            )
    migration = importlib.import_module("campaign.migrations.0008_plan_indicators")
    migration.forward(apps, None)
    group = ContentArea.objects.get(number=6)
    assert group.kind == ContentAreaKind.DIRECTION
    assert draft.indicators.get(code="outreach_sessions").content_area == group
    assert draft.indicators.get(code="farm_models").applies_to == "rural"
    assert draft.indicators.filter(code="ntm_communes", applies_to="rural").exists()
    assert draft.indicators.filter(code="civilized_urban_units", applies_to="urban").exists()
    assert draft.indicators.count() == 2 + len(migration.NEW)
    # the published set is frozen: untouched
    assert published.indicators.count() == 2
    assert published.indicators.get(code="outreach_sessions").content_area == area5
    assert published.indicators.get(code="farm_models").applies_to == "both"
    migration.forward(apps, None)  # twice changes nothing
    assert draft.indicators.count() == 2 + len(migration.NEW)


def test_closed_unit_page_links_its_successor(cast, client_for):
    page = client_for("province_admin").get(f"/nong-thon-moi/don-vi/{cast.old_commune.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert OLD_END.strftime("%d/%m/%Y") in text and "Xã Đức Thọ" in text
