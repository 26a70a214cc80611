"""Cached page parts (core.fragments) are never older than the data under them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaign.results import services
from core import fragments
from residential_areas.models import UnitStatistic

pytestmark = pytest.mark.django_db


def _submitted_count(client):
    page = client.get(reverse("campaign:completeness"), {"year": 2026}).content.decode()
    return int(re.search(r'id="c-submitted">(\d+)<', page).group(1))


def _get_counting(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_completeness_shows_a_submission_on_the_next_view(cast, periods, november, client_for):
    board = client_for("movement_board")
    assert _submitted_count(board) == 0
    sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
    from .test_submissions import _fill_valid

    _fill_valid(sub, cast["commune"])
    services.submission_submit(submission=sub, by=cast["commune"])
    assert _submitted_count(board) == 1
    # a returned submission, changed by the service's save, shows at once too
    services.submission_return(submission=sub, by=cast["movement_board"], reason="Thiếu số liệu")
    page = board.get(reverse("campaign:completeness"), {"year": 2026}).content.decode()
    assert "Bị trả lại" in page


def test_the_second_view_skips_the_counts_and_the_table(cast, periods, november, client_for):
    board = client_for("movement_board")
    url = reverse("campaign:completeness")
    first = _get_counting(board, url, year=2026)
    second = _get_counting(board, url, year=2026)
    assert second <= first - 3  # the counts, the expected units and the rows are cached
    fragments.bump("results")
    assert _get_counting(board, url, year=2026) >= second + 3  # rendered again


def test_the_home_figures_follow_a_changed_statistic(cast, client_for):
    client = client_for("commune")
    assert "110" in client.get(reverse("home")).content.decode()
    stat = UnitStatistic.objects.get(unit=cast.area, year=2026)
    stat.households = 135
    stat.save()
    page = client.get(reverse("home")).content.decode()
    assert "135" in page and ">110<" not in page


def test_a_cached_part_is_shared_only_by_users_of_the_same_unit(cast, client_for):
    # the other commune sees its own figures, not the part cached for the first
    assert "110" in client_for("commune").get(reverse("home")).content.decode()
    other = client_for("other_commune").get(reverse("home")).content.decode()
    assert "90" in other and "Thôn Lạc Thiện" not in other


def test_with_the_cache_down_pages_and_writes_still_work(cast, client_for, settings):
    # a Redis nobody listens to: every cache call fails
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    stat = UnitStatistic.objects.get(unit=cast.area, year=2026)
    stat.households = 140
    stat.save()  # bumps the version: fails quietly, the save stands
    stat.refresh_from_db()
    assert stat.households == 140
    page = client_for("commune").get(reverse("home"))
    assert page.status_code == 200 and "140" in page.content.decode()


def test_the_form_rows_follow_each_save_and_the_editor(cast, periods, november, client_for):
    sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
    url = reverse("campaign:submission_detail", args=[sub.pk])
    commune, board = client_for("commune"), client_for("movement_board")
    for families in (90, 91):  # each save is a new version: the rows are rendered again
        services.submission_save(
            submission=sub, by=cast["commune"], values={"cultural_families": families}
        )
        page = commune.get(url).content.decode()
        field = re.search(r'<input[^>]*id="v_cultural_families"[^>]*>', page).group(0)
        assert f'value="{families}"' in field and "disabled" not in field
    # the board reads the same version without the right to edit it: rendered for it, the
    # values as text (no input), beside last year's
    page = board.get(url).content.decode()
    assert 'id="v_cultural_families"' not in page
    row = page[page.index('id="row-cultural_families"') :]
    assert '<span class="review-value">91</span>' in row[: row.index('id="row-', 10)]


def test_breadcrumbs_follow_a_renamed_unit_and_link_only_what_the_user_sees(cast, client_for):
    url = reverse("residential_areas:household_list", args=[cast.area.pk])
    client = client_for("commune")
    page = client.get(url).content.decode()
    trail = page[page.index('class="breadcrumb"') : page.index("</ol>")]
    assert "Tỉnh Hà Tĩnh" in trail and cast.commune.name in trail and cast.area.name in trail
    # the province is above the commune's scope: named, not linked
    province_link = reverse("residential_areas:unit_detail", args=[cast.province.pk])
    assert f'href="{province_link}"' not in trail
    assert f'href="{reverse("residential_areas:unit_detail", args=[cast.commune.pk])}"' in trail
    cast.province.name = "Tỉnh Hà Tĩnh (mới)"
    cast.province.save()
    assert "Tỉnh Hà Tĩnh (mới)" in client.get(url).content.decode()


def test_the_form_follows_a_new_extension_an_event_and_the_indicator_rules(
    cast, periods, november, client_for
):
    import datetime

    sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
    url = reverse("campaign:submission_detail", args=[sub.pk])
    commune = client_for("commune")
    assert "nhận đến 15/01/2027" not in commune.get(url).content.decode()
    services.extension_grant(
        by=cast["province_admin"],
        period=periods[2026],
        unit=cast.commune,
        until=datetime.date(2027, 1, 15),
        reason="Lũ lụt",
    )
    page = commune.get(url).content.decode()
    assert "nhận đến 15/01/2027" in page
    from .test_submissions import _fill_valid

    _fill_valid(sub, cast["commune"])
    services.submission_submit(submission=sub, by=cast["commune"])
    history = commune.get(url).content.decode().split("Lịch sử xử lý")[1]
    assert "<strong>Nộp báo cáo</strong>" in history
    # the history names who acted: a renamed user shows on the next view of the same version
    cast["commune"].first_name, cast["commune"].last_name = "Lan", "Lê Thị"
    cast["commune"].save()
    history = commune.get(url).content.decode().split("Lịch sử xử lý")[1]
    assert cast["commune"].get_full_name() in history
    # an indicator made required: the check of the same version finds one error more
    page = commune.get(url).content.decode()
    assert "có lỗi" not in page
    indicator = (
        sub.values.filter(indicator__required=False, value__isnull=True, text_value="")
        .exclude(indicator__aggregation="ratio")
        .exclude(indicator__value_type="text")
        .first()
        .indicator
    )
    indicator.required = True
    indicator.save()
    assert "1 chỉ tiêu có lỗi" in commune.get(url).content.decode()
