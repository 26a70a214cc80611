import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from bench import generate


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mô phỏng quy mô lớn cho đo hiệu năng: --preset province (Hà Tĩnh, ~330.000 "
        "hộ, 10 năm) hoặc national (~27 triệu hộ, 1 năm, chỉ trên PostgreSQL). Xóa dữ liệu "
        "nghiệp vụ hiện có; từ chối nếu đó là dữ liệu thật, trừ khi có --force."
    )

    def add_arguments(self, parser):
        # no argparse `choices`: an unknown name gets the Vietnamese message below
        parser.add_argument("--preset", required=True, help="province | national")
        parser.add_argument("--seed", type=int, default=1, help="cùng seed, cùng dữ liệu")
        parser.add_argument(
            "--force", action="store_true", help="xóa cả dữ liệu không do lệnh này tạo ra"
        )
        parser.add_argument("--years", type=int, help="số năm (mặc định theo bộ dữ liệu)")
        # for tests and quick trials: every count multiplied by this factor
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
        parser.add_argument("--last-year", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, preset, seed, force, years, scale, last_year, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale phải lớn hơn 0 và không quá 1.")
        if years is not None and years < 1:
            raise CommandError("--years phải từ 1 trở lên.")
        started = time.perf_counter()
        log = self.stdout.write if options.get("verbosity", 1) > 0 else (lambda msg: None)
        try:
            counts = generate.generate(
                preset=preset,
                seed=seed,
                force=force,
                years=years,
                scale=scale,
                last_year=last_year,
                log=log,
            )
        except generate.GenerateError as exc:
            raise CommandError(str(exc)) from None
        total = sum(counts.values())
        for table, n in sorted(counts.items()):
            log(f"  {table}: {n:,}".replace(",", "."))
        log(
            self.style.SUCCESS(
                f"Đã tạo bộ dữ liệu “{preset}” (seed {seed}): {total:,} dòng trong "
                f"{time.perf_counter() - started:.0f} giây.".replace(",", ".")
            )
        )
