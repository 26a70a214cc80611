import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign.demo import CONTENT_AREAS
from campaign.models import ContentArea, MemberOrganization

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def areas(db):
    return {
        number: ContentArea.objects.get_or_create(
            number=number, defaults={"title": title, "short_title": short}
        )[0]
        for number, title, short in CONTENT_AREAS
    }


@pytest.fixture
def orgs(cast, areas):
    farmers = MemberOrganization.objects.create(
        unit=cast.province, kind="hoi_nong_dan", name="Hội Nông dân tỉnh Hà Tĩnh"
    )
    farmers.users.add(cast["member_org"])
    women = MemberOrganization.objects.create(
        unit=cast.province, kind="hoi_phu_nu", name="Hội Liên hiệp Phụ nữ tỉnh Hà Tĩnh"
    )
    commune_youth = MemberOrganization.objects.create(
        unit=cast.commune, kind="doan_thanh_nien", name="Đoàn Thanh niên xã Đức Thọ"
    )
    return SimpleNamespace(farmers=farmers, women=women, commune_youth=commune_youth)


D = datetime.date
