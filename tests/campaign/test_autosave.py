"""The form's save as fields are left: what can be read is saved even when another field is
wrong, what cannot is kept aside and flagged, and the answer says exactly which is which."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from campaign.models import Submission, SubmissionValue
from campaign.results import services


def _value(sub, code):
    return SubmissionValue.objects.get(submission=sub, indicator__code=code)


def _autosave(client, sub, version=None, **fields):
    return client.post(
        reverse("campaign:submission_autosave", args=[sub.pk]),
        {"version": sub.version if version is None else version, **fields},
    )


@pytest.mark.parametrize("debug", [False, True])
def test_a_valid_field_is_saved_beside_a_wrong_one_and_the_answer_names_both(
    cast, draft, client_for, settings, debug
):
    settings.DEBUG = debug  # `make run` answers as production does: JSON, never an error page
    client = client_for("commune")
    response = _autosave(client, draft, v_houses_built="ba nhà", v_trees_planted="1.250")
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] == ["trees_planted"]
    assert data["refused"] == {"houses_built": "“ba nhà” không phải là số."}
    assert data["message"] == (
        "Đã lưu 1 chỉ tiêu; 1 chỉ tiêu chưa lưu: Số nhà Đại đoàn kết xây mới (Nội dung 1): "
        "“ba nhà” không phải là số."
    )
    assert _value(draft, "trees_planted").value == 1250
    row = _value(draft, "houses_built")  # prefilled 0: kept, the typed text set aside
    assert row.value == 0 and row.invalid_input == "ba nhà"
    # the field's mark comes with the answer: the form paints it red at once
    assert "“ba nhà” không phải là số." in data["fields"]["houses_built"]["errors"][0]
    assert data["version"] == draft.version + 1


def test_after_a_reload_the_right_value_is_there_and_the_wrong_one_flagged(cast, draft, client_for):
    client = client_for("commune")
    _autosave(client, draft, v_houses_built="ba nhà", v_trees_planted="120")
    page = client.get(reverse("campaign:submission_detail", args=[draft.pk])).content.decode()
    wrong = re.search(r'<input[^>]*id="v_houses_built"[^>]*>', page).group(0)
    right = re.search(r'<input[^>]*id="v_trees_planted"[^>]*>', page).group(0)
    assert 'value="ba nhà"' in wrong and "is-invalid" in wrong
    assert 'value="120"' in right and "is-invalid" not in right
    assert "“ba nhà” không phải là số. Giá trị này chưa được lưu; đang lưu: 0." in page
    # the tab's badge and the summary count it
    assert re.search(
        r'data-tab-badges="1"><span class="badge text-bg-danger" data-errors>2 lỗi', page
    )
    # it blocks submitting, named with its tab
    draft.refresh_from_db()
    services.submission_save(
        submission=draft, by=cast["commune"], values={"residential_areas_total": 1}
    )
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(submission=draft, by=cast["commune"])
    assert "Số nhà Đại đoàn kết xây mới (Nội dung 1)" in str(exc.value)
    # a readable value replaces it and clears the flag
    draft.refresh_from_db()
    data = _autosave(client, draft, v_houses_built="3").json()
    assert data["saved"] == ["houses_built"] and data["fields"]["houses_built"]["errors"] == []
    row = _value(draft, "houses_built")
    assert row.value == 3 and row.invalid_input == ""


@pytest.mark.parametrize(
    "code,raw,message",
    [
        ("trees_planted", "-5", "Giá trị không được âm."),
        ("health_insurance_pct", "150", "Tỷ lệ không được vượt quá 100%."),
        ("cultural_families", "500", "Không được lớn hơn “Tổng số hộ gia đình” (110)."),
        ("trees_planted", "12,5", "Chỉ tiêu này phải là số nguyên."),
    ],
)
def test_a_value_breaking_a_blocking_rule_is_saved_and_said_not_announced_as_fine(
    cast, draft, client_for, code, raw, message
):
    data = _autosave(client_for("commune"), draft, **{f"v_{code}": raw}).json()
    assert data["saved"] == [code]
    assert data["fields"][code]["errors"] == [message]
    assert data["errors"] >= 1


@pytest.mark.parametrize(
    "raw,message",
    [
        ("1e999", "“1e999” không phải là số."),
        ("12345678901234567890", "quá lớn"),
        ("1,555", "có thể hiểu là 1,555 hoặc 1.555"),
        ("1,5555", "quá nhiều chữ số thập phân"),
    ],
)
def test_numbers_the_database_cannot_hold_are_refused_at_the_field(
    cast, draft, client_for, raw, message
):
    response = _autosave(client_for("commune"), draft, v_land_donated_m2=raw, v_trees_planted="7")
    assert response.status_code == 200
    data = response.json()
    assert message in data["refused"]["land_donated_m2"]
    assert data["saved"] == ["trees_planted"]
    assert _value(draft, "land_donated_m2").value is None
    assert _value(draft, "trees_planted").value == 7


@pytest.mark.parametrize(
    "raw,stored", [("1.500.000", 1500000), ("1,5", 1.5), ("1,500,000.5", 1500000.5)]
)
def test_pasted_numbers_in_either_convention(cast, draft, client_for, raw, stored):
    _autosave(client_for("commune"), draft, v_land_donated_m2=raw)
    assert float(_value(draft, "land_donated_m2").value) == stored


def test_a_warning_is_amber_with_its_numbers_written_the_vietnamese_way(cast, draft, client_for):
    data = _autosave(client_for("commune"), draft, v_health_insurance_pct="40,5").json()
    assert data["fields"]["health_insurance_pct"]["warnings"] == [
        "Giá trị nằm ngoài khoảng hợp lý của chỉ tiêu (60 - 100)."
    ]
    assert data["fields"]["health_insurance_pct"]["errors"] == []


def test_a_note_too_long_is_refused_not_cut(cast, draft, client_for):
    data = _autosave(client_for("commune"), draft, n_trees_planted="x" * 501).json()
    assert "dài quá 500 ký tự" in data["refused"]["trees_planted"]
    assert _value(draft, "trees_planted").note == ""


def test_two_editors_the_second_gets_a_conflict_with_the_others_values(cast, draft, client_for):
    first, second = client_for("commune"), client_for("commune")
    version = draft.version
    assert _autosave(first, draft, version=version, v_trees_planted="100").status_code == 200
    response = _autosave(second, draft, version=version, v_trees_planted="250", v_houses_built="2")
    assert response.status_code == 409
    conflict = response.json()["conflict"]
    assert conflict["by"] == "xa1" and conflict["version"] == version + 1
    assert {
        "code": "trees_planted",
        "label": "Số cây xanh được trồng (Nội dung 3)",
        "yours": "250",
        "theirs": "100",
        "kind": "value",
    } in conflict["fields"]
    # nothing of the second editor was written
    assert _value(draft, "trees_planted").value == 100
    assert _value(draft, "houses_built").value == 0


def test_the_form_without_javascript_keeps_the_valid_and_flags_the_wrong(cast, draft, client_for):
    client = client_for("commune")
    url = reverse("campaign:submission_detail", args=[draft.pk])
    response = client.post(
        url, {"version": draft.version, "v_houses_built": "ba", "v_trees_planted": "9"}, follow=True
    )
    page = response.content.decode()
    assert "1 chỉ tiêu chưa lưu: Số nhà Đại đoàn kết xây mới (Nội dung 1)" in page
    assert _value(draft, "trees_planted").value == 9
    # its conflict page shows the other's values beside the ones typed
    stale = client.post(url, {"version": 1, "v_trees_planted": "30"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "xa1 đã lưu báo cáo này lúc" in page and "<td>30</td><td>9</td>" in page
    assert _value(draft, "trees_planted").value == 9


def test_a_locked_report_answers_the_autosave_with_the_reason(cast, draft, client_for):
    sub = services.submission_save(
        submission=draft, by=cast["commune"], values={"residential_areas_total": 1}
    )
    services.submission_submit(submission=sub, by=cast["commune"])
    sub.refresh_from_db()
    response = _autosave(client_for("commune"), sub, v_trees_planted="1")
    assert response.status_code == 403
    assert response.json() == {
        "ok": False,
        "error": services.LOCKED_SUBMITTED,
        "locked": True,
    }
    assert (
        client_for("other_commune")
        .post(reverse("campaign:submission_autosave", args=[sub.pk]), {"version": sub.version})
        .status_code
        == 404
    )


def test_the_api_names_indicators_and_refuses_huge_numbers(cast, draft, client_for):
    client = client_for("commune")
    response = client.post(
        f"/api/submissions/{draft.pk}/values/",
        {"version": draft.version, "values": {"trees_planted": "1e999", "houses_built": "2"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["values"]["trees_planted"] == (
        "Số cây xanh được trồng (Nội dung 3): “1e999” không phải là số."
    )
    assert _value(draft, "houses_built").value == 0  # all or nothing in the API
    conflict = client.post(
        f"/api/submissions/{draft.pk}/values/",
        {"version": draft.version + 5, "values": {"houses_built": "2"}},
        content_type="application/json",
    )
    assert conflict.status_code == 409
    assert conflict.json()["values"][0]["code"] == "houses_built"


def _workbook(client, sub):
    response = client.get(reverse("campaign:submission_xlsx", args=[sub.pk]))
    return load_workbook(io.BytesIO(response.content))


def _upload(client, sub, wb):
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "bao-cao.xlsx"
    return client.post(reverse("campaign:submission_xlsx_upload", args=[sub.pk]), {"file": buf})


@pytest.mark.parametrize("cell", ["1e999", 12345678901234567890, "20000000000000000000", 1.255])
def test_the_excel_dry_run_refuses_what_the_confirm_could_not_store(cast, draft, client_for, cell):
    client = client_for("commune")
    wb = _workbook(client, draft)
    ws = wb["Bao cao"]
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "labour_days")
    ws.cell(row, 5).value = cell
    response = _upload(client, draft, wb)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Số ngày công nhân dân đóng góp (Nội dung 1):" in page
    assert "labour_days" not in page.split("Kiểm tra trước khi nhập")[1]
    assert not response.context.get("token")
    assert _value(draft, "labour_days").value is None


def test_the_excel_dry_run_names_the_rules_each_change_breaks(cast, draft, client_for):
    client = client_for("commune")
    wb = _workbook(client, draft)
    ws = wb["Bao cao"]
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "trees_planted")
    ws.cell(row, 5).value = -4
    response = _upload(client, draft, wb)
    change = next(c for c in response.context["changes"] if c["code"] == "trees_planted")
    assert change["label"] == "Số cây xanh được trồng (Nội dung 3)"
    assert change["errors"] == ["Giá trị không được âm."]
    assert response.context["token"]  # imported, then flagged on the form like a typed value
    client.post(
        reverse("campaign:submission_xlsx_upload", args=[draft.pk]),
        {"token": response.context["token"]},
    )
    assert _value(draft, "trees_planted").value == -4
    assert Submission.objects.get(pk=draft.pk).events.last().action == "imported"
