"""The restore drill (issue 20, item 11: "the documented restore fails on an existing database").

scripts/restore_drill.sh backs up the test database with `pg_dump -Fc`, restores it into a scratch
database and again over it, and checks the copy; the README's restore line is the one it uses."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from poverty_fund import services
from tests.poverty_fund.helpers import donate

ROOT = Path(__file__).resolve().parents[2]
DRILL = ROOT / "scripts" / "restore_drill.sh"


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}{port}/{name}"


@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_the_test_database_twice_and_checks_it(postgres, cast):
    fund = services.fund_create(unit=cast.commune)
    donate(fund, 250_000)
    name = connection.settings_dict["NAME"]
    done = subprocess.run(
        ["bash", str(DRILL), _url(name), _url(f"{name}_drill")],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Khôi phục đè lên cơ sở dữ liệu đang có" in done.stdout
    assert re.search(r"số dòng giống bản gốc ở cả \d+ bảng", done.stdout)
    assert "Sổ quỹ nhất quán" in done.stdout
    assert done.stdout.strip().endswith("Diễn tập khôi phục thành công.")
    with connection.cursor() as cursor:  # the scratch database is gone again
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [f"{name}_drill"])
        assert cursor.fetchone() == (0,)


def test_the_drill_refuses_to_overwrite_its_source():
    url = "postgres://portal@127.0.0.1:5432/portal"
    done = subprocess.run(["bash", str(DRILL), url, url], capture_output=True, text=True)
    assert done.returncode == 2
    assert "phải là một cơ sở dữ liệu khác" in done.stderr


def test_the_readme_restores_with_the_drills_flags():
    """The restore the README documents is the one the drill runs over an existing database."""
    drill = DRILL.read_text()
    flags = "--clean --if-exists --no-owner --no-privileges --single-transaction"
    assert f"pg_restore {flags}" in drill
    commands = [
        line
        for line in (ROOT / "README.md").read_text().splitlines()
        if line.startswith("docker compose exec")
    ]
    restores = [line for line in commands if " pg_restore " in line]
    assert restores and all(flags in line for line in restores), restores
    dumps = [line for line in commands if " pg_dump " in line]
    # docker compose exec without -T puts a terminal in between, which mangles a binary dump
    assert dumps and all("exec -T" in line and "-Fc" in line for line in dumps), dumps
