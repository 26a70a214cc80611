import datetime

from django.urls import reverse

from campaign.activities import services as services_activities
from recognition.services import commendations


def test_the_festival_page_shows_who_was_praised_there(cast, client_for):
    festival = services_activities.festival_create(
        by=cast["residential"],
        area=cast.area,
        year=2026,
        held_on=datetime.date(2026, 11, 18),
        participants=120,
    )
    commendations.commendation_create(
        subject_type="household",
        unit=cast.area,
        household=cast.households[0],
        level="commune",
        form="bieu_duong",
        reason="Gia đình văn hóa tiêu biểu",
        year=2026,
        occasion="festival",
    )
    commendations.commendation_create(
        subject_type="person",
        unit=cast.other_area,
        person_name="Lê Thị Khác",
        level="commune",
        form="bieu_duong",
        reason="Khác khu",
        year=2026,
        occasion="festival",
    )
    page = (
        client_for("residential")
        .get(reverse("activities:festival_detail", args=[festival.pk]))
        .content.decode()
    )
    assert "Biểu dương, khen thưởng tại Ngày hội" in page
    assert "Nguyễn Văn An" in page
    assert "Lê Thị Khác" not in page
