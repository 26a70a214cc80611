"""A year's titles by unit from an index alone: the reports' title figures and the books' coverage
read (year, area, kind) instead of the year's rows in a table of ten years (175 -> 45 ms and
273 -> 6 ms on the province preset)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0003_import_indexes"),
        ("residential_areas", "0004_household_search_keys"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="recognition",
            index=models.Index(fields=["year", "area", "kind"], name="recognition_year_area_kind"),
        ),
    ]
