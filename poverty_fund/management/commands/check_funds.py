from django.core.management.base import BaseCommand, CommandError

from poverty_fund.integrity import ledger_problems
from poverty_fund.services.closing import closing_transfers_said


class Command(BaseCommand):
    help = "Kiểm tra mọi bất biến của sổ Quỹ Vì người nghèo; chỉ rõ bút toán vi phạm."

    def handle(self, *args, **options):
        # closing transfers are lawful exceptions to the levels and the branch: named, with why
        for line in closing_transfers_said():
            self.stdout.write(line)
        problems = ledger_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} vi phạm trong sổ quỹ.")
        self.stdout.write(self.style.SUCCESS("Sổ quỹ nhất quán: không có vi phạm nào."))
