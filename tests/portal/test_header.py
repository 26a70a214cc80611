"""The page header, rendered once per combination of menu, section, notices, name and roles."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from reporting import services as reporting_services

pytestmark = pytest.mark.django_db


def _header(client, url=None):
    page = client.get(url or reverse("home"), follow=True).content.decode()
    return page[page.index("<header>") : page.index("</header>")]


def test_each_user_gets_the_menu_of_its_roles(cast, client_for):
    users_link = reverse("accounts:user_list")
    assert users_link in _header(client_for("province_admin"))
    commune = _header(client_for("commune"))
    assert users_link not in commune
    assert cast["commune"].username in commune or cast["commune"].get_full_name() in commune


def test_the_active_section_follows_the_page(cast, client_for):
    client = client_for("commune")
    home = _header(client)
    units = _header(client, reverse("residential_areas:unit_list"))
    active = re.compile(r'class="nav-link active" aria-current="page" href="([^"]+)"')
    assert active.search(home).group(1) == reverse("home")
    assert active.search(units).group(1) == reverse("residential_areas:unit_list")


def test_a_new_notice_shows_in_the_badge_at_once(cast, client_for):
    client = client_for("commune")
    assert "chưa đọc" not in _header(client)
    reporting_services.notification_create(user=cast["commune"], key="k1", title="Nhắc nộp")
    assert re.search(r'badge text-bg-warning">1<', _header(client))
    reporting_services.notification_create(user=cast["commune"], key="k2", title="Nhắc lần 2")
    assert re.search(r'badge text-bg-warning">2<', _header(client))


def test_the_logout_form_carries_this_requests_csrf_field(cast):
    from tests.conftest import verify_otp

    def logged_in():
        c = Client(enforce_csrf_checks=True)
        c.force_login(cast["commune"])
        verify_otp(c, cast["commune"])
        return c

    # another session of the same user renders the same header first: were its CSRF field
    # kept with the cached header, this session's cookie would reject it
    other, client = logged_in(), logged_in()
    _header(other)
    header = _header(client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # logged out: to the login page


def test_a_page_rendered_without_a_request_keeps_the_brand(cast):
    from django.template.loader import render_to_string

    html = render_to_string("base.html", {})
    assert "navbar-brand" in html and "Đăng xuất" not in html


def test_every_page_has_its_style_sheets_footer_and_scripts(cast, client):
    from django.template.loader import render_to_string
    from django.templatetags.static import static

    expected = [
        static("vendor/bootstrap/bootstrap.min.css"),
        static("css/portal.css"),
        f'href="{reverse("api:docs")}"',
        static("vendor/bootstrap/bootstrap.bundle.min.js"),
        static("js/portal.js"),
        "htmx",
    ]
    login = client.get(reverse("accounts:login")).content.decode()  # no header, the frame
    signed_in = Client()
    signed_in.force_login(cast["commune"])
    home = signed_in.get(reverse("home")).content.decode()
    bare = render_to_string("base.html", {})  # no request: the frame from its templates
    for page in (login, home, bare):
        for part in expected:
            assert part in page
        assert page.index("</footer>") < page.index(static("js/portal.js"))


def test_a_template_showing_the_header_alone_gets_a_working_csrf_field(cast, rf):
    from django.template import engines
    from django.template.context_processors import csrf

    from portal.context_processors import navigation

    request = rf.get(reverse("home"))
    request.user = cast["commune"]
    request.resolver_match = None
    header = engines["django"].from_string("{{ header }}").render(navigation(request))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)
    # the token is one Django accepts for this request's secret
    from django.middleware.csrf import _check_token_format, _unmask_cipher_token

    _check_token_format(token)
    assert _unmask_cipher_token(token) == _unmask_cipher_token(str(csrf(request)["csrf_token"]))
