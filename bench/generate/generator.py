"""The generator: its pieces run in order."""

from django.db import connection

from .base import Area, Preset, Writer, reset_sequences
from .database import _app_models
from .fund import FundMixin
from .households import HouseholdsMixin
from .results import ResultsMixin
from .titles import TitlesMixin
from .tree import TreeMixin


class Generator(TreeMixin, HouseholdsMixin, TitlesMixin, FundMixin, ResultsMixin):
    def __init__(self, *, preset: Preset, seed: int, scale: float, last_year: int, log):
        self.p = preset
        self.seed = seed
        self.scale = scale
        self.last_year = last_year
        self.years = list(range(last_year - preset.years + 1, last_year + 1))
        self.log = log
        self.w = Writer(log=log)
        self.areas: list[Area] = []  # the areas that hold households
        self.area_by_id: dict[int, Area] = {}

    def n(self, count: int, minimum: int = 1) -> int:
        return max(minimum, round(count * self.scale))

    # the pieces, in order
    def run(self) -> dict[str, int]:
        from residential_areas.models import AdministrativeUnit

        self.log(f"Cây đơn vị ({self.p.tree})...")
        if self.p.tree == "hatinh":
            self.hatinh_tree()
        else:
            self.national_tree()
        self.units = {u.pk: u for u in AdministrativeUnit.objects.all()}
        self.reference_data()
        self.log("Hộ gia đình...")
        self.households()
        self.statistics()
        self.log("Tình trạng nghèo theo năm...")
        self.poverty_statuses()
        self.log("Bình xét, công nhận danh hiệu...")
        self.titles()
        self.log("Quỹ Vì người nghèo...")
        self.funds()
        self.log("Báo cáo kết quả năm...")
        self.submissions()
        reset_sequences(_app_models(include_auto_created=False))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.w.counts
