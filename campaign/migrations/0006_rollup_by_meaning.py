"""Roll-up by meaning: a yes/no counts the units that have it ("N/M đơn vị") instead of taking
the largest value, and a rate each unit types is weighted by the whole it names (Σ part /
Σ whole) instead of averaged. Existing sets are brought along: their yes/no indicators, and the
demo's two typed rates where the set holds the whole they are weighted by."""

from django.db import migrations, models

# the demo's typed rates and the whole each is a share of
WEIGHTED_RATES = {
    "health_insurance_pct": "population_total",
    "poor_households_with_supporter_pct": "poor_households",
}


def forwards(apps, schema_editor):
    Indicator = apps.get_model("campaign", "Indicator")
    Indicator.objects.filter(value_type="yes_no", aggregation="max").update(aggregation="count_yes")
    for code, whole in WEIGHTED_RATES.items():
        for ind in Indicator.objects.filter(code=code, aggregation="average"):
            if Indicator.objects.filter(indicator_set_id=ind.indicator_set_id, code=whole).exists():
                ind.aggregation = "weighted"
                ind.denominator_code = whole
                ind.save(update_fields=["aggregation", "denominator_code"])


def backwards(apps, schema_editor):
    Indicator = apps.get_model("campaign", "Indicator")
    Indicator.objects.filter(aggregation="count_yes").update(aggregation="max")
    Indicator.objects.filter(aggregation="weighted").update(
        aggregation="average", denominator_code=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0005_activity_soft_delete"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="aggregation",
            field=models.CharField(
                choices=[
                    ("sum", "Cộng"),
                    ("average", "Bình quân"),
                    ("max", "Lớn nhất"),
                    ("ratio", "Tỷ lệ của hai chỉ tiêu"),
                    ("weighted", "Tỷ lệ theo quy mô (Σ tỷ lệ × mẫu số / Σ mẫu số)"),
                    ("count_yes", "Số đơn vị có"),
                ],
                default="sum",
                max_length=10,
                verbose_name="cách tổng hợp",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("aggregation", "weighted"), _negated=True),
                    models.Q(("denominator_code", ""), _negated=True),
                    _connector="OR",
                ),
                name="weighted_indicator_has_denominator",
            ),
        ),
    ]
