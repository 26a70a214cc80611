import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu Hà Tĩnh (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        created = False
        # each local app may have a demo module with seed(stdout) -> bool, run in app order
        for config in apps.get_app_configs():
            if not config.path.startswith(str(self._base())):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            created |= bool(module.seed(stdout=self.stdout))
        if not created:
            self.stdout.write("Dữ liệu mẫu đã có sẵn, không thay đổi gì.")
        else:
            from core import fragments

            fragments.bump()  # the demo writes in bulk, which sends no signals

    @staticmethod
    def _base():
        from django.conf import settings

        return settings.BASE_DIR
