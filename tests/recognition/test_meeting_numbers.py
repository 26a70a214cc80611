"""The meeting form's counts typed as a commune office types them (found in a browser pass:
"30,5" was saved as 305, "1.000" read as 1)."""

import pytest
from django.urls import reverse

from recognition.models import EvaluationMeeting

pytestmark = pytest.mark.django_db


def _post(client, area, **counts):
    payload = {"held_on": "05/11/2026", "category": "general", "kind": "family", "year": "2026"}
    payload |= counts
    return client.post(
        reverse("recognition:meeting_create", args=[area.pk]) + "?year=2026&kind=family", payload
    )


def test_a_decimal_count_is_refused_and_every_typed_value_stays(cast, rules, client_for):
    c = client_for("residential")
    r = _post(c, cast.area, invited="30,5", attending="20")
    assert r.status_code == 200
    page = r.content.decode()
    assert "“30,5” không phải là số nguyên" in page
    assert 'value="30,5"' in page and 'value="20"' in page and 'value="05/11/2026"' in page
    assert not EvaluationMeeting.objects.filter(unit=cast.area).exists()


def test_thousands_with_dots_are_read_as_thousands(cast, rules, client_for):
    c = client_for("residential")
    r = _post(c, cast.area, invited="1.200", attending="1.000")
    assert r.status_code == 302, r.content.decode()[:2000]
    meeting = EvaluationMeeting.objects.get(unit=cast.area)
    assert (meeting.invited, meeting.attending) == (1200, 1000)


@pytest.mark.parametrize(
    ("invited", "attending", "message"),
    [
        (200_000, 10, "Số được mời quá lớn (tối đa 100.000)."),
        (10, -1, "Số tham dự không được âm."),
    ],
)
def test_the_service_holds_the_same_limits_as_the_form(cast, rules, invited, attending, message):
    from django.core.exceptions import ValidationError

    from .conftest import family_meeting

    with pytest.raises(ValidationError) as exc:
        family_meeting(cast.area, 2026, invited=invited, attending=attending)
    assert exc.value.messages == [message]
    assert not EvaluationMeeting.objects.filter(unit=cast.area).exists()


def test_the_form_says_the_services_limit(cast, rules, client_for):
    r = _post(client_for("residential"), cast.area, invited="200.000", attending="10")
    assert r.status_code == 200
    assert "Số này phải từ 100.000 trở xuống." in r.content.decode()
    assert 'value="200.000"' in r.content.decode()
