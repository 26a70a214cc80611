"""Dates are typed and shown as dd/mm/yyyy whatever the language, and a bad one is named."""

import datetime
import pathlib
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from core.forms import DATE_INVALID, BootstrapFormMixin, DateField
from poverty_fund import services as fund_services
from poverty_fund.forms import DonationForm, PeriodForm
from poverty_fund.models import Donation

ROOT = pathlib.Path(__file__).resolve().parents[2]


class _Form(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label="Ngày")


class _PlainForm(forms.Form):
    on = DateField(label="Ngày", required=False)


def _message(value):
    return str(DATE_INVALID % {"value": value})


def test_date_box_is_a_text_box_that_shows_dd_mm_yyyy():
    html = str(_Form(initial={"on": datetime.date(2026, 12, 7)})["on"])
    assert 'type="text"' in html and 'type="date"' not in html
    for attr in ('inputmode="numeric"', 'placeholder="dd/mm/yyyy"', 'autocomplete="off"'):
        assert attr in html
    assert re.search(r'pattern="[^"]+"', html)
    assert 'value="07/12/2026"' in html


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("form_class", [_Form, _PlainForm])
@pytest.mark.parametrize("typed", ["07/12/2026", "7/12/2026", "2026-12-07", " 07/12/2026 "])
def test_dd_mm_yyyy_and_iso_are_read_the_same_in_every_language(language, form_class, typed):
    with translation.override(language):
        form = form_class({"on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == datetime.date(2026, 12, 7)


@pytest.mark.parametrize("form_class", [_Form, _PlainForm])
@pytest.mark.parametrize("typed", ["31/02/2026", "2026/31/12", "12/31/2026", "07/12/26", "hôm nay"])
def test_a_wrong_date_is_named_in_vietnamese_and_kept_as_typed(form_class, typed):
    form = form_class({"on": typed})
    assert not form.is_valid()
    assert form.errors["on"] == [_message(typed)]
    assert f'value="{typed}"' in str(form["on"])


def test_required_date_left_empty_is_the_usual_required_error():
    form = _Form({"on": ""})
    assert not form.is_valid() and form.errors["on"] == ["Trường này là bắt buộc."]


def test_no_browser_date_control_is_left_in_templates_or_forms():
    offenders = []
    for folder in (
        "templates",
        "accounts",
        "campaign",
        "core",
        "poverty_fund",
        "recognition",
        "reporting",
        "residential_areas",
        "portal",
    ):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".html", ".py") or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r'type="date"|"type": "date"|input_type = "date"', text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_a_donation_with_a_wrong_date_is_refused_and_nothing_is_written(cast, client_for):
    fund = fund_services.fund_create(unit=cast.commune)
    post = {
        "donor_name": "Trần Văn Tâm",
        "donor_kind": "person",
        "amount": "1.500.000",
        "date": "31/02/2026",
        "channel": "cash",
        "drive": "peak_month",
    }
    client = client_for("commune")
    url = reverse("poverty_fund:donation_create", args=[fund.pk])
    page = client.post(url, post)
    assert page.status_code == 200
    body = page.content.decode()
    assert _message("31/02/2026") in body and 'value="31/02/2026"' in body
    assert not Donation.objects.exists()

    assert client.post(url, {**post, "date": "20/10/2026"}).status_code == 302
    assert Donation.objects.get().date == datetime.date(2026, 10, 20)


def test_donation_form_shows_today_as_dd_mm_yyyy(cast):
    today = timezone.localdate()
    html = str(DonationForm()["date"])
    assert f'value="{today:%d/%m/%Y}"' in html


def test_fund_statement_period_is_typed_as_dd_mm_yyyy(cast, client_for):
    fund = fund_services.fund_create(unit=cast.commune)
    assert PeriodForm({"start": "01/01/2026", "end": "31/03/2026"}).period() == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )
    page = client_for("commune").get(
        reverse("poverty_fund:fund_statement", args=[fund.pk]),
        {"start": "01/01/2026", "end": "31/03/2026"},
    )
    body = page.content.decode()
    assert 'value="01/01/2026"' in body and 'value="31/03/2026"' in body
    public = reverse("poverty_fund:public_fund", args=[fund.pk])
    body = client_for("commune").get(public, {"start": "2026-01-01", "end": "2026-03-31"})
    assert 'value="31/03/2026"' in body.content.decode()
