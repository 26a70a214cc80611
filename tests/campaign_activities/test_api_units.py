"""The activities' API lists name each row's unit ({id, code, name, level}) and read those
units with the rows: no query per row (issue 19, item 7)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .test_api import ENDPOINTS, data  # noqa: F401 (the fixture)

# a unit fetched on its own by id: what a lazy `row.unit` costs for each row
ONE_UNIT = re.compile(
    r'FROM "residential_areas_administrativeunit"\s+WHERE "residential_areas_administrativeunit"'
    r'\."id" = '
)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_list_names_its_units_in_one_go(cast, client_for, data, endpoint):  # noqa: F811
    client = client_for("movement_board")
    with CaptureQueriesContext(connection) as queries:
        rows = client.get(f"/api/{endpoint}/").json()["results"]
    assert len(rows) >= 2
    field = "area" if endpoint in ("festivals", "conventions") else "unit"
    named = {row[field]["code"]: row[field] for row in rows}
    expected = (
        {cast.area, cast.other_area} if field == "area" else {cast.commune, cast.other_commune}
    )
    if endpoint == "member-organizations":
        expected = {cast.other_commune}  # the cast's organizations are the province's
    for unit in expected:
        assert named[unit.code] == {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "level": unit.get_level_display(),
        }

    lazy = [q["sql"] for q in queries.captured_queries if ONE_UNIT.search(q["sql"])]
    assert lazy == []


def test_a_pilot_models_replications_name_their_units(cast, client_for, data):  # noqa: F811
    from campaign.activities.models import PilotModel, PilotModelReplication

    for pilot in PilotModel.objects.all():
        PilotModelReplication.objects.create(pilot_model=pilot, unit=cast.commune, year=2026)
    client = client_for("movement_board")
    with CaptureQueriesContext(connection) as queries:
        rows = client.get("/api/pilot-models/").json()["results"]
    assert rows[0]["replications"][0]["unit"]["code"] == cast.commune.code
    assert [q for q in queries.captured_queries if ONE_UNIT.search(q["sql"])] == []
