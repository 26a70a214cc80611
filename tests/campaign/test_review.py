"""Review as a dialogue: comments per indicator, a return with a reason and a window to
correct, the unit told, resubmissions marked with what changed, the next report after each
decision, and nobody deciding on a report of its own."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role, UnitRole
from campaign.models import Submission, SubmissionStatus, SubmissionValue
from campaign.results import services
from reporting.models import Notification, OutboxEmail


def _value(sub, code):
    return SubmissionValue.objects.get(submission=sub, indicator__code=code)


def _submitted(cast, periods, unit=None, user="commune", **values):
    unit = unit or cast.commune
    sub = services.submission_open(period=periods[2026], unit=unit, by=cast[user])
    services.submission_save(
        submission=sub,
        by=cast[user],
        values={"residential_areas_total": 1, "cultural_families": 90, **values},
    )
    return services.submission_submit(submission=sub, by=cast[user])


def _at(day, month=11, year=2026):
    return time_machine.travel(
        datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC), tick=False
    )


def test_the_board_comments_per_indicator_and_returns_with_a_reason(
    cast, periods, november, client_for
):
    sub = _submitted(cast, periods)
    board = client_for("movement_board")
    url = reverse("campaign:submission_detail", args=[sub.pk])
    board.post(
        reverse("campaign:submission_comment", args=[sub.pk]),
        {"c_trees_planted": "Chưa có số cây xanh", "reason": ""},
    )
    assert _value(sub, "trees_planted").reviewer_comment == "Chưa có số cây xanh"
    response = board.post(
        reverse("campaign:submission_review", args=[sub.pk]),
        {
            "action": "return",
            "reason": "Bổ sung số cây xanh",
            "correction_days": "10",
            "c_trees_planted": "Chưa có số cây xanh",
            "c_cultural_families": "Kiểm tra lại",
        },
    )
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.RETURNED
    assert sub.correction_until == datetime.date(2026, 11, 30)  # 20/11 + 10 days
    assert _value(sub, "cultural_families").reviewer_comment == "Kiểm tra lại"
    # no other report waits: back to the queue, told so
    assert response["Location"] == reverse("campaign:review_queue")
    # the unit sees the reason and the comments at the top and at each indicator
    page = client_for("commune").get(url).content.decode()
    top = page[page.index('id="return-box"') : page.index("</section>")]
    # the window never shortens the period's own deadline (30/11 and 5 grace days)
    assert "Bổ sung số cây xanh" in top and "Sửa và nộp lại trước hết ngày 05/12/2026" in top
    assert 'href="#row-trees_planted">Số cây xanh được trồng (Nội dung 3)</a>: Chưa có số' in top
    row = page[page.index('id="row-trees_planted"') :]
    assert "Ý kiến Ban Phong trào:</strong> Chưa có số cây xanh" in row[:2000]


def test_a_comment_on_a_locked_report_is_refused_everywhere(cast, periods, november, client_for):
    sub = _submitted(cast, periods)
    services.submission_accept(submission=sub, by=cast["movement_board"])
    with pytest.raises(PermissionDenied) as exc:
        services.submission_comment(
            submission=sub, by=cast["movement_board"], comments={"trees_planted": "x"}
        )
    assert "đã được tiếp nhận và khóa" in str(exc.value)
    board = client_for("movement_board")
    page = board.post(
        reverse("campaign:submission_comment", args=[sub.pk]), {"c_trees_planted": "x"}, follow=True
    ).content.decode()
    assert "Báo cáo đã được tiếp nhận và khóa: không ghi thêm ý kiến được." in page
    api = board.post(
        f"/api/submissions/{sub.pk}/comments/",
        {"comments": {"trees_planted": "x"}},
        content_type="application/json",
    )
    assert api.status_code == 403 and "khóa" in api.json()["detail"]
    # and a unit may not comment at all
    assert (
        client_for("commune")
        .post(reverse("campaign:submission_comment", args=[sub.pk]), {"c_trees_planted": "x"})
        .status_code
        == 403
    )
    assert _value(sub, "trees_planted").reviewer_comment == ""


def test_a_return_after_the_due_date_opens_a_window_the_unit_uses_alone(cast, periods, client_for):
    with _at(25):
        sub = _submitted(cast, periods)
    with _at(10, 12):  # the grace days ended on 5/12
        services.submission_return(
            submission=sub, by=cast["movement_board"], reason="Thiếu số cây xanh"
        )
        sub.refresh_from_db()
        assert sub.correction_until == datetime.date(2026, 12, 17)  # the default: 7 days
    with _at(16, 12):
        commune = client_for("commune")
        page = commune.get(reverse("campaign:submission_detail", args=[sub.pk])).content.decode()
        assert "hạn sửa và nộp lại 17/12/2026" in page
        data = commune.post(
            reverse("campaign:submission_autosave", args=[sub.pk]),
            {"version": sub.version, "v_trees_planted": "300"},
        ).json()
        assert data["ok"]
        commune.post(reverse("campaign:submission_submit", args=[sub.pk]))
        sub.refresh_from_db()
        assert sub.status == SubmissionStatus.SUBMITTED
        assert not sub.is_late  # submitted on time first; the correction is not lateness
    with _at(18, 12):
        services.submission_return(
            submission=sub, by=cast["movement_board"], reason="Lần 2", correction_days=1
        )
    with _at(20, 12), pytest.raises(PermissionDenied) as exc:
        services.submission_save(submission=sub, by=cast["commune"], values={"trees_planted": 1})
    assert "Đã hết hạn sửa báo cáo bị trả lại (19/12/2026)" in str(exc.value)


@pytest.mark.parametrize("days", ["0", "61", "bảy"])
def test_the_window_is_between_one_and_sixty_days(cast, periods, november, client_for, days):
    sub = _submitted(cast, periods)
    page = (
        client_for("movement_board")
        .post(
            reverse("campaign:submission_review", args=[sub.pk]),
            {"action": "return", "reason": "x", "correction_days": days},
            follow=True,
        )
        .content.decode()
    )
    assert "Số ngày để đơn vị sửa phải từ 1 đến 60." in page
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED


def test_the_unit_is_told_in_the_portal_and_by_email(cast, periods, november, client_for):
    cast["commune"].email = "xa1@example.vn"
    cast["commune"].save()
    sub = _submitted(cast, periods)
    services.submission_return(
        submission=sub,
        by=cast["movement_board"],
        reason="Bổ sung số cây xanh",
        comments={"trees_planted": "Chưa có số liệu"},
    )
    notice = Notification.objects.get(user=cast["commune"])
    assert notice.title == (
        "Báo cáo kết quả năm 2026 của Xã Đức Thọ bị trả lại: sửa và nộp lại trước hết ngày "
        "05/12/2026"
    )
    assert "Lý do: Bổ sung số cây xanh" in notice.body
    assert "Số cây xanh được trồng (Nội dung 3): Chưa có số liệu" in notice.body
    assert notice.url == reverse("campaign:submission_detail", args=[sub.pk])
    mail = OutboxEmail.objects.get(notification=notice)
    assert mail.recipient == "xa1@example.vn" and "bị trả lại" in mail.subject
    assert f"/ket-qua/{sub.pk}/" in mail.body
    # the board and the other commune are not told
    assert not Notification.objects.exclude(user=cast["commune"]).exists()
    # the home page counts it and says what to do
    home = client_for("commune").get(reverse("home")).content.decode()
    assert "Bạn có 1 thông báo chưa đọc" in home
    assert "Bị trả lại, sửa và nộp lại trước hết ngày 05/12/2026 (còn 15 ngày)." in home
    assert "Ban Phong trào yêu cầu:</strong> Bổ sung số cây xanh · 1 ý kiến theo chỉ tiêu" in home
    # an accept tells it too
    services.submission_submit(submission=sub, by=cast["commune"])
    services.submission_accept(submission=sub, by=cast["movement_board"])
    assert Notification.objects.filter(user=cast["commune"]).count() == 2


def test_a_decision_rolled_back_leaves_no_notice(cast, periods, november):
    sub = _submitted(cast, periods)
    with pytest.raises(ValidationError):
        services.submission_return(
            submission=sub,
            by=cast["movement_board"],
            reason="x",
            comments={"trees_planted": "y" * 501},
        )
    assert not Notification.objects.exists()
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED


def test_a_resubmission_is_marked_in_the_queue_with_what_changed(
    cast, periods, november, client_for
):
    sub = _submitted(cast, periods, trees_planted=100)
    services.submission_return(submission=sub, by=cast["movement_board"], reason="Sai số cây")
    services.submission_save(submission=sub, by=cast["commune"], values={"trees_planted": 1250})
    services.submission_submit(submission=sub, by=cast["commune"])
    other = _submitted(cast, periods, unit=cast.other_commune, user="other_commune")
    page = client_for("movement_board").get(reverse("campaign:review_queue")).content.decode()
    rows = page.split("<tr>")
    mine = next(r for r in rows if "Xã Đức Thọ" in r)
    theirs = next(r for r in rows if "Xã Cẩm Xuyên" in r)
    assert "Nộp lại" in mine and "đã sửa 1 chỉ tiêu" in mine
    assert "Số cây xanh được trồng: 100 → 1250" in mine
    assert "Nộp lại" not in theirs
    detail = client_for("movement_board").get(reverse("campaign:submission_detail", args=[sub.pk]))
    assert "Báo cáo nộp lại sau khi bị trả lại ngày 20/11/2026" in detail.content.decode()
    assert other.status == SubmissionStatus.SUBMITTED


def test_after_a_decision_the_next_report_in_the_queue_opens(cast, periods, november, client_for):
    first = _submitted(cast, periods)
    second = _submitted(cast, periods, unit=cast.other_commune, user="other_commune")
    response = client_for("movement_board").post(
        reverse("campaign:submission_review", args=[first.pk]), {"action": "accept"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("campaign:submission_detail", args=[second.pk])
    assert "Tiếp theo trong hàng chờ: Xã Cẩm Xuyên." in response.content.decode()


def test_the_review_page_shows_last_years_values_the_change_and_the_units_notes(
    cast, periods, client_for
):
    with _at(20, 11, 2025):
        last = services.submission_open(period=periods[2025], unit=cast.commune, by=cast["commune"])
        services.submission_save(
            submission=last,
            by=cast["commune"],
            values={"residential_areas_total": 1, "trees_planted": 1000, "households_total": 100},
        )
        services.submission_submit(submission=last, by=cast["commune"])
        services.submission_accept(submission=last, by=cast["movement_board"])
    with _at(20):
        sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
        services.submission_save(
            submission=sub,
            by=cast["commune"],
            values={"residential_areas_total": 1, "trees_planted": 4000},
            notes={"trees_planted": "Chương trình trồng cây của tỉnh"},
        )
        services.submission_submit(submission=sub, by=cast["commune"])
        page = (
            client_for("movement_board")
            .get(reverse("campaign:submission_detail", args=[sub.pk]))
            .content.decode()
        )
    row = page[page.index('id="row-trees_planted"') :]
    row = row[: row.index('id="row-', 10)]
    assert '<span class="review-value">4.000</span>' in row
    assert "1.000" in row and "+3.000 (+300%)" in row
    assert "Thay đổi hơn 3 lần so với năm trước (1.000)." in row  # "3", never "3.00"
    assert "Giải trình:</strong> Chương trình trồng cây của tỉnh" in row
    assert re.search(r'<textarea[^>]*id="c_trees_planted"[^>]*form="return-form"', row)
    households = page[page.index('id="row-households_total"') :]
    assert "Nguồn: Số liệu dân cư năm 2026" in households[:1500]
    assert "Tiếp nhận báo cáo của Xã Đức Thọ? Số liệu sẽ bị khóa" in page  # asks first


def test_one_user_with_both_roles_cannot_decide_on_its_own_report(
    cast, periods, november, client_for
):
    UnitRole.objects.create(
        user=cast["movement_board"], unit=cast.commune, role=Role.COMMUNE_COMMITTEE
    )
    sub = _submitted(cast, periods, user="movement_board")
    with pytest.raises(PermissionDenied) as exc:
        services.submission_accept(submission=sub, by=cast["movement_board"])
    assert str(exc.value) == services.SELF_REVIEW
    with pytest.raises(services.SelfReview):
        services.submission_return(submission=sub, by=cast["movement_board"], reason="x")
    client = client_for("movement_board")
    page = client.get(reverse("campaign:submission_detail", args=[sub.pk])).content.decode()
    assert "Bạn đã nộp báo cáo này nên không tự tiếp nhận hay trả lại được" in page
    assert 'value="accept"' not in page
    refused = client.post(
        reverse("campaign:submission_review", args=[sub.pk]), {"action": "accept"}
    )
    assert refused.status_code == 403
    assert services.SELF_REVIEW in refused.content.decode()
    api = client.post(f"/api/submissions/{sub.pk}/accept/")
    assert api.status_code == 403 and api.json()["detail"] == services.SELF_REVIEW
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.SUBMITTED
    # the queue does not offer it to that user; another board member decides
    assert client.get(reverse("campaign:review_queue")).context["first"] is None
    services.submission_accept(submission=sub, by=cast["province_admin"])
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.ACCEPTED


def test_each_state_has_its_own_badge(cast, periods, november, client_for):
    sub = _submitted(cast, periods)
    services.submission_return(submission=sub, by=cast["movement_board"], reason="x")
    page = client_for("commune").get(reverse("campaign:index")).content.decode()
    assert '<span class="badge text-bg-danger">Bị trả lại</span>' in page
    classes = {s.badge_class for s in [Submission(status=v) for v in SubmissionStatus.values]}
    assert len(classes) == len(SubmissionStatus.values)
