"""The API as an integrator meets it (issue 22): a Python client generated from the schema by
openapi-python-client, used against the live test server through its own models and
functions, never raw HTTP. It runs in CI on PostgreSQL (REQUIRE_SERVICES=1 fails the skip)."""

import datetime
import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cast import PASSWORD
from tests.conftest import totp_now

PACKAGE = "portal_api_client"
NOVEMBER = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="session")
def api(tmp_path_factory, django_db_blocker):
    """The generated package, imported; generated once per session (it takes seconds)."""
    folder = tmp_path_factory.mktemp("generated_client")
    schema = folder / "openapi.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", file=str(schema))
    config = folder / "config.yaml"
    config.write_text(f"package_name_override: {PACKAGE}\npost_hooks: []\n", encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(schema),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    yield importlib.import_module(PACKAGE)
    sys.path.remove(str(folder))
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def _module(name):
    return importlib.import_module(f"{PACKAGE}.{name}")


@pytest.fixture
def world(cast, live_server):
    """In November 2026: the commune's open submission and funds with a donation."""
    from campaign import demo
    from campaign.models import ReportingPeriod
    from campaign.results import demo as results_demo
    from campaign.results import services as results
    from poverty_fund import services as fund_services
    from tests.poverty_fund.helpers import donate

    with time_machine.travel(NOVEMBER, tick=True):
        demo.seed_base()
        results_demo.seed_indicator_sets()
        period = ReportingPeriod.objects.get(year=2026)
        submission = results.submission_open(period=period, unit=cast.commune, by=cast["commune"])
        fund = fund_services.fund_create(unit=cast.commune)
        donate(fund, 2_500_000)
        # the movement board logs in with its authenticator app
        TOTPDevice.objects.create(user=cast["movement_board"], name="điện thoại", confirmed=True)
        yield {"submission": submission, "fund": fund, "url": live_server.url}


def _token(api, url, username, **extra) -> str:
    from_token = _module("api.token.token_create")
    login = _module("models.token_login_request").TokenLoginRequest
    answer = from_token.sync_detailed(
        client=api.Client(base_url=url),
        body=login(username=username, password=PASSWORD, **extra),
    )
    assert answer.status_code == 200, answer.content
    return answer.parsed.token


def _client(api, url, token):
    return api.AuthenticatedClient(
        base_url=url, token=token, prefix="Token", raise_on_unexpected_status=True
    )


def test_an_integrator_logs_in_lists_reads_and_writes(api, world, cast):
    url, submission, fund = world["url"], world["submission"], world["fund"]
    board_token = _token(api, url, "pt", otp=totp_now(cast["movement_board"]))
    board = _client(api, url, board_token)

    # the units by their official code
    units = _module("api.units.units_list").sync(client=board, q="18101")
    assert [(u.code, u.name) for u in units.results] == [("18101", "Xã Đức Thọ")]
    assert units.count == 1 and units.results[0].id == cast.commune.pk

    # the submission the commune opened, read by the province
    read = _module("api.submissions.submissions_retrieve").sync(client=board, id=submission.pk)
    assert isinstance(read, _module("models.submission").Submission)
    assert read.unit.id == cast.commune.pk and read.unit.code == "18101"
    assert read.year == 2026 and read.status.value == "draft"

    # the commune saves values through the generated request model
    commune = _client(api, url, _token(api, url, "xa1"))
    values = _module("models.values_request_values").ValuesRequestValues.from_dict(
        {"cultural_families": "95"}
    )
    body = _module("models.values_request").ValuesRequest(version=read.version, values=values)
    saved = _module("api.submissions.submissions_values_create").sync(
        client=commune, id=submission.pk, body=body
    )
    assert saved.version == read.version + 1
    assert {v.code: v.value for v in saved.values}["cultural_families"] in ("95", "95.00")
    again = _module("api.submissions.submissions_retrieve").sync(client=board, id=submission.pk)
    assert {v.code: v.value for v in again.values}["cultural_families"] == (
        {v.code: v.value for v in saved.values}["cultural_families"]
    )

    # the fund's statement: what came in and the balance
    funds = _module("api.funds.funds_list").sync(client=board, unit=cast.commune.pk)
    assert [f.id for f in funds.results] == [fund.pk]
    detail = _module("api.funds.funds_retrieve").sync(client=commune, id=fund.pk)
    assert (detail.unit.name, detail.donated, detail.spent, detail.balance) == (
        "Xã Đức Thọ",
        2_500_000,
        0,
        2_500_000,
    )


def _wrong_type(api, client, submission):
    """The version is a number: the client's model is given a word."""
    values = _module("models.values_request_values").ValuesRequestValues.from_dict(
        {"cultural_families": "95"}
    )
    body = _module("models.values_request").ValuesRequest(version="hai", values=values)
    return _module("api.submissions.submissions_values_create").sync_detailed(
        client=client, id=submission.pk, body=body
    )


def _vietnamese(text: str) -> bool:
    return any(ch in text for ch in "ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ")


def _error_text(parsed) -> str:
    return str(parsed.to_dict())


def test_bad_input_through_the_client_is_a_documented_400_in_vietnamese(api, world, cast):
    url, submission = world["url"], world["submission"]
    version = submission.version
    error_model = _module("models.error").Error
    commune = _client(api, url, _token(api, url, "xa1"))
    commune.raise_on_unexpected_status = True  # an undocumented status (a 500) raises

    # an empty optional field: the otp of the token login, and a filter
    login = _module("models.token_login_request").TokenLoginRequest
    empty_otp = _module("api.token.token_create").sync_detailed(
        client=api.Client(base_url=url, raise_on_unexpected_status=True),
        body=login(username="xa1", password=PASSWORD, otp=""),
    )
    empty_q = _module("api.units.units_list").sync_detailed(client=commune, q="")

    # an unknown field: an indicator code the year's set does not have
    values = _module("models.values_request_values").ValuesRequestValues.from_dict(
        {"khong_co_chi_tieu_nay": "1"}
    )
    request = _module("models.values_request").ValuesRequest
    unknown = _module("api.submissions.submissions_values_create").sync_detailed(
        client=commune, id=submission.pk, body=request(version=submission.version, values=values)
    )

    wrong_type = _wrong_type(api, commune, submission)

    for name, answer in (
        ("empty otp", empty_otp),
        ("empty filter", empty_q),
        ("unknown indicator", unknown),
        ("wrong type", wrong_type),
    ):
        assert answer.status_code == 400, (name, answer.content)
        assert isinstance(answer.parsed, error_model), name
        if name != "wrong type":  # see the test below
            assert _vietnamese(_error_text(answer.parsed)), (name, answer.content)
    assert "khong_co_chi_tieu_nay" in _error_text(unknown.parsed)
    submission.refresh_from_db()
    assert submission.version == version  # nothing was written


def test_a_wrong_type_is_answered_in_vietnamese(api, world):
    url = world["url"]
    answer = _wrong_type(api, _client(api, url, _token(api, url, "xa1")), world["submission"])
    assert answer.status_code == 400
    assert _vietnamese(_error_text(answer.parsed)), answer.content
