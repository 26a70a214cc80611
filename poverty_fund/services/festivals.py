"""Money of a Great Unity festival (Ngày hội Đại đoàn kết toàn dân tộc, 18/11) entering the
fund's book: the festival records what it raised; posting it writes one receipt, once. A receipt
reversed on the fund's page (the book's only correction) lets the money be posted again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from campaign.activities.models import Festival

from ..models import Channel, Donation, DonorKind, Drive, Fund
from ..selectors import festival_fund, festival_key, festival_receipt, festival_receipts
from .donations import donation_create
from .ledger import check_entry_date, day, lock

FESTIVAL_NO_MONEY = _("Ngày hội chưa ghi số tiền vận động nên không có khoản nào để nhập quỹ.")
FESTIVAL_NO_FUND = _("Chưa có quỹ Vì người nghèo của đơn vị cấp trên khu dân cư %(area)s.")
FESTIVAL_ALREADY_POSTED = _(
    "Tiền vận động của ngày hội này đã chuyển vào %(fund)s ngày %(date)s (phiếu thu số "
    "%(receipt)s): mỗi ngày hội chỉ chuyển vào quỹ một lần."
)


def _already_posted(donation: Donation) -> ValidationError:
    return ValidationError(
        FESTIVAL_ALREADY_POSTED
        % {
            "fund": donation.fund.name,
            "date": day(donation.date),
            "receipt": donation.receipt_label,
        }
    )


def festival_money_check(*, festival: Festival) -> Fund:
    """The fund the festival's money would go to, or the reason it cannot go (no money, no
    fund, already posted, a closed fund or a unit that did not exist on the festival's day, a
    day still to come); writes nothing."""
    if festival.money_raised <= 0:
        raise ValidationError(FESTIVAL_NO_MONEY)
    fund = festival_fund(festival)
    if fund is None:
        raise ValidationError(FESTIVAL_NO_FUND % {"area": festival.area.name})
    earlier = festival_receipt(festival)
    if earlier is not None:
        raise _already_posted(earlier)
    check_entry_date(fund=fund, on=festival.held_on)
    return fund


@transaction.atomic
def festival_money_post(*, festival: Festival, by=None) -> Donation:
    """The festival's money as one receipt of its commune's fund, dated the festival's day,
    under the drive "Ngày hội Đại đoàn kết toàn dân tộc"; a second posting is refused."""
    fund = festival_money_check(festival=festival)
    lock(fund)
    # under the fund's lock: two clerks posting the same festival at once write one receipt
    earlier = festival_receipt(festival)
    if earlier is not None:
        raise _already_posted(earlier)
    posted = festival_receipts(festival).count()
    key = festival_key(festival) if posted == 0 else f"{festival_key(festival)}:{posted + 1}"
    return donation_create(
        fund=fund,
        amount=festival.money_raised,
        date=festival.held_on,
        donor_name=f"Ngày hội Đại đoàn kết toàn dân tộc năm {festival.year}, {festival.area.name}",
        donor_kind=DonorKind.ORGANIZATION,
        channel=Channel.CASH,
        drive=Drive.FESTIVAL,
        note=str(_("Tiền vận động tại ngày hội")),
        by=by,
        request_key=key,
    )
