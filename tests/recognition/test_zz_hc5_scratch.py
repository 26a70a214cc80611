import io
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from recognition import importer
from .conftest import family_meeting

pytestmark = pytest.mark.django_db
FIRST = importer.HEADER_ROW + 1

def sheet(meeting, rows):
    wb = load_workbook(io.BytesIO(importer.template_xlsx(meeting)))
    ws = wb.active
    ws.delete_rows(FIRST, ws.max_row)
    for row in rows:
        ws.append(row)
    out = io.BytesIO(); wb.save(out); return out.getvalue()

@pytest.mark.parametrize("col", [3, 4, 5, 6])
@pytest.mark.parametrize("value", [1e999, 12345678901234567890, "12345678901234567890", -1e20, "1e999", float("nan"), 2**63, 1e300, "９"])
def test_numbers(cast, rules, client_for, col, value):
    meeting = family_meeting(cast.area, 2019, invited=10, attending=8)
    row = ["H001", "Nguyễn Văn An", None, 45, 28, 20, 8, None]
    row[col] = value
    c = client_for("residential")
    page = reverse("recognition:meeting_import", args=[meeting.pk])
    c.raise_request_exception = False
    r = c.post(page, {"file": SimpleUploadedFile("bx.xlsx", sheet(meeting, [row]))})
    print(col, value, r.status_code, r.context and r.context.get("errors"))
    if r.status_code == 200 and r.context.get("token"):
        r2 = c.post(page, {"token": r.context["token"]})
        print("   confirm", r2.status_code)
        assert r2.status_code == 302
    assert r.status_code == 200
