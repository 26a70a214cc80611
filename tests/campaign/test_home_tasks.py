"""The home page says what each role has to do now with the yearly results."""

import datetime

import time_machine
from django.urls import reverse

from campaign.results import services


def _submit(cast, periods, unit, user):
    sub = services.submission_open(period=periods[2026], unit=unit, by=cast[user])
    services.submission_save(submission=sub, by=cast[user], values={"residential_areas_total": 1})
    return services.submission_submit(submission=sub, by=cast[user])


def test_a_commune_without_a_report_is_told_to_start_it(cast, periods, november, client_for):
    page = client_for("commune").get(reverse("home")).content.decode()
    assert "Việc cần làm" in page
    assert "Chưa lập báo cáo; hạn nộp 30/11/2026 (còn 15 ngày)." in page
    assert f'href="{reverse("campaign:index")}?year=2026">Lập báo cáo</a>' in page


def test_the_board_sees_waiting_resubmitted_late_and_missing(cast, periods, client_for):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False):
        sub = _submit(cast, periods, cast.commune, "commune")
        services.submission_return(submission=sub, by=cast["movement_board"], reason="x")
        services.submission_submit(submission=sub, by=cast["commune"])
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC), tick=False):
        page = client_for("movement_board").get(reverse("home")).content.decode()
    panel = page[page.index("Việc cần làm") :]

    def figure(label):
        part = panel[panel.index(label) :]
        return part[part.index('class="value">') + 14 : part.index("</div>", part.index("value"))]

    assert figure("Chờ xem xét") == "1"
    assert figure("Trong đó nộp lại") == "1"
    assert figure("Nộp muộn") == "0"
    assert figure("Chưa nộp, quá hạn") == "1"  # the other commune, past 30/11


def test_roles_without_yearly_results_get_no_panel(cast, periods, november, client_for):
    page = client_for("residential").get(reverse("home")).content.decode()
    assert "Việc cần làm" not in page
