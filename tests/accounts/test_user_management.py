from django.urls import reverse

from accounts.models import Role, UnitRole


def test_province_admin_creates_a_user_with_a_role(cast, client_for):
    admin = client_for("province_admin")
    response = admin.post(
        reverse("accounts:user_create"),
        {
            "username": "xa.moi",
            "full_name": "Ngô Thị Hoa",
            "email": "",
            "password": "Mot-mat-khau-dai-2026",
            "unit": cast.commune.pk,
            "role": Role.COMMUNE_COMMITTEE,
        },
    )
    assert response.status_code == 302
    role = UnitRole.objects.get(user__username="xa.moi")
    assert role.unit == cast.commune and role.role == Role.COMMUNE_COMMITTEE
    assert role.history.count() == 1


def test_weak_password_and_taken_username_are_refused(cast, client_for):
    admin = client_for("province_admin")
    page = admin.post(
        reverse("accounts:user_create"),
        {
            "username": "huyen1",
            "full_name": "A B",
            "password": "123",
            "unit": cast.commune.pk,
            "role": Role.VIEWER,
        },
    ).content.decode()
    assert "Tên đăng nhập đã được dùng" in page or "quá ngắn" in page
    assert UnitRole.objects.filter(user__username="huyen1").count() == 1


def test_province_role_only_on_the_province(cast, client_for):
    admin = client_for("province_admin")
    page = admin.post(
        reverse("accounts:user_detail", args=[cast["district"].pk]),
        {"unit": cast.commune.pk, "role": Role.MOVEMENT_BOARD},
    ).content.decode()
    # named: the role, the level it needs, the unit and its level
    assert (
        "Vai trò “Ban Phong trào tỉnh” chỉ gán cho đơn vị cấp tỉnh; “Xã Đức Thọ” là đơn vị cấp xã."
        in page
    )


def test_revoke_a_role_asks_nothing_of_other_users(cast, client_for):
    admin = client_for("province_admin")
    role = cast["commune"].unit_roles.get()
    response = admin.post(reverse("accounts:role_revoke", args=[cast["commune"].pk, role.pk]))
    assert response.status_code == 302
    assert not cast["commune"].unit_roles.exists()
    assert cast["other_commune"].unit_roles.exists()


def test_only_province_admins_manage_users(cast, client_for):
    assert client_for("movement_board").get(reverse("accounts:user_list")).status_code == 403
    assert client_for("viewer").get(reverse("accounts:user_list")).status_code == 403
    assert (
        client_for("district")
        .post(reverse("accounts:user_toggle_active", args=[cast["commune"].pk]))
        .status_code
        == 403
    )


def test_user_list_search(cast, client_for):
    page = (
        client_for("province_admin")
        .get(reverse("accounts:user_list"), {"q": "huyen"})
        .content.decode()
    )
    assert "huyen1" in page and "huyen2" in page and "xa1" not in page
