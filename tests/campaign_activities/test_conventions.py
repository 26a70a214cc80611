"""A village convention keeps the history of its approvals and amendments."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.activities import services
from campaign.models import ConventionRevision, VillageConvention

from .conftest import D, pdf


@pytest.fixture
def convention(cast):
    return services.convention_create(
        by=cast["commune"],
        area=cast.area,
        title="Hương ước thôn Lạc Thiện",
        decision_number="12/QĐ-UBND",
        approved_on=D(2025, 9, 1),
        approved_by="UBND xã Đức Thọ",
        file=pdf("huong-uoc.pdf"),
    )


def test_revisions_are_kept_in_order_and_the_latest_is_current(cast, client_for, convention):
    client = client_for("residential")
    url = reverse("activities:convention_revise", args=[convention.pk])
    response = client.post(
        url,
        {
            "decision_number": "30/QĐ-UBND",
            "approved_on": "2026-04-10",
            "summary": "Bổ sung quy định phân loại rác tại nguồn",
            "file": pdf("huong-uoc-sua-doi.pdf"),
        },
    )
    assert response.status_code == 302
    services.convention_revise(
        convention=convention,
        by=cast["residential"],
        decision_number="41/QĐ-UBND",
        approved_on=D(2026, 10, 2),
        summary="Sửa quy định về việc cưới, việc tang",
    )
    convention.refresh_from_db()
    revisions = list(convention.revisions.order_by("number"))
    assert [(r.number, r.decision_number, r.approved_on) for r in revisions] == [
        (1, "12/QĐ-UBND", D(2025, 9, 1)),
        (2, "30/QĐ-UBND", D(2026, 4, 10)),
        (3, "41/QĐ-UBND", D(2026, 10, 2)),
    ]
    assert revisions[0].file.name.endswith(".pdf")
    assert revisions[1].file.name != revisions[0].file.name
    # the convention shows its latest approval; the file is the last one uploaded
    assert convention.decision_number == "41/QĐ-UBND"
    assert convention.approved_on == D(2026, 10, 2)
    assert convention.file.name == revisions[1].file.name
    assert convention.status == "in_force"
    # the model history keeps each earlier state of the convention too
    history = list(
        convention.history.order_by("history_date").values_list("decision_number", flat=True)
    )
    assert history[0] == "12/QĐ-UBND" and history[-1] == "41/QĐ-UBND"
    assert "30/QĐ-UBND" in history
    page = client.get(reverse("activities:convention_detail", args=[convention.pk]))
    text = page.content.decode()
    assert (
        text.index("12/QĐ-UBND")
        < text.index("30/QĐ-UBND")
        < text.index("Sửa quy định về việc cưới")
    )


def test_a_revision_cannot_predate_the_previous_approval(cast, convention):
    with pytest.raises(ValidationError) as exc:
        services.convention_revise(
            convention=convention,
            by=cast["commune"],
            decision_number="5/QĐ",
            approved_on=D(2025, 8, 1),
        )
    assert "01/09/2025" in str(exc.value)
    assert convention.revisions.count() == 1


def test_replacing_a_convention_marks_the_old_one_replaced(cast, convention):
    new = services.convention_create(
        by=cast["commune"],
        area=cast.area,
        title="Hương ước thôn Lạc Thiện (2026)",
        decision_number="50/QĐ-UBND",
        approved_on=D(2026, 6, 1),
        replaces=convention,
    )
    convention.refresh_from_db()
    assert convention.status == "replaced"
    assert convention.replaced_by == new
    assert new.revisions.get().number == 1


def test_a_convention_cannot_replace_one_of_another_area(cast, convention):
    with pytest.raises(ValidationError):
        services.convention_create(
            by=cast["province_admin"],
            area=cast.other_area,
            title="Quy ước",
            decision_number="1/QĐ",
            approved_on=D(2026, 1, 5),
            replaces=convention,
        )
    assert VillageConvention.objects.count() == 1
    assert ConventionRevision.objects.count() == 1


def test_status_can_be_set_under_revision_through_the_page(cast, client_for, convention):
    client = client_for("commune")
    response = client.post(
        reverse("activities:convention_update", args=[convention.pk]),
        {
            "kind": "huong_uoc",
            "title": convention.title,
            "approved_by": "",
            "status": "under_revision",
        },
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.get_status_display() == "Đang sửa đổi, bổ sung"
