"""The API's commendations name the people and households praised: each read is logged in the
personal-data log, as the pages that show them are (issue #20)."""

from accounts.models import PersonalDataAccess
from recognition.services.commendations import commendation_create


def test_reading_commendations_through_the_api_is_logged(cast, client_for):
    praised = commendation_create(
        subject_type="household",
        unit=cast.area,
        household=cast.households[0],
        level="commune",
        form="bieu_duong",
        reason="Gương mẫu",
        year=2026,
        occasion="festival",
    )
    client = client_for("commune")
    listed = client.get("/api/commendations/")
    one = client.get(f"/api/commendations/{praised.pk}/")
    assert listed.status_code == 200 and one.status_code == 200
    assert listed["Cache-Control"] == "no-store" and one["Cache-Control"] == "no-store"
    logged = list(PersonalDataAccess.objects.order_by("pk").values_list("user", "view_name"))
    assert logged == [
        (cast["commune"].pk, "api:commendation-list"),
        (cast["commune"].pk, "api:commendation-detail"),
    ]
