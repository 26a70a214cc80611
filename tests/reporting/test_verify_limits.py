"""The public verification page under load: an upload above the limit is refused by its
declared size before a byte of it is read, and anonymous checks are limited per client."""

import io

import pytest
from django.urls import reverse

from reporting.middleware import TOO_LARGE, TOO_MANY

URL = reverse("reporting:verify")
BOUNDARY = "----kiemtra"


class Body:
    """A multipart request body of `size` bytes that counts how much of it the server reads."""

    def __init__(self, size: int):
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="bao-cao.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.parts = [head, size - len(head) - len(tail), tail]
        self.size = size
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.read_bytes
        n = left if n is None or n < 0 else min(n, left)
        out = bytearray()
        pos = self.read_bytes
        head, zeros, tail = self.parts
        while len(out) < n:
            if pos < len(head):
                chunk = head[pos : pos + n - len(out)]
            elif pos < len(head) + zeros:
                chunk = b"0" * min(n - len(out), len(head) + zeros - pos)
            else:
                start = pos - len(head) - zeros
                chunk = tail[start : start + n - len(out)]
            out += chunk
            pos += len(chunk)
        self.read_bytes = pos
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def _post_body(client, body: Body, **extra):
    # the body is passed as the WSGI stream itself, so its type and length go in by hand
    environ = {
        "wsgi.input": body,
        "CONTENT_LENGTH": str(body.size),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
    }
    return client.generic("POST", URL, **environ, **extra)


def test_an_upload_above_the_limit_is_refused_before_its_body_is_read(db, client, settings):
    body = Body(settings.VERIFY_UPLOAD_MAX_SIZE + 5 * 1024 * 1024)
    response = _post_body(client, body)
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode() and "20 MB" in response.content.decode()
    assert body.read_bytes == 0


def test_a_declared_size_of_300_mb_is_refused_the_same_way(db, client):
    body = Body(300 * 1024 * 1024)
    assert _post_body(client, body).status_code == 413
    assert body.read_bytes == 0


def test_an_upload_within_the_limit_is_still_checked(db, client):
    body = Body(2 * 1024 * 1024)
    response = _post_body(client, body)
    assert response.status_code == 200 and "Không khớp" in response.content.decode()
    assert body.read_bytes == body.size


@pytest.fixture
def low_limit(settings):
    settings.VERIFY_RATE_LIMIT = 3
    return settings.VERIFY_RATE_LIMIT


def _check(client, **extra):
    return client.post(URL, {"checksum": "0" * 64}, **extra)


def test_anonymous_checks_are_limited_per_client_address(db, client, low_limit):
    for _ in range(low_limit):
        assert _check(client).status_code == 200
    refused = _check(client)
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert refused["Retry-After"].isdigit()
    # an upload from the same address is refused too, before it is read
    body = Body(1024 * 1024)
    assert _post_body(client, body).status_code == 429 and body.read_bytes == 0
    # another address is not
    assert _check(client, REMOTE_ADDR="10.1.2.3").status_code == 200
    # the QR link (a GET) is never limited
    assert client.get(reverse("reporting:verify_checksum", args=["0" * 64])).status_code == 200


def test_behind_the_proxy_the_client_is_the_address_the_proxy_saw(db, client, low_limit, settings):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    for n in range(low_limit):
        # a forged first entry does not make a new client: the proxy appends the real one
        forged = f"203.0.113.{n}, 198.51.100.7"
        assert _check(client, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 200
    assert _check(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    assert _check(client, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200


def test_signed_in_users_are_not_limited(cast, client_for, low_limit):
    viewer = client_for("viewer")
    for _ in range(low_limit + 2):
        assert _check(viewer).status_code == 200


def test_the_limit_is_the_setting(db, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.VERIFY_UPLOAD_MAX_SIZE = 10 * 1024
    big = SimpleUploadedFile("bao-cao.pdf", b"%PDF" + b"0" * 40 * 1024)
    response = client.post(URL, {"file": big})
    assert response.status_code == 413
    small = client.post(URL, {"file": io.BytesIO(b"%PDF-1.4 nho")})
    assert small.status_code == 200 and "Không khớp" in small.content.decode()


def test_the_reverse_proxy_cuts_verify_uploads_just_above_the_portal_limit(settings):
    import re
    from pathlib import Path

    caddyfile = (Path(settings.BASE_DIR) / "Caddyfile").read_text()
    matcher = re.search(r"@verify path (\S+)", caddyfile).group(1)
    assert matcher == URL + "*"
    verify = re.search(r"request_body @verify \{\s*max_size (\d+)MB", caddyfile)
    everything = re.search(r"request_body \{\s*max_size (\d+)MB", caddyfile)
    mb = 1024 * 1024
    assert settings.VERIFY_UPLOAD_MAX_SIZE < int(verify.group(1)) * mb <= 25 * mb
    assert int(everything.group(1)) * mb > settings.MAX_UPLOAD_SIZE
