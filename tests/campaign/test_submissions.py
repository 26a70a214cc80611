import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from campaign.models import PeriodExtension, Submission, SubmissionStatus, SubmissionValue
from campaign.results import selectors, services


def _value(sub, code):
    return SubmissionValue.objects.get(submission=sub, indicator__code=code)


def _fill_valid(sub, by):
    services.submission_save(
        submission=sub, by=by, values={"residential_areas_total": 1, "cultural_families": 90}
    )
    return Submission.objects.get(pk=sub.pk)


def test_2024_period_expects_the_district_level_units_and_2026_the_communes(cast, periods):
    assert set(selectors.expected_units(period=periods[2024])) == {
        cast.district,
        cast.other_district,
    }
    assert set(selectors.expected_units(period=periods[2026])) == {cast.commune, cast.other_commune}


def test_the_form_is_prefilled_with_its_source(draft):
    row = _value(draft, "households_total")
    assert row.value == 110 and row.prefilled_value == 110
    assert "Số liệu dân cư năm 2026" in row.source


def test_full_cycle_submit_return_fix_resubmit_accept_then_locked(cast, draft, client_for):
    commune = client_for("commune")
    sub = _fill_valid(draft, cast["commune"])
    commune.post(reverse("campaign:submission_submit", args=[sub.pk]))
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and not sub.is_late

    board = client_for("movement_board")
    board.post(
        reverse("campaign:submission_review", args=[sub.pk]), {"action": "return", "reason": ""}
    )
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED  # a return needs a reason
    board.post(
        reverse("campaign:submission_review", args=[sub.pk]),
        {
            "action": "return",
            "reason": "Số hộ văn hóa chưa khớp",
            "c_cultural_families": "Kiểm tra lại",
        },
    )
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.RETURNED
    assert _value(sub, "cultural_families").reviewer_comment == "Kiểm tra lại"

    page = commune.post(
        reverse("campaign:submission_detail", args=[sub.pk]),
        {"version": sub.version, "v_cultural_families": "95"},
    )
    assert page.status_code == 302
    commune.post(reverse("campaign:submission_submit", args=[sub.pk]))
    board.post(reverse("campaign:submission_review", args=[sub.pk]), {"action": "accept"})
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.ACCEPTED
    assert _value(sub, "cultural_families").value == 95
    assert list(sub.events.values_list("action", flat=True)) == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]

    # locked on every write path: page, API, service
    locked = commune.post(
        reverse("campaign:submission_detail", args=[sub.pk]),
        {"version": sub.version, "v_cultural_families": "1"},
    )
    assert locked.status_code == 403
    api = commune.post(
        f"/api/submissions/{sub.pk}/values/",
        {"version": sub.version, "values": {"cultural_families": "1"}},
        content_type="application/json",
    )
    assert api.status_code == 403 and "khóa" in api.json()["detail"]
    with pytest.raises(PermissionDenied):
        services.submission_save(
            submission=sub, by=cast["commune"], values={"cultural_families": 1}
        )
    assert _value(sub, "cultural_families").value == 95
    page = commune.get(reverse("campaign:submission_detail", args=[sub.pk])).content.decode()
    assert "Báo cáo đã được tiếp nhận nên đã khóa" in page


def test_every_value_change_is_in_the_history(cast, draft):
    services.submission_save(submission=draft, by=cast["commune"], values={"trees_planted": "120"})
    services.submission_save(submission=draft, by=cast["commune"], values={"trees_planted": "130"})
    row = _value(draft, "trees_planted")
    assert [h.value for h in row.history.order_by("history_date")] == [None, 120, 130]


def test_only_the_province_admin_reopens_and_with_a_reason(cast, draft, client_for):
    sub = _fill_valid(draft, cast["commune"])
    services.submission_submit(submission=sub, by=cast["commune"])
    services.submission_accept(submission=sub, by=cast["movement_board"])
    with pytest.raises(PermissionDenied):
        services.submission_reopen(submission=sub, by=cast["movement_board"], reason="sai số")
    with pytest.raises(ValidationError):
        services.submission_reopen(submission=sub, by=cast["province_admin"], reason=" ")
    client_for("province_admin").post(
        reverse("campaign:submission_reopen", args=[sub.pk]), {"reason": "Sai số hộ"}
    )
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.RETURNED
    assert sub.events.last().reason == "Sai số hộ"


@pytest.mark.parametrize(
    "who,status",
    [("other_commune", 404), ("other_district", 404), ("viewer", 403), ("district", 404)],
)
def test_outsiders_and_readers_cannot_edit(cast, draft, client_for, who, status):
    client = client_for(who)
    response = client.post(
        reverse("campaign:submission_detail", args=[draft.pk]),
        {"version": 1, "v_trees_planted": "5"},
    )
    assert response.status_code == status
    assert _value(draft, "trees_planted").value is None


def test_other_commune_sees_nothing_in_the_api(cast, draft, client_for):
    client = client_for("other_commune")
    assert client.get(f"/api/submissions/{draft.pk}/").status_code == 404
    assert client.get("/api/submissions/").json()["results"] == []


def test_reviewing_is_for_the_movement_board(cast, draft, client_for):
    sub = _fill_valid(draft, cast["commune"])
    services.submission_submit(submission=sub, by=cast["commune"])
    for who in ("commune", "viewer"):
        response = client_for(who).post(f"/api/submissions/{sub.pk}/accept/")
        assert response.status_code == 403
    assert (
        client_for("movement_board").post(f"/api/submissions/{sub.pk}/accept/").json()["status"]
        == "accepted"
    )


def test_hard_errors_block_submitting(cast, draft):
    services.submission_save(
        submission=draft,
        by=cast["commune"],
        values={
            "residential_areas_total": 1,
            "trees_planted": "-3",
            "health_insurance_pct": "120",
            "cultural_families": "500",
        },
    )
    check = services.submission_check(submission=draft)
    assert check.errors["trees_planted"] == ["Giá trị không được âm."]
    assert "100%" in check.errors["health_insurance_pct"][0]
    assert "Không được lớn hơn “Tổng số hộ gia đình”" in check.errors["cultural_families"][0]
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(submission=draft, by=cast["commune"])
    assert "còn lỗi" in str(exc.value)
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT


def test_required_indicator_missing_is_an_error(cast, draft):
    check = services.submission_check(submission=draft)
    assert "residential_areas_total" in check.errors


def test_warnings_need_a_note_before_submitting(cast, draft):
    sub = _fill_valid(draft, cast["commune"])
    services.submission_save(
        submission=sub, by=cast["commune"], values={"health_insurance_pct": "40"}
    )
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(submission=sub, by=cast["commune"])
    # named as the form names it: the indicator and its tab, never the internal code
    assert "Tỷ lệ người dân tham gia bảo hiểm y tế (Nội dung 2)" in str(exc.value)
    assert "health_insurance_pct" not in str(exc.value)
    services.submission_save(
        submission=sub, by=cast["commune"], notes={"health_insurance_pct": "Xã mới sáp nhập"}
    )
    assert (
        services.submission_submit(submission=sub, by=cast["commune"]).status
        == SubmissionStatus.SUBMITTED
    )


def test_text_in_a_number_field_is_a_clear_error(cast, draft):
    with pytest.raises(ValidationError) as exc:
        services.submission_save(
            submission=draft, by=cast["commune"], values={"trees_planted": "một trăm"}
        )
    assert "không phải là số" in str(exc.value)


def test_the_second_save_of_the_same_version_gets_a_conflict(cast, draft, client_for):
    other_user = cast["commune"]
    version = draft.version
    services.submission_save(
        submission=draft, by=other_user, values={"trees_planted": "10"}, version=version
    )
    with pytest.raises(ValidationError) as exc:
        services.submission_save(
            submission=draft, by=other_user, values={"trees_planted": "20"}, version=version
        )
    assert "người khác lưu" in str(exc.value)
    assert _value(draft, "trees_planted").value == 10
    page = client_for("commune").post(
        reverse("campaign:submission_detail", args=[draft.pk]),
        {"version": version, "v_trees_planted": "30"},
    )
    assert page.status_code == 409
    assert _value(draft, "trees_planted").value == 10


def test_submitted_in_the_grace_days_is_late_and_after_them_refused(cast, periods):
    period = periods[2026]
    period.grace_days = 0
    period.save()
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC), tick=False):
        sub = services.submission_open(period=period, unit=cast.commune, by=cast["commune"])
        _fill_valid(sub, cast["commune"])
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(PermissionDenied) as exc:
            services.submission_submit(submission=sub, by=cast["commune"])
        assert "Đã quá hạn nộp báo cáo năm 2026" in str(exc.value)
        PeriodExtension.objects.create(
            period=period,
            unit=cast.commune,
            until=datetime.date(2026, 12, 5),
            reason="Lũ lụt",
            granted_by=cast["province_admin"],
        )
        sub = services.submission_submit(submission=sub, by=cast["commune"])
    assert sub.status == SubmissionStatus.SUBMITTED and sub.is_late


def test_aggregation_equals_hand_computed_totals(cast, periods, november, client_for):
    subs = []
    for unit, user, cultural, trees in (
        (cast.commune, "commune", 90, 100),
        (cast.other_commune, "other_commune", 60, 50),
    ):
        sub = services.submission_open(period=periods[2026], unit=unit, by=cast[user])
        services.submission_save(
            submission=sub,
            by=cast[user],
            values={
                "residential_areas_total": 1,
                "cultural_families": cultural,
                "trees_planted": trees,
                "population_total": 400,  # the whole health insurance is weighted by
                "health_insurance_pct": 90 if user == "commune" else 96,
                "democracy_regulation": 1 if user == "commune" else 0,
            },
        )
        subs.append(services.submission_submit(submission=sub, by=cast[user]))
    services.submission_accept(submission=subs[0], by=cast["movement_board"])

    def rows(data):
        return {r["indicator"].code: r for a in data["areas"] for r in a["rows"]}

    accepted = rows(selectors.aggregate(year=2026, unit=cast.province))
    assert accepted["trees_planted"]["value"] == 100
    preview = rows(selectors.aggregate(year=2026, unit=cast.province, include_pending=True))
    assert preview["trees_planted"]["value"] == 150
    assert preview["households_total"]["value"] == 110 + 90
    assert float(preview["health_insurance_pct"]["value"]) == 93.0  # average
    assert float(preview["cultural_families_pct"]["value"]) == round(150 * 100 / 200, 1)  # ratio
    only_other = rows(selectors.aggregate(year=2026, unit=cast.other_commune, include_pending=True))
    assert only_other["trees_planted"]["value"] == 50
    # a yes/no counts the units that said yes, of those that answered: "1/2 đơn vị", never a max
    assert preview["democracy_regulation"]["value"] == 1
    assert preview["democracy_regulation"]["reporters"] == 2
    page = client_for("movement_board").get(
        reverse("campaign:aggregate"), {"year": 2026, "preview": 1}
    )
    assert "1/2 đơn vị" in page.content.decode()


def test_completeness_counts(cast, periods, november, client_for):
    sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
    _fill_valid(sub, cast["commune"])
    services.submission_submit(submission=sub, by=cast["commune"])
    _rows, counts = selectors.completeness(period=periods[2026], parent=cast.province)
    assert counts["expected"] == 2 and counts["submitted"] == 1 and counts["missing"] == 1
    assert counts["on_time"] == 1 and counts["late"] == 0
    page = (
        client_for("movement_board")
        .get(reverse("campaign:completeness"), {"year": 2026})
        .content.decode()
    )
    assert "Còn 10 ngày đến hạn nộp 30/11/2026" in page


def _download(client, sub):
    return load_workbook(
        io.BytesIO(client.get(reverse("campaign:submission_xlsx", args=[sub.pk])).content)
    )


def _upload(client, sub, wb):
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "bao-cao.xlsx"
    return client.post(reverse("campaign:submission_xlsx_upload", args=[sub.pk]), {"file": buf})


def _row_of(ws, code):
    return next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_excel_round_trip_with_dry_run(cast, draft, client_for):
    client = client_for("commune")
    wb = _download(client, draft)
    ws = wb["Bao cao"]
    assert ws.cell(_row_of(ws, "households_total"), 5).value == 110
    ws.cell(_row_of(ws, "trees_planted"), 5).value = 321
    dry = _upload(client, draft, wb)
    assert dry.status_code == 200 and "321" in dry.content.decode()
    assert _value(draft, "trees_planted").value is None  # nothing written by the dry run
    token = dry.context["token"]
    client.post(reverse("campaign:submission_xlsx_upload", args=[draft.pk]), {"token": token})
    assert _value(draft, "trees_planted").value == 321
    # the same file again changes nothing
    again = _upload(client, draft, wb)
    assert again.context["changes"] == []


@pytest.mark.parametrize(
    "spoil,message",
    [
        ("layout", "Bố cục biểu mẫu đã bị thay đổi"),
        ("text", "không phải là số"),
        ("other_year", "không phải của báo cáo đang mở"),
    ],
)
def test_bad_excel_files_are_refused_and_nothing_is_written(
    cast, draft, client_for, spoil, message
):
    client = client_for("commune")
    wb = _download(client, draft)
    ws = wb["Bao cao"]
    if spoil == "layout":
        ws.delete_rows(_row_of(ws, "trees_planted"))
    elif spoil == "text":
        ws.cell(_row_of(ws, "trees_planted"), 5).value = "nhiều"
    else:
        ws["B2"] = 2025
    response = _upload(client, draft, wb)
    assert message in response.content.decode()
    assert "token" not in response.context or not response.context["token"]
    assert _value(draft, "trees_planted").value is None


def test_corrupted_and_oversized_files_are_refused(cast, draft, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("commune")
    url = reverse("campaign:submission_xlsx_upload", args=[draft.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really")})
    assert "Tệp không đọc được" in bad.content.decode()
    big = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"0" * (3 * 1024 * 1024))})
    assert "Tệp quá lớn" in big.content.decode()


def test_the_signed_scan_must_be_a_pdf_or_an_image_within_the_limit(
    cast, draft, client_for, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("commune")
    url = reverse("campaign:submission_detail", args=[draft.pk])
    fake = SimpleUploadedFile(
        "ban-ky.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    response = client.post(url, {"version": draft.version, "attachment": fake})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert not draft.attachment
    settings.MAX_UPLOAD_SIZE = 10
    big = SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.4" + b"0" * 100, content_type="application/pdf")
    assert client.post(url, {"version": draft.version, "attachment": big}).status_code == 400
    settings.MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    good = SimpleUploadedFile("bản ký.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    assert client.post(url, {"version": draft.version, "attachment": good}).status_code == 302
    draft.refresh_from_db()
    assert draft.attachment.name.endswith(".pdf")


def test_the_admin_cannot_write_submissions(cast, draft, client_for):
    cast["province_admin"].is_superuser = True  # as the demo's province admin
    cast["province_admin"].save()
    admin = client_for("province_admin")
    url = reverse("admin:campaign_submission_change", args=[draft.pk])
    assert admin.get(url).status_code == 200  # it may look
    admin.post(url, {"status": "accepted"})
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert (
        admin.post(
            reverse("admin:campaign_submission_delete", args=[draft.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Submission.objects.filter(pk=draft.pk).exists()


def test_a_member_organization_reports_its_own_part(cast, periods, november, client_for):
    from campaign.models import MemberOrganization

    org = MemberOrganization.objects.create(
        unit=cast.province, kind="hoi_nong_dan", name="Hội Nông dân tỉnh"
    )
    org.users.add(cast["member_org"])
    client = client_for("member_org")
    page = client.get(reverse("campaign:index"), {"year": 2026}).content.decode()
    assert "Hội Nông dân tỉnh" in page
    client.post(reverse("campaign:submission_open") + "?year=2026", {"organization": org.pk})
    sub = Submission.objects.get(organization=org)
    assert sub.unit == cast.province and sub.status == "draft"
    client.post(
        reverse("campaign:submission_detail", args=[sub.pk]),
        {
            "version": sub.version,
            "v_trees_planted": "5000",
            "v_households_total": "1",
            "v_population_total": "1",
            "v_residential_areas_total": "1",
        },
    )
    assert _value(sub, "trees_planted").value == 5000
    # another member organization's user cannot open it
    other = client_for("viewer").post(
        reverse("campaign:submission_open") + "?year=2026", {"organization": org.pk}
    )
    assert other.status_code == 404
    # nor can a commune edit it
    assert (
        client_for("commune")
        .post(reverse("campaign:submission_detail", args=[sub.pk]), {"version": sub.version})
        .status_code
        == 404
    )


def test_ids_above_999_are_written_without_grouping(cast, periods, november, client_for):
    """Numbers read 1.234.567 on the pages, but an id in a form must stay 12345 (the bug the
    browser journey met on PostgreSQL, where ids had grown past 999)."""
    from accounts.models import UnitRole
    from residential_areas.models import AdministrativeUnit

    big = AdministrativeUnit.objects.create(
        pk=12345,
        code="19999",
        name="Xã Lớn",
        kind="xa",
        level="commune",
        parent=cast.province,
        valid_from=datetime.date(2025, 7, 1),
    )
    big.path = f"{cast.province.path}{big.pk}/"
    big.save(update_fields=["path"])
    UnitRole.objects.create(user=cast["commune"], unit=big, role="commune_committee")
    client = client_for("commune")
    page = client.get(reverse("campaign:index"), {"year": 2026}).content.decode()
    assert 'value="12345"' in page and "12.345" not in page
    response = client.post(reverse("campaign:submission_open") + "?year=2026", {"unit": "12345"})
    assert response.status_code == 302
    assert Submission.objects.filter(unit=big).exists()
