"""DRF's authtoken app is gone (API tokens are django-rest-knox's, stored hashed): drop its table
of tokens kept in clear, and its traces, so that nothing of it stays usable or half-installed."""

from django.db import migrations


def forget_authtoken(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # their permissions go with them (CASCADE)
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="authtoken"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_personaldataaccess"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app = 'authtoken'", migrations.RunSQL.noop
        ),
        migrations.RunPython(forget_authtoken, migrations.RunPython.noop),
    ]
