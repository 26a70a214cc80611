"""core/text.py: no invisible characters stored, whatever path saves the text; "Ð" searched
as "Đ"."""

import sys
import unicodedata

import pytest
from django import forms
from django.urls import reverse

from core.forms import BootstrapFormMixin
from core.text import INVISIBLE, clean_text, fold
from residential_areas import selectors, services
from residential_areas.models import AdministrativeUnit, Household

ZWSP, ZWJ, RLO, LRM, BOM, SHY = "\u200b", "\u200d", "\u202e", "\u200e", "\ufeff", "\u00ad"


def test_the_invisible_characters_are_unicodes_format_and_control_characters():
    expected = {
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf"
        or (unicodedata.category(chr(cp)) == "Cc" and chr(cp) not in "\t\n\r")
    }
    everything = "".join(chr(cp) for cp in range(sys.maxunicode + 1))
    assert set(INVISIBLE.findall(everything)) == expected


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (f"Ng{ZWSP}uyễn{ZWJ} Văn{SHY} An", "Nguyễn Văn An"),
        (f"{RLO}nA năV nễyugN", "nA năV nễyugN"),  # read backwards on a page, before
        (f"{BOM}{LRM}Trần\x00 Thị\x1b Bình", "Trần Thị Bình"),
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed, as pasted from a PDF: NFC
        ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2\tcột"),
        ("Hà Tĩnh", "Hà Tĩnh"),
    ],
)
def test_clean_text(typed, stored):
    assert clean_text(typed) == stored


def test_fold_takes_the_eth_for_d_with_stroke():
    assert fold("Ðặng Ðức") == fold("Đặng Đức") == fold("đặng đức") == "dang duc"
    assert fold(f"Ng{ZWSP}uyễn") == "nguyen"


def test_a_unit_typed_with_eth_is_found(cast):
    found = selectors.units_search(qs=AdministrativeUnit.objects.all(), q="Ðức Thọ")
    assert set(found) == {cast.district, cast.commune}


class _NameForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(max_length=5)
    secret = forms.CharField(widget=forms.PasswordInput)


def test_the_form_mixin_cleans_text_before_it_is_validated():
    form = _NameForm({"name": f"{ZWSP}{ZWSP}", "secret": "x"})
    assert not form.is_valid()
    assert "name" in form.errors  # nothing visible: empty, and required
    form = _NameForm({"name": f"A{ZWSP}B{RLO}CDE{ZWJ}", "secret": f"a{ZWSP}b"})
    assert form.is_valid(), form.errors  # five letters once cleaned
    # a password is taken as typed: it is compared, never shown
    assert form.cleaned_data == {"name": "ABCDE", "secret": f"a{ZWSP}b"}


def test_every_save_stores_text_without_invisible_characters(cast):
    # a service, the admin and an import all end in save(): the model layer cleans
    household = services.household_create(
        area=cast.area, code=f"H0{ZWSP}09", head_name=f"{RLO}Ng{ZWSP}uyễn Văn Tư{LRM}"
    )
    household.refresh_from_db()
    assert (household.code, household.head_name) == ("H009", "Nguyễn Văn Tư")
    services.unit_update(unit=cast.area, name=f"Thôn{ZWSP} Lạc{SHY} Thiện")
    cast.area.refresh_from_db()
    assert cast.area.name == "Thôn Lạc Thiện"


def test_a_name_typed_with_a_zero_width_space_is_found_by_typing_it(cast, client_for):
    services.household_create(area=cast.area, code="H009", head_name=f"Ng{ZWSP}uyễn Văn Tư")
    page = reverse("residential_areas:household_list", args=[cast.area.pk])
    found = client_for("residential").get(page, {"q": "Nguyễn Văn Tư"}).content.decode()
    assert "Nguyễn Văn Tư" in found and ZWSP not in found
    assert Household.objects.filter(search_name="nguyen van tu").exists()
