"""Without DATABASE_REPLICA_URL nothing changes (issue 21, item 4); with it, settings add the
alias `replica` (a test mirror of `default`) and the router."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from core import replica
from core.replica import replica_reads
from residential_areas.models import AdministrativeUnit

ROOT = Path(__file__).resolve().parents[2]
ROUTER = "portal.db_router.ReplicaRouter"


@pytest.mark.django_db
def test_without_a_replica_the_context_changes_nothing():
    assert replica.ALIAS not in connections.settings and not settings.DATABASE_ROUTERS
    AdministrativeUnit.objects.create(
        code="P5", name="Một cơ sở dữ liệu", kind="tinh", level="province"
    )
    with replica_reads():
        assert replica.read_alias(AdministrativeUnit) == "default"
        assert list(AdministrativeUnit.objects.values_list("name", flat=True)) == [
            "Một cơ sở dữ liệu"
        ]


def _settings_of(env: dict) -> list:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES.get('replica', {}); print(json.dumps([sorted(s.DATABASES), "
        "s.DATABASE_ROUTERS, r.get('NAME'), r.get('HOST'), r.get('TEST', {}).get('MIRROR'), "
        "r.get('OPTIONS', {}).get('connect_timeout'), r.get('CONN_HEALTH_CHECKS')]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REPLICA_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_add_the_replica_and_its_router_only_with_database_replica_url():
    primary = "postgres://portal@127.0.0.1:5432/portal"
    assert _settings_of({"DATABASE_URL": primary}) == [
        ["default"],
        [],
        None,
        None,
        None,
        None,
        None,
    ]
    with_replica = _settings_of(
        {
            "DATABASE_URL": primary,
            "DATABASE_REPLICA_URL": "postgres://portal_app:x@db-replica:5432/portal",
            "REPLICA_CONNECT_TIMEOUT": "3",
        }
    )
    assert with_replica == [
        ["default", "replica"],
        [ROUTER],
        "portal",
        "db-replica",
        "default",
        3,
        True,
    ]
