"""The second factor set up on the phone that shows the page: a link opens the app."""

import base64
import html
import re

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cast import PASSWORD


def _setup_page(username):
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    return client.get(reverse("accounts:otp")).content.decode()


def test_setup_page_links_to_the_authenticator_with_the_device_uri(cast):
    page = _setup_page("pt")
    device = TOTPDevice.objects.get(user=cast["movement_board"])
    link = re.search(r'<a [^>]*id="otp-app-link" href="([^"]+)"', page)
    assert link, "the 'Mở bằng ứng dụng xác thực' link is missing"
    assert html.unescape(link.group(1)) == device.config_url
    assert device.config_url.startswith("otpauth://totp/")
    assert "Mở bằng ứng dụng xác thực" in page


def test_setup_page_shows_the_secret_in_groups_of_four(cast):
    page = _setup_page("pt")
    device = TOTPDevice.objects.get(user=cast["movement_board"])
    shown = re.search(r'id="otp-secret">([^<]+)</code>', page).group(1)
    groups = shown.split(" ")
    assert all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4
    assert "".join(groups) == base64.b32encode(device.bin_key).decode()


def test_confirmed_device_page_shows_neither_link_nor_secret(cast):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "pt", "password": PASSWORD})
    TOTPDevice.objects.create(user=cast["movement_board"], name="x", confirmed=True)
    page = client.get(reverse("accounts:otp")).content.decode()
    assert "otp-app-link" not in page and "otp-secret" not in page
