import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.models import Indicator, IndicatorSet, PeriodExtension, ReportingPeriod
from campaign.results import services


def test_province_admin_opens_a_year_copying_last_years_indicators(cast, periods, client_for):
    admin = client_for("province_admin")
    response = admin.post(
        reverse("campaign:years"),
        {
            "year": 2027,
            "copy_from": periods[2026].indicator_set_id,
            "reporting_level": "commune",
            "opens_on": "2027-10-01",
            "due_on": "2027-11-30",
            "grace_days": 3,
        },
    )
    period = ReportingPeriod.objects.get(year=2027)
    assert response.status_code == 302
    assert period.indicator_set.status == "draft"
    codes = set(period.indicator_set.indicators.values_list("code", flat=True))
    assert codes == set(periods[2026].indicator_set.indicators.values_list("code", flat=True))
    # a draft set cannot be reported on yet
    with pytest.raises(ValidationError) as exc:
        services.submission_open(period=period, unit=cast.commune, by=cast["commune"])
    assert "chưa được ban hành" in str(exc.value)
    # the draft is editable, then published and frozen
    ind = period.indicator_set.indicators.get(code="trees_planted")
    admin.post(
        reverse("campaign:indicator_edit", args=[ind.pk]),
        {
            "name": "Số cây xanh trồng mới",
            "unit_of_measure": "cây",
            "required": "on",
            "min_value": "",
            "max_value": "",
            "part_of_code": "",
        },
    )
    ind.refresh_from_db()
    assert ind.name == "Số cây xanh trồng mới" and ind.required
    admin.post(reverse("campaign:indicator_set_publish", args=[period.indicator_set_id]))
    period.indicator_set.refresh_from_db()
    assert period.indicator_set.status == "published"
    with pytest.raises(ValidationError):
        services.indicator_update(indicator=ind, by=cast["province_admin"], name="khác")
    assert Indicator.objects.get(pk=ind.pk).name == "Số cây xanh trồng mới"


def test_a_year_cannot_be_opened_twice(cast, periods):
    with pytest.raises(ValidationError) as exc:
        services.year_open(
            by=cast["province_admin"],
            year=2026,
            copy_from=None,
            reporting_level="commune",
            opens_on=datetime.date(2026, 10, 1),
            due_on=datetime.date(2026, 11, 30),
        )
    assert "đã có kỳ báo cáo" in str(exc.value)
    assert IndicatorSet.objects.filter(year=2026).count() == 1


@pytest.mark.parametrize("who", ["movement_board", "commune", "viewer"])
def test_only_the_province_admin_opens_years(cast, periods, client_for, who):
    client = client_for(who)
    assert client.get(reverse("campaign:years")).status_code == 403
    iset = periods[2026].indicator_set
    assert client.post(reverse("campaign:indicator_set_publish", args=[iset.pk])).status_code == 403


def test_extension_granted_by_the_province(cast, periods, client_for):
    admin = client_for("province_admin")
    iset = periods[2026].indicator_set
    page = admin.post(
        reverse("campaign:indicator_set", args=[iset.pk]),
        {"unit": cast.commune.pk, "until": "2026-11-20", "reason": "Lũ"},
    ).content.decode()
    assert "Ngày gia hạn phải sau hạn nộp" in page
    admin.post(
        reverse("campaign:indicator_set", args=[iset.pk]),
        {"unit": cast.commune.pk, "until": "2026-12-10", "reason": "Lũ lụt"},
    )
    ext = PeriodExtension.objects.get(period=periods[2026], unit=cast.commune)
    assert ext.until == datetime.date(2026, 12, 10) and ext.granted_by == cast["province_admin"]
