"""python manage.py compile_report --kind annual_province --unit 42 --year 2026 --output DIR"""

import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting import services
from reporting.models import ReportKind, ReportRun, RunStatus
from residential_areas.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Lập một báo cáo (như trên trang Báo cáo), ghi tệp PDF và Excel vào thư mục OUTPUT."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--unit", required=True, help="mã đơn vị (ví dụ 42) hoặc id")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="thư mục ghi tệp")
        parser.add_argument("--draft", action="store_true", help="tính cả báo cáo chưa tiếp nhận")

    def handle(self, *args, **options):
        unit = self._unit(options["unit"])
        try:
            run = services.report_run_create(
                kind=options["kind"],
                unit=unit,
                year=options["year"],
                by=None,
                draft=options["draft"],
                enqueue=False,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        # the same compile the worker runs, here in this process
        services.report_run_compile(run_id=run.pk)
        run = ReportRun.objects.get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise CommandError(f"#{run.pk}: {run.error}")
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        for field in (run.pdf, run.xlsx):
            with field.open("rb") as src, open(out / Path(field.name).name, "wb") as dst:
                shutil.copyfileobj(src, dst)
        self.stdout.write(f"run {run.pk}")
        self.stdout.write(f"checksum {run.checksum}")
        self.stdout.write(f"pdf {out / Path(run.pdf.name).name}")
        self.stdout.write(f"xlsx {out / Path(run.xlsx.name).name}")

    @staticmethod
    def _unit(value: str) -> AdministrativeUnit:
        units = AdministrativeUnit.objects.filter(code=value).order_by("-valid_from", "pk")
        unit = units.filter(valid_to__isnull=True).first() or units.first()
        if unit is None and value.isdigit():
            unit = AdministrativeUnit.objects.filter(pk=int(value)).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã {value}.")
        return unit
