"""Residential areas take their commune's kind and type (issue #16).

A commune's type follows its kind (xã rural; phường, thị trấn urban), and an area inside a
commune takes the commune's: a tổ dân phố (urban) in a phường or thị trấn, a thôn or xóm
(rural) in a xã, a tổ dân phố becoming a thôn. Databases built before this rule can hold a
phường of rural thôn or a xã of urban tổ dân phố (the old demo carried areas into their new
commune with the old commune's kind). This migration corrects those rows, records each change
in the unit's history, and prints what it changed; with nothing to change it prints nothing.
Going back changes nothing: the earlier kinds were wrong.
"""

from django.db import migrations
from django.utils import timezone

URBAN_COMMUNES = ("phuong", "thi_tran")
RURAL_AREAS = ("thon", "xom")
REASON = "Khu dân cư theo loại xã/phường (#16)"


def _expected(unit, commune_kind):
    if unit.level == "commune":
        if unit.kind not in ("xa", *URBAN_COMMUNES):
            return unit.kind, unit.area_type
        return unit.kind, "urban" if unit.kind in URBAN_COMMUNES else "rural"
    if commune_kind in URBAN_COMMUNES:
        return "to_dan_pho", "urban"
    return (unit.kind if unit.kind in RURAL_AREAS else "thon"), "rural"


def forwards(apps, schema_editor):
    Unit = apps.get_model("residential_areas", "AdministrativeUnit")
    History = apps.get_model("residential_areas", "HistoricalAdministrativeUnit")
    changed = {"commune": 0, "area": 0}
    rows = []
    communes = Unit.objects.filter(level="commune").order_by("pk")
    for commune in communes.iterator():
        kind, area_type = _expected(commune, commune.kind)
        if area_type != commune.area_type:
            commune.area_type = area_type
            Unit.objects.filter(pk=commune.pk).update(area_type=area_type)
            changed["commune"] += 1
            rows.append(commune)
    areas = Unit.objects.filter(level="area", parent__level="commune").select_related("parent")
    for area in areas.order_by("pk").iterator():
        kind, area_type = _expected(area, area.parent.kind)
        if (kind, area_type) != (area.kind, area.area_type):
            area.kind, area.area_type = kind, area_type
            Unit.objects.filter(pk=area.pk).update(kind=kind, area_type=area_type)
            changed["area"] += 1
            rows.append(area)
    if not rows:
        return
    now = timezone.now()
    fields = [f.attname for f in Unit._meta.concrete_fields]
    History.objects.bulk_create(
        [
            History(
                **{name: getattr(unit, name) for name in fields},
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
            )
            for unit in rows
        ],
        batch_size=1000,
    )
    print(
        f"\n  residential_areas 0003: {changed['commune']} xã/phường/thị trấn và "
        f"{changed['area']} khu dân cư đã theo đúng loại (nông thôn/đô thị) của xã/phường."
    )


class Migration(migrations.Migration):
    dependencies = [("residential_areas", "0002_trigram_search")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
