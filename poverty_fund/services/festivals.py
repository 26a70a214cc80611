"""Money of a Great Unity festival (Ngày hội Đại đoàn kết toàn dân tộc, 18/11) entering the
fund's book: the festival records what it raised; posting it writes one receipt, once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from campaign.activities.models import Festival

from ..models import Channel, Donation, DonorKind, Drive, Fund
from .donations import donation_create
from .ledger import lock

FESTIVAL_NO_MONEY = _("Ngày hội chưa ghi số tiền vận động nên không có khoản nào để nhập quỹ.")
FESTIVAL_NO_FUND = _("Chưa có quỹ Vì người nghèo của đơn vị cấp trên khu dân cư %(area)s.")
FESTIVAL_ALREADY_POSTED = _(
    "Tiền vận động của ngày hội này đã nhập quỹ (phiếu thu số %(receipt)s): mỗi ngày hội "
    "chỉ nhập quỹ một lần."
)


def festival_key(festival: Festival) -> str:
    return f"festival:{festival.pk}"


def festival_fund(festival: Festival) -> Fund | None:
    """The fund of the nearest unit above the festival's residential area that keeps one."""
    return (
        Fund.objects.filter(unit_id__in=festival.area.ancestor_ids)
        .select_related("unit")
        .order_by("-unit__path")
        .first()
    )


@transaction.atomic
def festival_money_post(*, festival: Festival, by=None) -> Donation:
    """The festival's money as one receipt of its commune's fund, dated the festival's day,
    under the drive "Ngày hội Đại đoàn kết toàn dân tộc"; a second posting is refused."""
    if festival.money_raised <= 0:
        raise ValidationError(FESTIVAL_NO_MONEY)
    fund = festival_fund(festival)
    if fund is None:
        raise ValidationError(FESTIVAL_NO_FUND % {"area": festival.area.name})
    lock(fund)
    earlier = Donation.objects.filter(
        fund=fund, request_key=festival_key(festival), reverses__isnull=True
    ).first()
    if earlier is not None and not hasattr(earlier, "reversal"):
        raise ValidationError(FESTIVAL_ALREADY_POSTED % {"receipt": earlier.receipt_label})
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
        request_key=festival_key(festival) if earlier is None else "",
    )
