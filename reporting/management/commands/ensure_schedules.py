"""python manage.py ensure_schedules: create the missing beat schedules of reporting (production
has no demo data, so it cannot rely on seed_demo); an edited schedule is left as it is."""

from django.core.management.base import BaseCommand

from reporting.schedules import SCHEDULES, schedules_ensure


class Command(BaseCommand):
    help = "Tạo các lịch tự động của báo cáo (Celery beat) còn thiếu."

    def handle(self, *args, **options):
        created = schedules_ensure()
        self.stdout.write(f"Đã tạo {created}/{len(SCHEDULES)} lịch tự động.")
