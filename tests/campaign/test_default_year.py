"""The year in progress is the default: opening the next year early changes nobody's; a year
not yet open cannot be started; a chosen year stays chosen across the pages of the session."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.models import ReportingPeriod, Submission
from campaign.results import selectors, services


def _at(day, month, year=2026):
    return time_machine.travel(
        datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def early_2027(cast, periods):
    """The province admin opens 2027 in December 2026, opening on 1/10/2027, and publishes it."""
    with _at(1, 12):
        period = services.year_open(
            by=cast["province_admin"],
            year=2027,
            copy_from=periods[2026].indicator_set,
            reporting_level="commune",
            opens_on=datetime.date(2027, 10, 1),
            due_on=datetime.date(2027, 11, 30),
        )
        services.indicator_set_publish(
            indicator_set=period.indicator_set, by=cast["province_admin"]
        )
    return period


@pytest.mark.parametrize(
    "today,year",
    [
        (datetime.date(2026, 11, 20), 2026),  # open for submission
        (datetime.date(2026, 12, 5), 2026),  # the last grace day
        (datetime.date(2027, 3, 1), 2026),  # 2026 closed, 2027 not open yet
        (datetime.date(2027, 10, 1), 2027),  # 2027 opens
        (datetime.date(2026, 9, 1), 2025),  # before 2026 opens: the last closed one
    ],
)
def test_the_year_in_progress(cast, periods, early_2027, today, year):
    every = list(ReportingPeriod.objects.order_by("-year"))
    assert selectors.current_period(every, today=today).year == year


def test_a_year_opened_early_changes_nobodys_default(cast, periods, early_2027, client_for):
    with _at(10, 12):
        for who in ("commune", "movement_board", "viewer"):
            response = client_for(who).get(reverse("campaign:index"))
            assert response.context["period"].year == 2026, who
        home = client_for("movement_board").get(reverse("home")).content.decode()
        assert "Báo cáo kết quả năm 2026" in home


def test_a_period_not_yet_open_cannot_be_started(cast, periods, early_2027, client_for):
    with _at(10, 12):
        with pytest.raises(ValidationError) as exc:
            services.submission_open(period=early_2027, unit=cast.commune, by=cast["commune"])
        assert "Kỳ báo cáo năm 2027 chưa mở (mở từ 01/10/2027)." in str(exc.value)
        client = client_for("commune")
        page = client.get(reverse("campaign:index"), {"year": 2027}).content.decode()
        assert "Kỳ báo cáo năm 2027 chưa mở: các đơn vị lập báo cáo từ ngày 01/10/2027." in page
        assert "Lập báo cáo" not in page and "Chưa đến ngày mở" in page
        response = client.post(
            reverse("campaign:submission_open") + "?year=2027",
            {"unit": cast.commune.pk},
            follow=True,
        )
        assert "Kỳ báo cáo năm 2027 chưa mở" in response.content.decode()
    assert not Submission.objects.filter(period=early_2027).exists()


def test_the_returned_2026_report_stays_in_view_while_2027_is_announced(
    cast, periods, early_2027, client_for
):
    with _at(20, 11):
        sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
        services.submission_save(
            submission=sub, by=cast["commune"], values={"residential_areas_total": 1}
        )
        services.submission_submit(submission=sub, by=cast["commune"])
    with _at(10, 12):
        services.submission_return(submission=sub, by=cast["movement_board"], reason="Sửa số hộ")
    with _at(12, 12):
        home = client_for("commune").get(reverse("home")).content.decode()
        assert "Bị trả lại, sửa và nộp lại trước hết ngày 17/12/2026 (còn 5 ngày)." in home
        assert "Sửa số hộ" in home


def test_the_chosen_year_is_kept_across_pages_and_the_chooser_redirects(
    cast, periods, november, client_for
):
    client = client_for("movement_board")
    response = client.post(
        reverse("campaign:year_choose"),
        {"year": "2025", "next": reverse("campaign:completeness") + "?year=2026&unit=5&page=3"},
    )
    # back to the page it was chosen on, without the year it had (or the page of that year)
    assert response.status_code == 302
    assert response["Location"] == reverse("campaign:completeness") + "?unit=5"
    for name in ("campaign:index", "campaign:completeness", "campaign:aggregate"):
        assert client.get(reverse(name)).context["period"].year == 2025, name
    # a link with a year chooses it too
    client.get(reverse("campaign:aggregate"), {"year": 2024})
    assert client.get(reverse("campaign:index")).context["period"].year == 2024
    # another session starts from the year in progress
    assert (
        client_for("movement_board").get(reverse("campaign:index")).context["period"].year == 2026
    )


@pytest.mark.parametrize("year,target", [("1999", "/ket-qua/"), ("abc", "/ket-qua/")])
def test_a_year_without_a_period_is_said(cast, periods, november, client_for, year, target):
    client = client_for("commune")
    response = client.post(
        reverse("campaign:year_choose"),
        {"year": year, "next": "https://evil.example/"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == target  # never away from the portal
    assert "Không có kỳ báo cáo cho năm này." in response.content.decode()
    assert response.context["period"].year == 2026


@pytest.mark.parametrize("typed", ["abc", "1990", "2026abc"])
def test_a_year_without_a_period_in_the_address_shows_the_year_in_view_and_says_so(
    cast, periods, client_for, typed
):
    client = client_for("commune")
    with _at(20, 11):
        client.get(reverse("campaign:index"), {"year": 2025})  # chosen earlier in the session
        response = client.get(reverse("campaign:index"), {"year": typed})
    assert response.status_code == 200
    assert response.context["period"].year == 2025
    page = response.content.decode()
    assert f"Không có kỳ báo cáo cho năm “{typed}”: đang xem năm 2025." in page
