"""Bad input gets a clear Vietnamese error and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.activities import services
from campaign.models import Activity, ActivityAttachment, Festival, VillageConvention

from .conftest import PDF, D, pdf, png
from .test_permissions import activity_post, festival_post


def test_festival_for_a_unit_that_is_not_a_residential_area(cast, client_for):
    response = client_for("commune").post(
        reverse("activities:festival_create"), festival_post(area=cast.commune.pk)
    )
    assert response.status_code == 400
    assert services.NOT_AN_AREA in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.festival_create(
            by=cast["commune"], area=cast.commune, year=2026, held_on=D(2026, 11, 18)
        )
    assert services.NOT_AN_AREA in exc.value.messages
    assert not Festival.objects.exists()


def test_festival_date_outside_its_year(cast, client_for):
    response = client_for("commune").post(
        reverse("activities:festival_create"),
        festival_post(area=cast.area.pk, year=2026, held_on="2025-11-18"),
    )
    assert response.status_code == 400
    assert "Ngày phải nằm trong năm 2026." in response.content.decode()
    with pytest.raises(ValidationError):
        services.festival_create(
            by=cast["commune"], area=cast.area, year=2026, held_on=D(2027, 1, 2)
        )
    assert not Festival.objects.exists()


def test_festival_before_the_area_existed(cast):
    # the new Thôn Lạc Thiện exists from 1/7/2025: a festival on 18/11/2024 belongs to the old one
    with pytest.raises(ValidationError) as exc:
        services.festival_create(
            by=cast["province_admin"], area=cast.area, year=2024, held_on=D(2024, 11, 18)
        )
    assert "không còn hiệu lực" in str(exc.value)
    services.festival_create(
        by=cast["province_admin"], area=cast.old_area, year=2024, held_on=D(2024, 11, 18)
    )


def test_negative_participants(cast, client_for, orgs):
    client = client_for("commune")
    response = client.post(
        reverse("activities:festival_create"), festival_post(area=cast.area.pk, participants=-5)
    )
    assert response.status_code == 400
    response = client.post(
        reverse("activities:activity_create"), activity_post(cast, participants=-1)
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError) as exc:
        services.festival_create(
            by=cast["commune"],
            area=cast.area,
            year=2026,
            held_on=D(2026, 11, 18),
            participants=-3,
        )
    assert services.NEGATIVE in exc.value.messages
    with pytest.raises(ValidationError):
        services.festival_create(
            by=cast["commune"],
            area=cast.area,
            year=2026,
            held_on=D(2026, 11, 18),
            money_raised=-1,
        )
    with pytest.raises(ValidationError):
        services.activity_create(
            by=cast["commune"],
            unit=cast.commune,
            date=D(2026, 3, 1),
            kind="outreach",
            title="x",
            participants=-2,
        )
    assert not Festival.objects.exists()
    assert not Activity.objects.exists()


def test_a_second_festival_for_the_same_area_and_year(cast, client_for):
    services.festival_create(by=cast["commune"], area=cast.area, year=2026, held_on=D(2026, 11, 18))
    response = client_for("commune").post(
        reverse("activities:festival_create"), festival_post(area=cast.area.pk)
    )
    assert response.status_code == 400
    assert "đã có Ngày hội Đại đoàn kết năm 2026" in response.content.decode()
    assert Festival.objects.count() == 1


@pytest.mark.parametrize(
    "name,content",
    [
        ("bao-cao.pdf", b"MZ\x90\x00 this is a Windows program"),
        ("anh.jpg", b"<html><script>alert(1)</script></html>"),
        ("trong.pdf", b""),
    ],
)
def test_an_attachment_that_is_not_a_pdf_or_image(cast, client_for, orgs, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = activity_post(cast, attachment=SimpleUploadedFile(name, content))
    response = client_for("commune").post(reverse("activities:activity_create"), data)
    assert response.status_code == 400
    assert not Activity.objects.exists()
    assert not ActivityAttachment.objects.exists()


def test_an_attachment_that_is_too_large(cast, client_for, orgs, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    big = pdf(content=PDF + b"0" * (1024 * 1024))
    response = client_for("commune").post(
        reverse("activities:activity_create"), activity_post(cast, attachment=big)
    )
    assert response.status_code == 400
    assert "Tệp quá lớn: tối đa 1 MB." in response.content.decode()
    assert not Activity.objects.exists()


def test_the_wrong_file_is_refused_by_name_and_content_alike(cast, client_for, orgs):
    activity = services.activity_create(
        by=cast["commune"], unit=cast.commune, date=D(2026, 3, 1), kind="outreach", title="x"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("activities:attachment_add", args=[activity.pk])
    client = client_for("commune")
    response = client.post(url, {"file": SimpleUploadedFile("virus.png", b"#!/bin/sh\nrm -rf /")})
    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF hoặc ảnh" in response.content.decode()
    assert not activity.attachments.exists()
    # a real PNG sent with a misleading name is stored under the extension of what it is
    assert client.post(url, {"file": png("anh-hoat-dong.pdf")}).status_code == 302
    stored = activity.attachments.get()
    assert stored.file.name.endswith(".png")


def test_quick_entry_with_a_photo_saves_both(cast, client_for, orgs, areas):
    data = activity_post(
        cast, attachment=png("hoi-nghi.png"), content_areas=[areas[1].pk, areas[5].pk]
    )
    response = client_for("commune").post(reverse("activities:activity_create"), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.attachments.count() == 1
    assert set(activity.content_areas.values_list("number", flat=True)) == {1, 5}


def test_convention_with_a_non_pdf_file_saves_nothing(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for("commune").post(
        reverse("activities:convention_create"),
        {
            "area": cast.area.pk,
            "kind": "huong_uoc",
            "title": "Hương ước",
            "decision_number": "1/QĐ",
            "approved_on": "2026-01-05",
            "approved_by": "",
            "file": SimpleUploadedFile("huong-uoc.docx", b"PK\x03\x04 word document"),
        },
    )
    assert response.status_code == 400
    assert not VillageConvention.objects.exists()


def test_counts_typed_as_vietnamese_write_them_are_taken(cast, client_for):
    client = client_for("commune")
    response = client.post(
        reverse("activities:festival_create"),
        festival_post(area=cast.area.pk, participants="1.250", money_raised="15.000.000"),
    )
    assert response.status_code == 302
    festival = Festival.objects.get()
    assert (festival.participants, festival.money_raised) == (1250, 15_000_000)
    page = client.get(reverse("activities:festival_update", args=[festival.pk])).content.decode()
    assert 'value="1.250"' in page and 'value="15.000.000"' in page
    response = client.post(
        reverse("activities:activity_create"), activity_post(cast, participants="2.400")
    )
    assert response.status_code == 302
    assert Activity.objects.get().participants == 2400


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("participants", "30,5", "“30,5” không phải là số nguyên"),
        ("money_raised", "1" * 25, "phải từ 999.999.999.999.999 trở xuống"),
        ("praised_households", "mười", "“mười” không phải là số nguyên"),
    ],
)
def test_a_wrong_count_is_named_and_stays_in_its_box(cast, client_for, field, typed, message):
    response = client_for("commune").post(
        reverse("activities:festival_create"),
        festival_post(area=cast.area.pk, notes="Ghi chú giữ lại", **{field: typed}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page and "Ghi chú giữ lại" in page
    assert not Festival.objects.exists()


def test_an_activity_of_no_session_is_refused(cast, client_for):
    response = client_for("commune").post(
        reverse("activities:activity_create"), activity_post(cast, sessions="0")
    )
    assert response.status_code == 400
    assert "Số này phải từ 1 trở lên." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_new_festival_and_activity_start_from_zero_and_one(client_for):
    client = client_for("commune")
    page = client.get(reverse("activities:festival_create")).content.decode()
    for name in ("participants", "praised_households", "praised_people", "money_raised"):
        assert f'name="{name}" value="0"' in page
    page = client.get(reverse("activities:activity_create")).content.decode()
    assert 'name="sessions" value="1"' in page and 'name="participants" value="0"' in page
