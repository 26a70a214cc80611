"""Pages about a unit read it from the cache of the tree (selectors.unit_cached): never older
than the tree, and the scope rule sees the unit where it is now."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import PersonalDataAccess
from residential_areas import selectors, services

pytestmark = pytest.mark.django_db


def _household_list(client, unit, **params):
    return client.get(reverse("residential_areas:household_list", args=[unit.pk]), params)


def test_a_unit_is_read_from_the_database_once_until_the_tree_changes(cast, client_for):
    client = client_for("commune")
    _household_list(client, cast.area)
    with CaptureQueriesContext(connection) as queries:
        assert _household_list(client, cast.area).status_code == 200
    assert not [q for q in queries if 'FROM "residential_areas_administrativeunit"' in q["sql"]]
    services.unit_update(unit=cast.area, name="Thôn Lạc Thiện Mới")
    page = _household_list(client, cast.area).content.decode()
    assert "Hộ gia đình · Thôn Lạc Thiện Mới" in page


def test_a_unit_moved_out_of_the_users_subtree_is_404_on_the_next_request(cast, client_for):
    client = client_for("commune")
    assert _household_list(client, cast.area).status_code == 200
    services.unit_update(unit=cast.area, parent=cast.other_commune)
    assert _household_list(client, cast.area).status_code == 404
    assert _household_list(client_for("other_commune"), cast.area).status_code == 200


def test_a_unit_that_does_not_exist_is_404_and_not_remembered(cast, client_for):
    client = client_for("province_admin")
    url = reverse("residential_areas:household_list", args=[cast.area.pk + 10_000])
    for _ in range(2):  # each miss asks the database again: a miss is never cached
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 404
        assert [q for q in queries if 'FROM "residential_areas_administrativeunit"' in q["sql"]]
    with pytest.raises(type(cast.area).DoesNotExist):
        selectors.unit_cached(cast.area.pk + 10_000)


def test_the_trail_links_each_unit_the_user_may_open(cast, client_for):
    crumbs = selectors.crumbs(selectors.unit_cached(cast.area.pk))
    assert [c.pk for c in crumbs] == [cast.province.pk, cast.commune.pk, cast.area.pk]
    assert [c.url for c in crumbs] == [
        reverse("residential_areas:unit_detail", args=[u.pk])
        for u in (cast.province, cast.commune, cast.area)
    ]


def test_household_rows_are_escaped_and_the_search_is_logged_once(cast, client_for):
    services.household_update(
        household=cast.households[0], head_name='<script>alert("x")</script> Nguyễn & Văn'
    )
    client = client_for("commune")
    before = PersonalDataAccess.objects.count()
    page = _household_list(client, cast.area, q="nguyen").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Nguyễn &amp; Văn" in page
    assert "<script>alert(" not in page
    link = reverse("residential_areas:household_detail", args=[cast.households[0].pk])
    assert f'<a href="{link}">' in page
    entry = PersonalDataAccess.objects.order_by("-pk").first()
    assert PersonalDataAccess.objects.count() == before + 1
    assert (entry.user, entry.action, entry.object_ids) == (
        cast["commune"],
        "search",
        f"pk={cast.area.pk}",
    )
    assert entry.at is not None
