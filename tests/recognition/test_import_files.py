"""A commune sends all its residential areas' evaluation sheets at once (issue 21): checked
together with nothing saved, then saved together in one transaction, or none of them; every
error names its file and row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from recognition import importer
from recognition.models import GroupKind, TitleEvaluation
from residential_areas import services as unit_services
from tests.cast import NEW_START

from .conftest import decide, family_meeting

pytestmark = pytest.mark.django_db

YEAR = 2025
FIRST = importer.HEADER_ROW + 1


@pytest.fixture
def two_areas(cast, rules):
    """The commune's area with its two households and a second area with three, each with
    its family meeting of 2025."""
    second = unit_services.unit_create(
        code="18101-002",
        name="Thôn Lạc Sơn",
        kind="thon",
        level="area",
        parent=cast.commune,
        area_type="rural",
        valid_from=NEW_START,
    )
    for i in range(3):
        unit_services.household_create(area=second, code=f"H10{i}", head_name=f"Hộ {i}")
    return family_meeting(cast.area, YEAR), family_meeting(second, YEAR)


def filled(meeting, *, votes=None) -> bytes:
    """The meeting's template with every household passing; `votes` for the last row."""
    wb = load_workbook(io.BytesIO(importer.template_xlsx(meeting)))
    ws = wb.active
    groups = {f"g{g.number}": g for g in meeting.criteria_set.groups.all()}
    keys = [key for key, _label in importer._columns(meeting)]
    for r in range(FIRST, ws.max_row + 1):
        for c, key in enumerate(keys, start=1):
            group = groups.get(key)
            if group is not None:
                value = (
                    group.max_points
                    if group.kind == GroupKind.SCORED
                    else "x"
                    if group.kind == GroupKind.CONDITION
                    else None
                )
                ws.cell(r, c).value = value
            elif key == "votes":
                ws.cell(r, c).value = meeting.attending
    if votes is not None:
        ws.cell(ws.max_row, keys.index("votes") + 1).value = votes
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_commune_checks_then_saves_all_its_areas_files_at_once(cast, client_for, two_areas):
    first, second = two_areas
    c = client_for("commune")
    url = reverse("recognition:unit_import", args=[cast.commune.pk])
    page = c.get(reverse("recognition:unit", args=[cast.commune.pk]), {"year": YEAR})
    assert url in page.content.decode()
    response = c.post(
        url,
        {
            "year": YEAR,
            "files": [upload("a.xlsx", filled(first)), upload("b.xlsx", filled(second))],
        },
    )
    body = response.content.decode()
    assert "Kiểm tra xong 2 tệp, không có lỗi: 5 kết quả mới, 0 sửa, 0 không đổi." in body
    assert "Thôn Lạc Sơn" in body
    assert not TitleEvaluation.objects.exists()  # the check saves nothing
    tokens = response.context["stored"]
    response = c.post(
        url,
        {"year": YEAR, "token": [t for t, _n in tokens], "name": [n for _t, n in tokens]},
    )
    assert response.status_code == 302
    assert TitleEvaluation.objects.filter(meeting=first).count() == 2
    assert TitleEvaluation.objects.filter(meeting=second).count() == 3
    assert TitleEvaluation.history.count() == 5
    # the same files again change nothing and write no history
    results, errors = importer.run_files(
        cast.commune, YEAR, [("a.xlsx", filled(first)), ("b.xlsx", filled(second))], apply=True
    )
    assert errors == []
    assert [counts["unchanged"] for _name, _meeting, counts in results] == [2, 3]
    assert TitleEvaluation.history.count() == 5


def test_one_wrong_row_in_one_file_saves_no_file_and_is_named(cast, two_areas):
    first, second = two_areas
    files = [("a.xlsx", filled(first)), ("b.xlsx", filled(second, votes=second.attending + 1))]
    results, errors = importer.run_files(cast.commune, YEAR, files, apply=True)
    assert results is None
    last = FIRST + 2
    assert errors == [
        f"Tệp b.xlsx: Dòng {last} (H102): Số phiếu đồng ý ({second.attending + 1}) lớn hơn số "
        f"tham dự ({second.attending})."
    ]
    assert not TitleEvaluation.objects.exists()
    assert not TitleEvaluation.history.exists()


def test_a_file_without_a_meeting_twice_or_unreadable_is_named_and_nothing_saved(
    cast, rules, two_areas
):
    first, second = two_areas
    other = family_meeting(cast.other_area, YEAR)  # another commune's area
    files = [
        ("a.xlsx", filled(first)),
        ("a-lai.xlsx", filled(first)),
        ("khac.xlsx", filled(other)),
        ("hong.xlsx", b"not a workbook"),
    ]
    results, errors = importer.run_files(cast.commune, YEAR, files, apply=True)
    assert results is None
    assert errors == [
        "Tệp a-lai.xlsx: cùng khu dân cư với tệp a.xlsx.",
        "Tệp khac.xlsx: không có cuộc họp bình xét “Gia đình văn hóa” năm 2025 của khu dân cư "
        "mã “18401-001” thuộc Xã Đức Thọ (mã khu dân cư ở ô D2 của tệp mẫu): hãy ghi cuộc họp "
        "trước.",
        f"Tệp hong.xlsx: {importer.NOT_XLSX}",
    ]
    assert not TitleEvaluation.objects.exists()
    _results, errors = importer.run_files(cast.commune, YEAR, [], apply=False)
    assert errors == [str(importer.NO_FILES)]


def test_a_decided_areas_file_refuses_the_whole_upload(cast, two_areas):
    first, second = two_areas
    importer.run(first, filled(first), apply=True)
    decide(first, cast.commune)
    files = [("a.xlsx", filled(first, votes=1)), ("b.xlsx", filled(second))]
    results, errors = importer.run_files(cast.commune, YEAR, files, apply=True)
    assert results is None
    assert errors == [
        "Tệp a.xlsx: Kết quả bình xét đã có quyết định công nhận, không thể thay đổi."
    ]
    assert not TitleEvaluation.objects.filter(meeting=second).exists()


def test_only_who_may_evaluate_the_commune_uploads_there(cast, client_for, two_areas):
    url = reverse("recognition:unit_import", args=[cast.commune.pk])
    assert client_for("commune").get(url).status_code == 200
    assert client_for("province_admin").get(url).status_code == 200
    assert client_for("viewer").get(url).status_code == 403
    assert client_for("other_commune").get(url).status_code == 404
    assert client_for("residential").get(url).status_code == 404  # its area only
    assert client_for("district").get(url).status_code == 404  # closed before the commune began
    area_url = reverse("recognition:unit_import", args=[cast.area.pk])
    assert client_for("commune").get(area_url).status_code == 404
    # tokens that are not ours are refused without reading anything
    response = client_for("commune").post(url, {"year": YEAR, "token": ["../x"], "name": ["x"]})
    assert response.status_code == 404
