"""An issued report stays verifiable: the admin cannot delete it, and a draft is never taken for
the issued report."""

import io

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from reporting.models import ReportKind, ReportRun, RunStatus

PROVINCE_2026 = {"kind": ReportKind.ANNUAL_PROVINCE, "year": 2026}


@pytest.fixture
def admin(cast, client_for):
    cast["province_admin"].is_superuser = True  # as the demo's province admin
    cast["province_admin"].save()
    return client_for("province_admin")


def _verify(client, run: ReportRun, field: str = "pdf") -> str:
    upload = io.BytesIO(getattr(run, field).read())
    return client.post(reverse("reporting:verify"), {"file": upload}).content.decode()


def test_the_admin_cannot_delete_an_issued_report_which_stays_genuine(
    cast, results, compile_run, admin, client
):
    run = compile_run(**PROVINCE_2026, unit=cast.province)
    assert run.status == RunStatus.DONE and not run.is_draft
    delete = reverse("admin:reporting_reportrun_delete", args=[run.pk])
    assert admin.get(delete).status_code == 403
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    admin.post(
        reverse("admin:reporting_reportrun_changelist"),
        {"action": "delete_selected", "_selected_action": [run.pk], "post": "yes"},
    )
    change = admin.get(reverse("admin:reporting_reportrun_change", args=[run.pk]))
    assert change.status_code == 200  # it may look
    assert ReportRun.objects.filter(pk=run.pk).exists()
    with pytest.raises(ProtectedError):
        run.delete()
    page = _verify(client, ReportRun.objects.get(pk=run.pk))
    assert "Hợp lệ" in page and f"Lượt lập số {run.pk}" in page


def test_a_draft_verifies_as_a_draft_not_as_the_issued_report(cast, results, compile_run, client):
    draft = compile_run(**PROVINCE_2026, unit=cast.province, draft=True)
    for page in (
        _verify(client, draft),
        _verify(client, draft, "xlsx"),
        client.post(reverse("reporting:verify"), {"checksum": draft.checksum}).content.decode(),
        client.get(reverse("reporting:verify_checksum", args=[draft.checksum])).content.decode(),
    ):
        assert "BẢN NHÁP" in page and "không phải báo cáo chính thức" in page
        assert "Hợp lệ" not in page
    # the nightly job may still replace a draft
    draft.delete()
    assert not ReportRun.objects.exists()
