"""A dissolved unit's fund closes with one transfer of its whole balance to its successor's fund,
dated the unit's last day, and then takes nothing more (issue 20). Huyện Đức Thọ and Xã Đức Lạc
of the cast closed on 30/6/2025; "today" is 7/12/2026."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string

from poverty_fund import demo, services
from poverty_fund.integrity import ledger_problems
from poverty_fund.models import Donation, Fund, Transfer, TransferKind
from poverty_fund.selectors import fund_balance, fund_statement
from poverty_fund.services.closing import close_fund
from residential_areas.services import unit_close

from .helpers import disburse, donate

LAST_DAY = datetime.date(2025, 6, 30)
OLD_DAY = datetime.date(2025, 5, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)):
        yield


def text(exc) -> str:
    return " ".join(str(m) for m in exc.value.messages)


@pytest.fixture
def district_books(cast, funds):
    """The old district's books: 1.234.567 đ in, 100.000 đ out, all within its life; the
    province already holds 5.000.000 đ of its own."""
    donate(funds["district"], 1_000_000, date=OLD_DAY)
    donate(funds["district"], 234_567, date=datetime.date(2025, 6, 30))
    disburse(funds["district"], 100_000, date=datetime.date(2025, 6, 1))
    donate(funds["province"], 5_000_000, date=datetime.date(2026, 10, 20))
    unit_close(unit=cast.district, valid_to=LAST_DAY, successor=cast.province)
    return funds


def test_the_whole_balance_moves_to_the_successor_on_the_last_day(cast, district_books):
    funds = district_books
    closing = close_fund(funds["district"], by=cast["province_admin"])
    transfer = Transfer.objects.get(kind=TransferKind.CLOSING)
    assert closing.transfer == transfer and closing.amount == 1_134_567
    assert (transfer.from_fund, transfer.to_fund) == (funds["district"], funds["province"])
    assert transfer.amount == 1_134_567 and isinstance(transfer.amount, int)
    assert transfer.date == LAST_DAY
    assert "sắp xếp đơn vị hành chính" in transfer.note
    assert fund_balance(fund=funds["district"]) == 0
    assert fund_balance(fund=funds["province"]) == 5_000_000 + 1_134_567
    funds["district"].refresh_from_db()
    assert funds["district"].closed_on == LAST_DAY
    assert "kết chuyển 1.134.567 đ sang Quỹ Vì người nghèo Tỉnh Hà Tĩnh" in closing.message
    assert ledger_problems() == []


def test_closing_twice_does_nothing_and_says_so(cast, district_books):
    close_fund(district_books["district"])
    again = close_fund(district_books["district"])
    assert again.already and again.transfer is None
    assert "đã đóng ngày 30/06/2025: không làm gì thêm" in again.message
    assert Transfer.objects.filter(kind=TransferKind.CLOSING).count() == 1
    assert fund_balance(fund=district_books["province"]) == 5_000_000 + 1_134_567


def test_a_closed_fund_takes_no_entry_even_dated_within_its_life(cast, district_books):
    funds = district_books
    # before closing, a receipt of the district's own life is still its books
    early = donate(funds["district"], 10_000, date=OLD_DAY)
    close_fund(funds["district"])
    funds["district"].refresh_from_db()
    attempts = [
        lambda: donate(funds["district"], 50_000, date=OLD_DAY),
        lambda: disburse(funds["district"], 1, date=OLD_DAY),
        lambda: services.transfer_create(
            from_fund=funds["province"],
            to_fund=funds["district"],
            amount=1,
            date=OLD_DAY,
            decision_number="1/QĐ",
        ),
        lambda: services.donation_reverse(donation=early, reason="nhầm"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "Tỉnh" in text(exc) or "Huyện Đức Thọ" in text(exc)
    assert Donation.objects.filter(fund=funds["district"]).count() == 3
    assert fund_balance(fund=funds["district"]) == 0


def test_a_fund_object_read_before_the_closing_is_refused_under_the_lock(cast, district_books):
    stale = Fund.objects.get(pk=district_books["district"].pk)
    close_fund(district_books["district"])
    with pytest.raises(ValidationError) as exc:
        donate(stale, 50_000, date=OLD_DAY)
    assert "đã đóng ngày 30/06/2025" in text(exc)
    assert fund_balance(fund=stale) == 0


def test_no_successor_is_refused_naming_the_unit_and_writes_nothing(cast, funds):
    donate(funds["district"], 300_000, date=OLD_DAY)
    with pytest.raises(ValidationError) as exc:
        close_fund(funds["district"])
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025 nhưng chưa có đơn vị kế thừa" in text(exc)
    assert not Transfer.objects.exists()
    funds["district"].refresh_from_db()
    assert funds["district"].closed_on is None
    assert fund_balance(fund=funds["district"]) == 300_000


def test_a_unit_still_in_force_is_not_closed(cast, funds):
    with pytest.raises(ValidationError) as exc:
        close_fund(funds["commune"])
    assert "Xã Đức Thọ có hiệu lực từ 01/07/2025: đơn vị chưa giải thể" in text(exc)


def test_an_old_commune_closes_into_its_new_commune_whose_fund_is_created(cast):
    old = services.fund_create(unit=cast.old_commune, as_of=OLD_DAY)
    donate(old, 777_000, date=OLD_DAY)
    closing = close_fund(old)
    new = Fund.objects.get(unit=cast.commune)
    assert closing.created_to_fund and closing.to_fund == new
    assert "đã lập quỹ cho Xã Đức Thọ" in closing.message
    assert fund_balance(fund=new) == 777_000 and fund_balance(fund=old) == 0
    # same level, another branch, the day before the new commune existed: lawful for this kind
    assert ledger_problems() == []
    # ... and for no other transfer: the rule for ordinary transfers is unchanged
    other = services.fund_create(unit=cast.other_old_commune, as_of=OLD_DAY)
    donate(other, 5_000, date=OLD_DAY)
    with pytest.raises(ValidationError) as exc:
        services.transfer_create(
            from_fund=other, to_fund=new, amount=5_000, date=OLD_DAY, decision_number="2/QĐ"
        )
    assert str(services.SAME_LEVEL) in text(exc)


def test_check_funds_names_the_closing_transfer_and_checks_it(cast, district_books):
    close_fund(district_books["district"])
    out = StringIO()
    call_command("check_funds", stdout=out)
    said = out.getvalue()
    assert "Kết chuyển khi giải thể đơn vị #" in said
    assert "1.134.567 đ, ngày 30/06/2025" in said
    assert "sắp xếp đơn vị hành chính" in said
    assert "không có vi phạm" in said


def test_the_closed_funds_statement_closes_at_zero_and_shows_the_closing(cast, district_books):
    funds = district_books
    close_fund(funds["district"])
    own = Fund.objects.filter(pk=funds["district"].pk)
    st = fund_statement(funds=own, start=datetime.date(2025, 1, 1), end=LAST_DAY)
    assert st.closing == 0
    assert st.transfers_out == st.closing_out == 1_134_567
    html = render_to_string("poverty_fund/statement_table.html", {"st": st})
    assert "trong đó: Kết chuyển khi giải thể đơn vị" in html
    assert "có hiệu lực từ ngày 01/07/2025" in html
    province = Fund.objects.filter(pk=funds["province"].pk)
    st = fund_statement(
        funds=province, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)
    )
    assert st.closing_in == 1_134_567 and st.closing == 1_134_567


def test_the_command_is_a_dry_run_unless_told_to_apply(cast, district_books):
    out = StringIO()
    call_command("close_dissolved_funds", stdout=out)
    assert "Chạy thử" in out.getvalue()
    assert "sẽ kết chuyển 1.134.567 đ sang Quỹ Vì người nghèo Tỉnh Hà Tĩnh" in out.getvalue()
    assert not Transfer.objects.exists()
    out = StringIO()
    call_command("close_dissolved_funds", "--apply", stdout=out)
    assert "kết chuyển 1.134.567 đ" in out.getvalue()
    assert fund_balance(fund=district_books["district"]) == 0
    out = StringIO()
    call_command("close_dissolved_funds", "--apply", stdout=out)
    assert "Không có quỹ nào" in out.getvalue()
    assert Transfer.objects.count() == 1


def test_the_command_refuses_a_unit_without_successor_and_closes_the_others(cast, funds):
    donate(funds["district"], 300_000, date=OLD_DAY)
    old = services.fund_create(unit=cast.old_commune, as_of=OLD_DAY)
    donate(old, 40_000, date=OLD_DAY)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("close_dissolved_funds", "--apply", stdout=StringIO(), stderr=err)
    assert "Huyện Đức Thọ" in err.getvalue() and "chưa có đơn vị kế thừa" in err.getvalue()
    assert fund_balance(fund=funds["district"]) == 300_000
    assert fund_balance(fund=old) == 0


def test_the_demo_closes_its_dissolved_district_fund(cast):
    assert demo.seed() is True
    district = Fund.objects.get(unit__name="Huyện Đức Thọ")
    assert district.closed_on == LAST_DAY
    assert fund_balance(fund=district) == 0
    # both districts of 2024 kept books in the demo (read by dates: they held its communes)
    assert set(Fund.objects.filter(closed_on=LAST_DAY).values_list("unit", flat=True)) == {
        cast.district.pk,
        cast.other_district.pk,
    }
    transfer = Transfer.objects.get(kind=TransferKind.CLOSING, from_fund=district)
    assert transfer.to_fund.unit == cast.province
    assert transfer.amount > 0
    assert ledger_problems() == []
