"""Reads from a replica (issue 21, item 4): core/replica.py and portal/db_router.py.

The alias `replica` is added for each test, as settings add it from DATABASE_REPLICA_URL: either
a second database on the same PostgreSQL server that holds different rows (so a row read says
where it was read), or the test database itself (Django's TEST MIRROR: the whole schema, for the
report compile and the public fund page). Transactional tests: each connection sees what the
other committed.
"""

import logging

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import replica
from core.replica import replica_reads
from residential_areas.models import AdministrativeUnit
from tests.reporting.conftest import periods, results  # noqa: F401 - fixtures

ROUTER = "portal.db_router.ReplicaRouter"
UNIT_TABLE = AdministrativeUnit._meta.db_table
# the tests may use the alias they add (Django refuses a connection to any other)
DATABASES = ["default", replica.ALIAS]


def _register(**overrides):
    """Point the alias `replica` at the test database, with `overrides` (another NAME or PORT)."""
    if hasattr(connections._connections, replica.ALIAS):
        connections[replica.ALIAS].close()
        del connections[replica.ALIAS]
    config = {**connections["default"].settings_dict, **overrides}
    # a mirror: Django's test case neither creates nor flushes it
    config["TEST"] = {**config["TEST"], "MIRROR": "default"}
    connections.settings[replica.ALIAS] = config


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """The alias exists before each test's case is set up (Django checks `databases` then)."""
    _register()
    yield
    with django_db_blocker.unblock():
        connections[replica.ALIAS].close()
    del connections[replica.ALIAS]
    del connections.settings[replica.ALIAS]


@pytest.fixture
def routed(postgres, settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.REPLICA_MAX_LAG_SECONDS = 300
    settings.REPLICA_RETRY_SECONDS = 30
    replica.reset()
    yield settings
    replica.reset()


@pytest.fixture
def second_database(routed, transactional_db):
    """`replica` is another database of the server, holding the unit table and one unit that
    only it has."""
    name = connections["default"].settings_dict["NAME"] + "_replica"
    with connections["default"].cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    _register(NAME=name)
    try:
        with connections[replica.ALIAS].cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # the model's name index
        with connections[replica.ALIAS].schema_editor() as editor:
            editor.create_model(AdministrativeUnit)
        with connections[replica.ALIAS].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {UNIT_TABLE} (code, name, kind, level, area_type, path, search_name)"
                " VALUES ('R1', 'Chỉ có ở bản sao', 'tinh', 'province', 'rural', '', '')"
            )
        yield name
    finally:
        _register()
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def mirror(routed, transactional_db):
    """`replica` is the test database itself, over its own connection."""
    _register()


def _unit(code, name):
    return AdministrativeUnit.objects.create(
        code=code, name=name, kind="tinh", level="province", path=f"{code}/"
    )


def _names():
    return set(AdministrativeUnit.objects.values_list("name", flat=True))


def _replica_names():
    with connections[replica.ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT name FROM {UNIT_TABLE}")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_reads_inside_the_context_go_to_the_replica_and_writes_to_the_primary(second_database):
    _unit("P1", "Chỉ có ở máy chính")
    assert _names() == {"Chỉ có ở máy chính"}  # outside the context: the primary
    with replica_reads():
        with CaptureQueriesContext(connections[replica.ALIAS]) as on_replica:
            assert _names() == {"Chỉ có ở bản sao"}
        assert "SELECT" in on_replica.captured_queries[-1]["sql"]
        written = _unit("P2", "Ghi trong ngữ cảnh")
        # the write went to the primary; the replica never saw it
        assert written._state.db == "default"
        assert AdministrativeUnit.objects.using("default").filter(code="P2").exists()
        assert "Ghi trong ngữ cảnh" not in _replica_names()
        # a model written in the context is read from the primary for the rest of it
        assert _names() == {"Chỉ có ở máy chính", "Ghi trong ngữ cảnh"}
    assert _names() == {"Chỉ có ở máy chính", "Ghi trong ngữ cảnh"}


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_a_row_read_from_the_replica_is_saved_on_the_primary(second_database):
    with replica_reads():
        unit = AdministrativeUnit.objects.get(code="R1")
    assert unit._state.db == replica.ALIAS
    unit.name = "Đã sửa"
    unit.save()  # goes to the primary, as a new row there (the primary never had it)
    assert AdministrativeUnit.objects.using("default").get(code="R1").name == "Đã sửa"
    assert _replica_names() == {"Chỉ có ở bản sao"}


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_the_decorator_and_a_nested_context_read_from_the_replica(second_database):
    @replica_reads()
    def names():
        with replica_reads():  # the outer context has chosen
            return _names()

    assert names() == {"Chỉ có ở bản sao"}
    assert _names() == set()


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_a_context_opened_inside_a_transaction_reads_from_the_primary(second_database):
    with transaction.atomic():
        _unit("P3", "Viết trong giao dịch")
        with replica_reads():
            assert _names() == {"Viết trong giao dịch"}


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_a_replica_that_is_down_falls_back_to_the_primary_with_a_log_line(routed, caplog):
    _register(PORT="1", OPTIONS={"connect_timeout": 2})  # nothing listens on port 1
    try:
        _unit("P4", "Máy chính")
        with caplog.at_level(logging.WARNING, logger="core.replica"):
            with replica_reads():
                assert _names() == {"Máy chính"}
            warnings = [r.getMessage() for r in caplog.records if r.name == "core.replica"]
            assert len(warnings) == 1 and "replica unreachable" in warnings[0]
            # not tried again for REPLICA_RETRY_SECONDS: no second connect, no second line
            with replica_reads():
                assert _names() == {"Máy chính"}
            assert len([r for r in caplog.records if r.name == "core.replica"]) == 1
            replica.reset()
            with replica_reads():
                assert _names() == {"Máy chính"}
            assert len([r for r in caplog.records if r.name == "core.replica"]) == 2
    finally:
        _register()


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_a_replica_too_far_behind_falls_back_to_the_primary_with_a_log_line(
    second_database, settings, caplog
):
    settings.REPLICA_MAX_LAG_SECONDS = -1  # any replica is too far behind
    with caplog.at_level(logging.WARNING, logger="core.replica"), replica_reads():
        assert _names() == set()  # the primary's (empty) table, not the replica's row
    assert any("behind the primary" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_the_public_fund_page_and_its_file_read_from_the_replica(mirror, cast):
    from poverty_fund import services

    fund = services.fund_create(unit=cast.commune)
    if not fund.is_published:
        fund.is_published = True
        fund.save()
    url = reverse("poverty_fund:public_fund", args=[fund.pk])
    with CaptureQueriesContext(connections[replica.ALIAS]) as on_replica:
        assert Client().get(url).status_code == 200
        assert Client().get(url, {"format": "xlsx"}).status_code == 200
        assert Client().get(reverse("poverty_fund:public_index")).status_code == 200
    tables = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "poverty_fund_fund" in tables and "REPEATABLE READ" in tables


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_a_report_compiles_from_the_replica(mirror, cast, results):  # noqa: F811
    from reporting import tasks
    from reporting.models import ReportKind, ReportRun, RunStatus

    run = ReportRun.objects.create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, first_year=2026, year=2026
    )
    with CaptureQueriesContext(connections[replica.ALIAS]) as on_replica:
        tasks.compile_report.apply(args=[run.pk], throw=True)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.pdf and run.xlsx
    read = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "campaign_submissionvalue" in read  # the figures came from the replica
    assert "FOR UPDATE" not in read  # the run itself was taken on the primary


def Client():  # noqa: N802 - a fresh anonymous client per request
    from django.test import Client as DjangoClient

    return DjangoClient()
