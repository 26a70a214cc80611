"""Stored files behind the scope rule (issue 20, item 8).

Every kind of stored file (a submission's signed scan, a plan's text, an activity's attachment, a
convention's text and each revision's, a Great Unity house's photo, a report's PDF and XLSX) is
served by one view that asks the owning app: the owner downloads it from the link on its page,
a unit of the same level elsewhere gets 404, a visitor is sent to the login page, a guessed or
climbing name is 404, and nothing is served from /media/, in DEBUG either."""

import datetime
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse

from accounts.models import PersonalDataAccess
from campaign import demo
from campaign.models import (
    Activity,
    ActivityAttachment,
    ConventionRevision,
    ReportingPeriod,
    Submission,
    VillageConvention,
    YearlyPlan,
)
from campaign.results import demo as results_demo
from core import files
from poverty_fund.models import House, HousePhoto
from reporting.models import ReportRun

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.date(2026, 3, 5)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _store(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content))


# each kind: build an object of the cast's commune holding a file; answer the object, its field,
# the file's bytes and the page that links to it
def _submission(cast):
    demo.seed_base()
    results_demo.seed_indicator_sets()
    content = b"%PDF-1.4 ban ky xa Duc Tho"
    sub = Submission.objects.create(
        period=ReportingPeriod.objects.get(year=2026),
        unit=cast.commune,
        attachment=_store("submissions/2026/ban-ky.pdf", content),
    )
    return sub, "attachment", content, reverse("campaign:submission_detail", args=[sub.pk])


def _plan(cast):
    content = b"%PDF-1.4 ke hoach nam"
    plan = YearlyPlan.objects.create(
        unit=cast.commune,
        year=2026,
        theme="Chung tay xây dựng nông thôn mới",
        document=_store("campaign/plans/ke-hoach.pdf", content),
    )
    return plan, "document", content, reverse("activities:plan_detail", args=[plan.pk])


def _attachment(cast):
    content = b"%PDF-1.4 bien ban tuyen truyen"
    activity = Activity.objects.create(
        unit=cast.commune, date=DAY, kind="outreach", title="Tuyên truyền tại nhà văn hóa"
    )
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        name="bien-ban.pdf",
        file=_store("campaign/activities/bien-ban.pdf", content),
    )
    page = reverse("activities:activity_detail", args=[activity.pk])
    return attachment, "file", content, page


def _convention(cast):
    content = b"%PDF-1.4 huong uoc hien hanh"
    convention = VillageConvention.objects.create(
        area=cast.area,
        title="Hương ước thôn Lạc Thiện",
        decision_number="12/QĐ-UBND",
        approved_on=DAY,
        file=_store("campaign/conventions/huong-uoc.pdf", content),
    )
    page = reverse("activities:convention_detail", args=[convention.pk])
    return convention, "file", content, page


def _revision(cast):
    convention, _field, _content, page = _convention(cast)
    content = b"%PDF-1.4 huong uoc lan 1"
    revision = ConventionRevision.objects.create(
        convention=convention,
        number=1,
        decision_number="12/QĐ-UBND",
        approved_on=DAY,
        file=_store("campaign/conventions/huong-uoc-lan-1.pdf", content),
    )
    return revision, "file", content, page


def _house_photo(cast):
    house = House.objects.create(
        household=cast.households[0], kind="new", year=2026, approved_on=DAY
    )
    photo = HousePhoto.objects.create(
        house=house, image=_store("houses/2026/nha-moi.png", PNG), stage="approved"
    )
    return photo, "image", PNG, reverse("poverty_fund:house_detail", args=[house.pk])


def _report(field):
    def build(cast):
        content = {"pdf": b"%PDF-1.4 bao cao", "xlsx": b"PK\x03\x04 bao cao"}[field]
        run = ReportRun.objects.create(
            kind="annual_unit",
            unit=cast.commune,
            first_year=2026,
            year=2026,
            status="done",
            checksum="0" * 64,
            **{field: _store(f"reports/2026/bao-cao.{field}", content)},
        )
        return run, field, content, None  # the page links to reporting:download, not the file

    return build


KINDS = {
    "submission": _submission,
    "plan": _plan,
    "attachment": _attachment,
    "convention": _convention,
    "revision": _revision,
    "house_photo": _house_photo,
    "report_pdf": _report("pdf"),
    "report_xlsx": _report("xlsx"),
}


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture(params=sorted(KINDS))
def stored(request, cast):
    obj, field, content, page = KINDS[request.param](cast)
    return {"kind": request.param, "file": getattr(obj, field), "content": content, "page": page}


def test_the_owner_downloads_the_file_from_the_link_on_its_page(stored, client_for, settings):
    settings.DEBUG = False
    client = client_for("commune")
    url = stored["file"].url
    assert url.startswith("/tep/")
    if stored["page"]:
        page = client.get(stored["page"])
        assert page.status_code == 200
        links = {html.unescape(u) for u in re.findall(r'(?:href|src)="([^"]+)"', page.text)}
        assert url in links
    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == stored["content"]
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    expected = "inline" if stored["kind"] == "house_photo" else "attachment"
    assert disposition.startswith(f'{expected}; filename="{os.path.basename(url)}"')


def test_a_unit_of_the_same_level_elsewhere_gets_404(stored, client_for):
    response = client_for("other_commune").get(stored["file"].url)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()  # the 404 page, nothing of the file


def test_a_visitor_is_sent_to_the_login_page(stored, client):
    response = client.get(stored["file"].url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_province_sees_the_file_and_a_district_elsewhere_does_not(stored, client_for):
    assert client_for("province_admin").get(stored["file"].url).status_code == 200
    assert client_for("other_district").get(stored["file"].url).status_code == 404


@pytest.mark.django_db
def test_guessed_and_climbing_names_are_404(cast, client_for):
    _attachment(cast)
    # a file under MEDIA_ROOT that no registered field holds (an import waiting for its confirm)
    _store("imports/cho-xac-nhan.xlsx", b"PK\x03\x04")
    client = client_for("province_admin")
    assert client.get("/tep/campaign/activities/bien-ban.pdf").status_code == 200
    for url in (
        "/tep/campaign/activities/bien-ban-2.pdf",
        "/tep/campaign/activities/",
        "/tep/campaign/activities",
        "/tep/imports/cho-xac-nhan.xlsx",
        "/tep/../portal/settings.py",
        "/tep/campaign/../campaign/activities/bien-ban.pdf",
        "/tep/campaign/activities/./bien-ban.pdf",
        "/tep/campaign//activities/bien-ban.pdf",
        "/tep/%2e%2e/%2e%2e/manage.py",
        "/tep/..%2f..%2fmanage.py",
        "/tep//etc/passwd",
        "/tep/campaign%5cactivities%5cbien-ban.pdf",
        "/media/campaign/activities/bien-ban.pdf",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_a_file_of_another_type_is_downloaded_never_rendered(cast, client_for):
    activity = Activity.objects.create(unit=cast.commune, date=DAY, kind="outreach", title="x")
    page = b"<html><script>alert(1)</script></html>"
    attachment = ActivityAttachment.objects.create(
        activity=activity, name="trang.html", file=_store("campaign/activities/trang.html", page)
    )
    response = client_for("commune").get(attachment.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_house_photo_read_is_logged_and_kept_out_of_caches(cast, client_for):
    photo, _field, _content, _page = _house_photo(cast)
    before = PersonalDataAccess.objects.count()
    assert client_for("other_commune").get(photo.image.url).status_code == 404
    assert PersonalDataAccess.objects.count() == before
    response = client_for("commune").get(photo.image.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    entry = PersonalDataAccess.objects.order_by("-pk").first()
    assert PersonalDataAccess.objects.count() == before + 1
    assert (entry.user, entry.action, entry.view_name, entry.object_ids) == (
        cast["commune"],
        "view",
        "file",
        f"housephoto={photo.pk}",
    )


@pytest.mark.django_db
def test_a_file_leaves_with_its_owner_scope(cast, client_for):
    """A name is served for the row holding it, not for another row that once held it."""
    plan, _field, _content, _page = _plan(cast)
    client = client_for("commune")
    assert client.get(plan.document.url).status_code == 200
    YearlyPlan.objects.filter(pk=plan.pk).update(unit=cast.other_commune)
    assert client.get(plan.document.url).status_code == 404


def test_every_file_field_is_registered():
    fields = {
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not model.__name__.startswith("Historical")
    }
    served = {(entry.model._meta.label_lower, entry.field) for entry in files.registered()}
    assert fields
    assert fields - served == set()


def test_debug_serves_nothing_from_media():
    """With DEBUG=True the URLs hold no /media/ route: a file's only address is the view's."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.urls import Resolver404, resolve\n"
        "assert settings.DEBUG\n"
        "try:\n"
        "    print('media', resolve('/' + settings.MEDIA_URL + 'houses/2026/a.png').func)\n"
        "except Resolver404:\n"
        "    print('media 404')\n"
        "print('file', resolve('/tep/houses/2026/a.png').url_name)\n"
    )
    env = {**os.environ, "DEBUG": "True", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["media 404", "file file"]
