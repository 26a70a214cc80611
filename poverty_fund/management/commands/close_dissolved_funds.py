"""Close the funds of dissolved units: `manage.py close_dissolved_funds` says what it would do,
`--apply` does it (services/closing.py), each fund in its own transaction."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from poverty_fund.selectors import funds_balance
from poverty_fund.services.closing import close_fund, closing_target, funds_to_close
from poverty_fund.services.ledger import day, money


class Command(BaseCommand):
    help = (
        "Đóng quỹ Vì người nghèo của các đơn vị đã giải thể: kết chuyển toàn bộ số dư sang quỹ "
        "của đơn vị kế thừa. Mặc định chỉ liệt kê (chạy thử); thêm --apply để ghi sổ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Ghi sổ thật (mặc định chỉ chạy thử)."
        )

    def handle(self, *args, apply=False, **options):
        refused = 0
        funds = [f for f in funds_to_close() if funds_balance(f.__class__.objects.filter(pk=f.pk))]
        if not funds:
            self.stdout.write("Không có quỹ nào của đơn vị đã giải thể còn số dư.")
            return
        if not apply:
            self.stdout.write("Chạy thử: chưa ghi gì vào sổ (thêm --apply để ghi).")
        for fund in funds:
            try:
                if apply:
                    # one fund at a time: a refused fund does not undo the others
                    with transaction.atomic():
                        said = close_fund(fund).message
                else:
                    said = self._would(fund)
            except ValidationError as exc:
                refused += 1
                self.stderr.write(f"{fund.name}: " + " ".join(exc.messages))
                continue
            self.stdout.write(said)
        if refused:
            raise CommandError(f"{refused} quỹ không đóng được (xem lý do ở trên).")

    def _would(self, fund) -> str:
        last, to_fund, successor = closing_target(fund)
        amount = funds_balance(fund.__class__.objects.filter(pk=fund.pk), end=last)
        target = to_fund.name if to_fund else f"quỹ sẽ lập cho {successor.name}"
        return (
            f"{fund.name}: sẽ kết chuyển {money(amount)} đ sang {target}, "
            f"ghi ngày {day(last)}, rồi đóng quỹ."
        )
