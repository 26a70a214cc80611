"""Three fewer indexes to write per imported evaluation (issue #21 item 1).

The history of title evaluations is read by an evaluation's id (simple-history's own index on
`id`, for the admin's history page) and by date; nothing reads it by meeting, household or
area, so those three columns lose their indexes (the model's own table keeps its indexes).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0002_rules_by_year"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicaltitleevaluation",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="residential_areas.administrativeunit",
                verbose_name="khu dân cư",
            ),
        ),
        migrations.AlterField(
            model_name="historicaltitleevaluation",
            name="household",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="residential_areas.household",
                verbose_name="hộ gia đình",
            ),
        ),
        migrations.AlterField(
            model_name="historicaltitleevaluation",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="recognition.evaluationmeeting",
            ),
        ),
    ]
