"""CountingPaginator: the page's rows and the list's length in one query, paging as Django's."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.pagination import CountingPaginator
from residential_areas.models import Household
from residential_areas.text import fold

pytestmark = pytest.mark.django_db


def _household(cast, i):
    name = f"Trần Văn {i:03d}"
    return Household(area=cast.area, code=f"P{i:03d}", head_name=name, search_name=fold(name))


@pytest.fixture
def households(cast):
    Household.objects.bulk_create(_household(cast, i) for i in range(23))
    return Household.objects.filter(code__startswith="P").order_by("code")


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "9", "0", "-1", "x", "2.5"])
@pytest.mark.parametrize("shape", ["models", "values"])
def test_the_same_pages_as_django(households, number, shape):
    qs = households if shape == "models" else households.values("code")
    ours = CountingPaginator(qs, 10).get_page(number)
    theirs = Paginator(qs, 10).get_page(number)
    assert ours.number == theirs.number
    assert ours.paginator.count == theirs.paginator.count == 23
    assert ours.paginator.num_pages == 3
    code = (lambda r: r.code) if shape == "models" else (lambda r: r["code"])
    assert [code(r) for r in ours.object_list] == [code(r) for r in theirs.object_list]


def test_one_query_for_a_page_and_the_total(households):
    with CaptureQueriesContext(connection) as queries:
        page = CountingPaginator(households, 10).get_page("2")
        assert page.paginator.count == 23 and page.has_next() and page.has_previous()
    assert len(queries) == 1


def test_an_empty_list_is_one_empty_page(db):
    page = CountingPaginator(Household.objects.none().order_by("pk"), 10).get_page(None)
    assert page.paginator.count == 0 and list(page.object_list) == [] and page.number == 1


def test_lists_the_window_cannot_count_are_paginated_as_django_does(households):
    for qs in (
        households.values_list("code", flat=True),
        households.distinct(),
        households[:15],
        households.filter(code__lt="P010")
        .order_by()
        .union(households.filter(code__gte="P020").order_by())
        .order_by("code"),
    ):
        ours, theirs = CountingPaginator(qs, 10).get_page("2"), Paginator(qs, 10).get_page("2")
        assert ours.paginator.count == theirs.paginator.count
        assert list(ours.object_list) == list(theirs.object_list)
    assert CountingPaginator(households, 10).get_page(2.5).number == 1


def test_the_household_list_pages_a_search(cast, households, client_for):
    Household.objects.bulk_create(  # 60 in all: two pages of 50
        _household(cast, i) for i in range(23, 60)
    )
    url = reverse("residential_areas:household_list", args=[cast.area.pk])
    client = client_for("commune")
    first = client.get(url, {"q": "tran van"}).content.decode()
    assert "Trang 1/2" in first and "P000" in first and "P050" not in first
    last = client.get(url, {"q": "tran van", "page": "99"}).content.decode()
    assert "Trang 2/2" in last and "P059" in last and "P000" not in last
