"""The area title is named "Thôn, tổ dân phố văn hóa" from 2024 (Nghị định 86/2023): the two
indicators that name it say so in every draft indicator set. Published sets are frozen and keep
the words they were published with; nothing else changes."""

from django.db import migrations

NAMES = {
    "cultural_areas": (
        "Số khu dân cư đạt danh hiệu “Khu dân cư văn hóa” (từ 2024: “Thôn, tổ dân phố văn hóa”)"
    ),
    "cultural_areas_pct": (
        "Tỷ lệ khu dân cư đạt danh hiệu “Khu dân cư văn hóa” (từ 2024: “Thôn, tổ dân phố văn hóa”)"
    ),
}


def forward(apps, schema_editor):
    Indicator = apps.get_model("campaign", "Indicator")
    changed = 0
    for code, name in NAMES.items():
        changed += (
            Indicator.objects.filter(code=code, indicator_set__status="draft")
            .exclude(name=name)
            .update(name=name)
        )
    if changed:
        print(f"\n  0009: {changed} tên chỉ tiêu nêu tên danh hiệu năm 2024 (bộ dự thảo)")


class Migration(migrations.Migration):
    dependencies = [("campaign", "0008_plan_indicators")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
