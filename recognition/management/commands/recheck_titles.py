"""manage.py recheck_titles [--year Y]: what the rules in force now would change in the
evaluations already recorded (read-only; nothing is re-judged or written)."""

from django.core.management.base import BaseCommand

from recognition.recheck import recheck_titles, summary


class Command(BaseCommand):
    help = "Xét lại (chỉ đọc) các năm đã bình xét theo quy tắc đang áp dụng và in những gì sẽ thay đổi."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="chỉ xét lại năm này")

    def handle(self, *args, year=None, **options):
        report = recheck_titles(year=year)
        for line in summary(report, year):
            self.stdout.write(line)
