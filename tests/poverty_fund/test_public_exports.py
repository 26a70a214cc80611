"""The public fund page under load (issue 20, item 5): its PDF is rendered once per version of
the books, not on every request, and a visitor without a login may export only a few files a
minute."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .helpers import donate


@pytest.fixture
def fund(funds):
    donate(funds["commune"], 5_000_000, donor_name="Công ty Sông Lam", donor_kind="enterprise")
    return funds["commune"]


def export(client, fund, fmt, **extra):
    url = reverse("poverty_fund:public_fund", args=[fund.pk])
    return client.get(url, {"start": "2026-01-01", "format": fmt}, **extra)


@pytest.fixture
def pdf_renders(monkeypatch):
    """Counts the PDFs WeasyPrint writes: the library is watched, not replaced."""
    import weasyprint

    calls = []
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        calls.append(1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    return calls


def test_the_public_pdf_is_rendered_once_per_version_of_the_books(client, fund, pdf_renders):
    first = export(client, fund, "pdf")
    second = export(client, fund, "pdf")
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert len(pdf_renders) == 1
    # another period is another file
    url = reverse("poverty_fund:public_fund", args=[fund.pk])
    client.get(url, {"start": "2026-06-01", "format": "pdf"})
    assert len(pdf_renders) == 2
    # a new donation changes the books: the file is rendered afresh
    donate(fund, 1_000)
    assert export(client, fund, "pdf").content.startswith(b"%PDF")
    assert len(pdf_renders) == 3


def test_the_cached_xlsx_follows_the_books(client, fund):
    def donors():
        book = load_workbook(io.BytesIO(export(client, fund, "xlsx").content))
        return [c.value for row in book.worksheets[0].iter_rows() for c in row]

    assert "Công ty Sông Lam" in donors()
    donate(fund, 2_000_000, donor_name="Hội đồng hương")
    assert "Hội đồng hương" in donors()


@pytest.fixture
def two_a_minute(settings):
    settings.PUBLIC_EXPORTS_PER_MINUTE = 2


def test_anonymous_exports_are_limited_per_address(client, fund, two_a_minute):
    assert export(client, fund, "xlsx").status_code == 200
    assert export(client, fund, "pdf").status_code == 200
    refused = export(client, fund, "xlsx")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu tải tệp" in refused.content.decode()
    assert refused["Retry-After"] == "60"
    # the page itself stays open, and another address may still export
    url = reverse("poverty_fund:public_fund", args=[fund.pk])
    assert client.get(url).status_code == 200
    assert export(client, fund, "xlsx", REMOTE_ADDR="10.9.8.7").status_code == 200


def test_behind_the_proxy_a_forged_address_is_no_new_visitor(client, fund, two_a_minute, settings):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    for n in range(2):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}, 198.51.100.7"}
        assert export(client, fund, "xlsx", **forged, **proxy).status_code == 200
    assert (
        export(client, fund, "xlsx", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code
        == 429
    )
    assert (
        export(client, fund, "xlsx", HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code
        == 200
    )


def test_signed_in_users_are_not_limited(fund, client_for, two_a_minute):
    viewer = client_for("viewer")
    for _ in range(4):
        assert export(viewer, fund, "xlsx").status_code == 200
