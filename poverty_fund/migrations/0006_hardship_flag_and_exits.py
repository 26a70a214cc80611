"""Moves the two values that were never poverty bands out of `HouseholdStatus.status`:

- "left_poverty" (Thoát nghèo trong năm) becomes the band "not_poor" with the change kept in
  `exit`: "left_near_poverty" (thoát cận nghèo) where the year before was near-poor, otherwise
  "left_poverty" (thoát nghèo), so a commune decision with no earlier year keeps its fact;
- "hard" (Hoàn cảnh đặc biệt khó khăn) becomes the flag `is_hardship`, the band re-derived from
  the income and standard recorded on the row where both exist (rural line: the row records no
  area), otherwise the band of the year before (no false "thoát nghèo"), otherwise "not_poor";
- every row's `exit` is derived from the year before (poor to near-poor or not poor: thoát
  nghèo; near-poor to not poor: thoát cận nghèo).

Each changed row gets a history record saying why. Reversing puts the old values back.
"""

from django.db import migrations
from django.utils import timezone

REASON = "0006: thoát nghèo, thoát cận nghèo tách khỏi tình trạng; hoàn cảnh ĐBKK thành cờ"
TRACKED = ("status", "exit", "is_hardship")


def _exit(before, now):
    if before == "poor" and now in ("near_poor", "not_poor"):
        return "left_poverty"
    if before == "near_poor" and now == "not_poor":
        return "left_near_poverty"
    return ""


def _band_of_hardship(row, before):
    """A hardship row's band: by its recorded income where it has one (the rural line: the
    row records no area), else the band of the year before, else not poor."""
    std = row.standard
    if std is not None and row.income_per_person_month is not None:
        if row.income_per_person_month > std.income_line_rural:
            return "not_poor"
        poor = len(row.deprivations or []) >= std.poor_min_deprivations
        return "poor" if poor else "near_poor"
    return before or "not_poor"


def forward(apps, schema_editor):
    Status = apps.get_model("poverty_fund", "HouseholdStatus")
    History = apps.get_model("poverty_fund", "HistoricalHouseholdStatus")
    rows = list(Status.objects.select_related("standard").order_by("household_id", "year"))
    new_band = {}
    changed = []
    for r in rows:
        old = r.status
        before = new_band.get((r.household_id, r.year - 1))
        if old == "hard":
            r.is_hardship = True
            r.status = _band_of_hardship(r, before)
        elif old == "left_poverty":
            r.status = "not_poor"
        if old == "left_poverty":
            r.exit = "left_near_poverty" if before == "near_poor" else "left_poverty"
        else:
            r.exit = _exit(before, r.status)
        new_band[(r.household_id, r.year)] = r.status
        if old != r.status or r.exit or r.is_hardship:
            changed.append(r)
    Status.objects.bulk_update(changed, ["status", "exit", "is_hardship"], batch_size=500)
    now = timezone.now()
    fields = [f.attname for f in Status._meta.concrete_fields]
    History.objects.bulk_create(
        [
            History(
                **{f: getattr(r, f) for f in fields},
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
            )
            for r in changed
        ],
        batch_size=500,
    )


def backward(apps, schema_editor):
    Status = apps.get_model("poverty_fund", "HouseholdStatus")
    Status.objects.filter(exit__in=["left_poverty", "left_near_poverty"], status="not_poor").update(
        status="left_poverty"
    )
    Status.objects.filter(is_hardship=True).update(status="hard")


class Migration(migrations.Migration):
    dependencies = [
        ("poverty_fund", "0005_poverty_by_period"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
