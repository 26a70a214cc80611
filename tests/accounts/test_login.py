import pytest
from django.urls import reverse

from accounts import services
from tests.cast import PASSWORD


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_vietnamese(client, cast):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in page and "Mật khẩu" in page


def test_login_and_logout(client, cast):
    response = _login(client, "huyen1", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gives_a_vietnamese_error(client, cast):
    page = _login(client, "huyen1", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page


def test_five_failures_lock_the_account_until_an_admin_unlocks_it(client, cast, client_for):
    for _ in range(5):
        _login(client, "huyen1", "sai-mat-khau")
    locked = _login(client, "huyen1", PASSWORD)
    assert locked.status_code == 429
    assert "Tài khoản đang tạm khóa" in locked.content.decode()
    assert client.get(reverse("home")).status_code == 302  # not logged in

    admin = client_for("province_admin")
    detail = admin.get(reverse("accounts:user_detail", args=[cast["district"].pk])).content.decode()
    assert "Mở khóa đăng nhập" in detail
    admin.post(reverse("accounts:user_unlock", args=[cast["district"].pk]))
    assert _login(client, "huyen1", PASSWORD).status_code == 302


def test_session_rotates_at_login(client, cast):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    _login(client, "huyen1", PASSWORD)
    assert client.session.session_key != before


def test_deactivated_user_is_logged_out_everywhere(cast, client_for):
    client = client_for("district")
    assert client.get(reverse("home")).status_code == 200
    services.user_set_active(by=cast["province_admin"], user=cast["district"], active=False)
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    "who,status", [("province_admin", 200), ("movement_board", 404), ("district", 404)]
)
def test_django_admin_is_for_province_admins_only(client_for, who, status):
    assert client_for(who).get("/admin/").status_code == status
