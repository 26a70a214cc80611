"""Deleting an activity moves it to the trash ("Hoạt động đã xóa"): it leaves every list, count,
report, prefill and API answer, keeps its history, and the users who may delete it can restore
it. Issue 20: the residential board used to hard-delete activities with no way back."""

import pytest
from django.urls import reverse

from campaign.activities import selectors as sel
from campaign.activities import services
from campaign.models import (
    Activity,
    ActivityAttachment,
    Assignment,
    ReportingPeriod,
    Submission,
)
from campaign.results import demo as results_demo
from campaign.results.prefill import prefill_for
from reporting.selectors import activities_section

from .conftest import D, pdf


@pytest.fixture
def recorded(cast, areas):
    """Two outreach sessions in the residential area (by its board) and one at the commune."""
    board = cast["residential"]
    gone = services.activity_create(
        by=board,
        unit=cast.area,
        date=D(2026, 3, 8),
        kind="outreach",
        title="Tuyên truyền ngày 8/3",
        sessions=2,
        participants=40,
        content_areas=[areas[1]],
        attachments=[pdf()],
    )
    kept = services.activity_create(
        by=cast["commune"],
        unit=cast.commune,
        date=D(2026, 4, 1),
        kind="outreach",
        title="Tuyên truyền tháng 4",
        sessions=1,
        participants=25,
    )
    return gone, kept


def _delete(client, activity):
    return client.post(reverse("activities:activity_delete", args=[activity.pk]))


def _restore(client, activity):
    return client.post(reverse("activities:activity_restore", args=[activity.pk]))


def test_the_board_deletes_into_the_trash_and_the_row_stays(cast, client_for, recorded):
    gone, _kept = recorded
    board = client_for("residential")
    response = _delete(board, gone)
    assert response.status_code == 302
    row = Activity.all_objects.get(pk=gone.pk)
    assert row.deleted_at is not None
    assert row.deleted_by == cast["residential"]
    # its attachment and content areas wait with it for a restore
    assert row.attachments.count() == 1
    assert row.content_areas.count() == 1
    assert row.history.first().history_change_reason == "Xóa (chuyển vào mục Đã xóa)"
    assert not Activity.objects.filter(pk=gone.pk).exists()
    # the page says it can be restored
    page = board.get(response["Location"])
    assert "có thể khôi phục" in page.content.decode().lower()


def test_a_deleted_activity_is_in_no_list_count_prefill_report_or_api(cast, client_for, recorded):
    gone, kept = recorded
    services.activity_delete(activity=gone, by=cast["residential"])
    client = client_for("commune")
    page = client.get(reverse("activities:activity_list"), {"unit": cast.commune.pk, "year": 2026})
    assert gone.title not in page.content.decode()
    assert kept.title in page.content.decode()
    assert page.context["totals"] == {"sessions": 1, "participants": 25}
    assert client.get(reverse("activities:activity_detail", args=[gone.pk])).status_code == 404
    assert client.get(reverse("activities:activity_update", args=[gone.pk])).status_code == 404
    assert [r["id"] for r in client.get("/api/activities/").json()["results"]] == [kept.pk]
    assert client.get(f"/api/activities/{gone.pk}/").status_code == 404
    # its attachment is no longer served either
    attachment = Activity.all_objects.get(pk=gone.pk).attachments.get()
    assert client.get(attachment.file.url).status_code == 404
    url = reverse("activities:attachment_delete", args=[attachment.pk])
    assert client.post(url).status_code == 404
    assert Activity.all_objects.get(pk=gone.pk).attachments.count() == 1
    prefill = prefill_for(unit=cast.commune, year=2026)
    assert prefill["outreach_sessions"].value == 1
    assert prefill["outreach_participants"].value == 25
    section = activities_section(unit=cast.commune, year=2026)
    assert [(r["entries"], r["sessions"]) for r in section["activities"]] == [(1, 1)]
    assert list(cast.area.activities.all()) == []


def test_the_trash_lists_the_subtree_and_restore_brings_it_back(cast, client_for, recorded):
    gone, _kept = recorded
    services.activity_delete(activity=gone, by=cast["residential"])
    board = client_for("residential")
    trash = board.get(reverse("activities:activity_trash"), {"unit": cast.area.pk})
    assert trash.status_code == 200
    assert [a.pk for a in trash.context["page"].object_list] == [gone.pk]
    assert "Khôi phục" in trash.content.decode()
    # the commune sees its areas' trash too
    trash = client_for("commune").get(reverse("activities:activity_trash"))
    assert [a.pk for a in trash.context["page"].object_list] == [gone.pk]
    response = _restore(board, gone)
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:activity_detail", args=[gone.pk])
    restored = Activity.objects.get(pk=gone.pk)
    assert restored.deleted_at is None and restored.deleted_by is None
    assert restored.attachments.count() == 1
    assert restored.history.first().history_change_reason == "Khôi phục từ mục Đã xóa"
    assert prefill_for(unit=cast.commune, year=2026)["outreach_sessions"].value == 3
    # restoring twice is refused with a message, nothing changes
    assert _restore(board, gone).status_code == 404


def test_the_trash_follows_the_scope_rule(cast, client_for, recorded):
    gone, _kept = recorded
    services.activity_delete(activity=gone, by=cast["residential"])
    outsider = client_for("other_commune")
    url = reverse("activities:activity_trash")
    assert outsider.get(url, {"unit": cast.area.pk}).status_code == 404
    assert list(outsider.get(url).context["page"].object_list) == []
    assert _restore(outsider, gone).status_code == 404
    assert client_for("other_district").get(url, {"unit": cast.commune.pk}).status_code == 404
    # a read-only role sees the trash but may not restore
    viewer = client_for("viewer")
    assert [a.pk for a in viewer.get(url).context["page"].object_list] == [gone.pk]
    assert _restore(viewer, gone).status_code == 403
    assert Activity.all_objects.get(pk=gone.pk).deleted_at is not None


def test_a_member_org_restores_only_its_own_organizations_activities(cast, client_for, orgs):
    own = services.activity_create(
        by=cast["member_org"],
        unit=cast.commune,
        date=D(2026, 5, 1),
        kind="training",
        title="Tập huấn của Hội Nông dân",
        organization=orgs.farmers,
    )
    womens = services.activity_create(
        by=cast["province_admin"],
        unit=cast.commune,
        date=D(2026, 5, 2),
        kind="training",
        title="Tập huấn của Hội Phụ nữ",
        organization=orgs.women,
    )
    client = client_for("member_org")
    assert _delete(client, womens).status_code == 403
    assert _delete(client, own).status_code == 302
    services.activity_delete(activity=womens, by=cast["commune"])
    assert _restore(client, womens).status_code == 403
    assert _restore(client, own).status_code == 302
    assert Activity.objects.filter(pk=own.pk).exists()
    assert not Activity.objects.filter(pk=womens.pk).exists()


def test_an_accepted_years_activities_can_be_neither_deleted_nor_restored(
    cast, client_for, recorded
):
    gone, kept = recorded
    services.activity_delete(activity=gone, by=cast["residential"])
    results_demo.seed_indicator_sets()
    period = ReportingPeriod.objects.get(year=2026)
    Submission.objects.create(period=period, unit=cast.commune, status="accepted")
    assert sel.activity_year_locked(kept)
    client = client_for("commune")
    response = _delete(client, kept)
    assert response.status_code == 302
    assert Activity.objects.filter(pk=kept.pk).exists()
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("đã được tiếp nhận và khóa" in m for m in messages)
    response = _restore(client_for("residential"), gone)
    assert response.status_code == 302
    assert Activity.all_objects.get(pk=gone.pk).deleted_at is not None
    # a draft submission locks nothing; another year is not locked either
    Submission.objects.update(status="draft")
    assert not sel.activity_year_locked(kept)


def test_the_api_delete_is_a_soft_delete_with_the_same_rules(cast, client_for, recorded):
    gone, kept = recorded
    assert client_for("other_commune").delete(f"/api/activities/{gone.pk}/").status_code == 404
    assert client_for("viewer").delete(f"/api/activities/{gone.pk}/").status_code == 403
    response = client_for("residential").delete(f"/api/activities/{gone.pk}/")
    assert response.status_code == 204
    row = Activity.all_objects.get(pk=gone.pk)
    assert row.deleted_at is not None and row.deleted_by == cast["residential"]
    assert client_for("residential").delete(f"/api/activities/{gone.pk}/").status_code == 404
    results_demo.seed_indicator_sets()
    period = ReportingPeriod.objects.get(year=2026)
    Submission.objects.create(period=period, unit=cast.commune, status="accepted")
    response = client_for("commune").delete(f"/api/activities/{kept.pk}/")
    assert response.status_code == 400
    assert "khóa" in response.content.decode()
    assert Activity.objects.filter(pk=kept.pk).exists()


def test_the_trash_page_queries_stay_flat(cast, client_for, areas, django_assert_max_num_queries):
    client = client_for("commune")
    url = reverse("activities:activity_trash")

    def add(n):
        for i in range(n):
            activity = services.activity_create(
                by=cast["commune"],
                unit=cast.area,
                date=D(2026, 1, 1 + i),
                kind="outreach",
                title="x",
            )
            services.activity_delete(activity=activity, by=cast["commune"])

    add(2)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.fixture
def assignment(cast, orgs, areas):
    return services.assignment_create(
        by=cast["commune"],
        unit=cast.area,
        year=2026,
        organization=orgs.farmers,
        task="Vận động hộ nghèo vay vốn",
        content_area=areas[1],
    )


def test_the_board_deletes_an_assignment_into_the_trash_and_restores_it(
    cast, client_for, assignment
):
    board = client_for("residential")
    url = reverse("activities:assignment_delete", args=[assignment.pk])
    assert board.post(url).status_code == 302
    row = Assignment.all_objects.get(pk=assignment.pk)
    assert row.deleted_at is not None and row.deleted_by == cast["residential"]
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    listed = board.get(reverse("activities:assignment_list"), {"year": 2026})
    assert "Vận động hộ nghèo vay vốn" not in listed.content.decode()
    assert client_for("commune").get("/api/assignments/").json()["results"] == []
    trash = board.get(reverse("activities:activity_trash"))
    assert [a.pk for a in trash.context["assignments"]] == [assignment.pk]
    # outsiders and read-only roles cannot restore it
    restore = reverse("activities:assignment_restore", args=[assignment.pk])
    assert client_for("other_commune").post(restore).status_code == 404
    assert client_for("viewer").post(restore).status_code == 403
    assert client_for("member_org").post(restore).status_code == 403
    assert board.post(restore).status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).deleted_at is None
    assert board.post(restore).status_code == 404


def test_an_accepted_years_assignment_is_not_deleted(cast, client_for, assignment):
    results_demo.seed_indicator_sets()
    period = ReportingPeriod.objects.get(year=2026)
    Submission.objects.create(period=period, unit=cast.commune, status="accepted")
    board = client_for("residential")
    response = board.post(reverse("activities:assignment_delete", args=[assignment.pk]))
    assert response.status_code == 302
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    messages = [str(m) for m in board.get(response["Location"]).context["messages"]]
    assert any("không xóa hay khôi phục phân công" in m for m in messages)


def test_a_deleted_file_is_neither_listed_nor_served_and_can_be_restored(
    cast, client_for, recorded
):
    gone, _kept = recorded
    attachment = gone.attachments.get()
    board = client_for("residential")
    url = attachment.file.url
    assert board.get(url).status_code == 200
    delete = reverse("activities:attachment_delete", args=[attachment.pk])
    assert board.post(delete).status_code == 302
    row = ActivityAttachment.all_objects.get(pk=attachment.pk)
    assert row.deleted_at is not None and row.deleted_by == cast["residential"]
    assert board.get(url).status_code == 404
    page = board.get(reverse("activities:activity_detail", args=[gone.pk]))
    assert list(page.context["attachments"]) == []
    assert [f.pk for f in page.context["deleted_files"]] == [attachment.pk]
    restore = reverse("activities:attachment_restore", args=[attachment.pk])
    assert client_for("other_commune").post(restore).status_code == 404
    assert client_for("viewer").post(restore).status_code == 403
    assert board.post(restore).status_code == 302
    assert board.get(url).status_code == 200
    assert board.post(restore).status_code == 404
