"""Vietnamese names are one full name in their own order, shown exactly as typed."""

import datetime
import shutil
import subprocess

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from accounts.models import Role, UnitRole
from poverty_fund import services as fund_services
from poverty_fund.models import Channel, DonorKind, Drive
from tests.cast import PASSWORD
from tests.conftest import skip_or_fail

NAME = "Nguyễn Thị Kế Toán"


def _create_accountant(cast, client_for):
    response = client_for("province_admin").post(
        reverse("accounts:user_create"),
        {
            "username": "ketoan.xa",
            "full_name": f"  {NAME} ",
            "email": "",
            "password": PASSWORD,
            "unit": cast.commune.pk,
            "role": Role.COMMUNE_COMMITTEE,
        },
    )
    assert response.status_code == 302
    return get_user_model().objects.get(username="ketoan.xa")


def test_full_name_is_kept_and_returned_as_typed(cast, client_for):
    user = _create_accountant(cast, client_for)
    assert user.get_full_name() == NAME
    assert user.get_short_name() == NAME
    assert str(UnitRole.objects.get(user=user)).startswith(NAME)


def test_full_name_shows_as_typed_in_the_header_and_the_user_pages(cast, client_for):
    user = _create_accountant(cast, client_for)
    admin = client_for("province_admin")
    listing = admin.get(reverse("accounts:user_list")).content.decode()
    assert f"<td>{NAME}</td>" in listing and "Toán Nguyễn" not in listing
    found = admin.get(reverse("accounts:user_list"), {"q": "Kế Toán"}).content.decode()
    assert NAME in found
    detail = admin.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert NAME in detail

    client = Client()
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert f"Xin chào, {NAME}" in home
    header = home[home.index("<header>") : home.index("</header>")]
    assert NAME in header and "Toán Nguyễn" not in home


def test_full_name_is_printed_on_the_receipt_its_holder_signs(cast, client_for):
    if not shutil.which("pdftotext"):
        skip_or_fail("poppler-utils (pdftotext) not installed")
    user = _create_accountant(cast, client_for)
    fund = fund_services.fund_create(unit=cast.commune)
    donation = fund_services.donation_create(
        fund=fund,
        amount=500_000,
        date=datetime.date(2026, 10, 20),
        donor_name="Trần Văn Tâm",
        donor_kind=DonorKind.PERSON,
        channel=Channel.CASH,
        drive=Drive.PEAK_MONTH,
        by=user,
    )
    client = Client()
    client.force_login(user)
    pdf = client.get(reverse("poverty_fund:receipt_pdf", args=[donation.pk]))
    assert pdf.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert NAME in text and "Toán Nguyễn" not in text


def test_migration_joins_the_old_split_names_in_vietnamese_order_and_back(db):
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_drop_drf_authtoken")])
    old_apps = executor.loader.project_state([("accounts", "0003_drop_drf_authtoken")]).apps
    OldUser = old_apps.get_model("auth", "User")
    # as user_create and seed_demo stored them: split at the last space
    OldUser.objects.create(username="a", first_name="Đức", last_name="Hoàng Thị")
    OldUser.objects.create(username="b", first_name="Toán", last_name="Nguyễn Thị Kế")
    OldUser.objects.create(username="c", first_name="xa1", last_name="")
    OldUser.objects.create(username="d", first_name="B" * 100, last_name="A" * 100)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("accounts", "0004_full_name")])
    User = get_user_model()
    names = dict(User.objects.values_list("username", "first_name"))
    assert names["a"] == "Hoàng Thị Đức" and names["b"] == NAME and names["c"] == "xa1"
    assert User.objects.get(username="b").get_full_name() == NAME
    assert User.objects.get(username="b").last_name == ""
    # too long for one column: left as it was, nothing cut
    assert User.objects.get(username="d").last_name == "A" * 100

    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_drop_drf_authtoken")])
    back = {u.username: (u.last_name, u.first_name) for u in User.objects.all()}
    assert back["a"] == ("Hoàng Thị", "Đức") and back["b"] == ("Nguyễn Thị Kế", "Toán")
    assert back["c"] == ("", "xa1")

    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0004_full_name")])
    assert User.objects.get(username="a").get_full_name() == "Hoàng Thị Đức"
