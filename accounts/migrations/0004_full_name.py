"""One full name, in its own order: "Hoàng Thị Đức", not Django's first + last "Đức Hoàng Thị".

The portal uses Django's own user model, so the full name lives in its `first_name` column (150
characters, the length of the form field) and `last_name` stays empty; `get_full_name()` then
returns the name exactly as typed. Until now the name typed was split at its last space, family
and middle names into `last_name`, the given name into `first_name`: joined back as last + first,
the name comes back as it was typed. A name too long for one column stays as it was (nothing is
cut); going back splits it again at the last space, as before.
"""

from django.db import migrations

MAX_LENGTH = 150


def join_names(apps, schema_editor):
    User = apps.get_model("auth", "User")
    users = User.objects.using(schema_editor.connection.alias).exclude(last_name="")
    changed = []
    for user in users.only("pk", "first_name", "last_name"):
        full = f"{user.last_name.strip()} {user.first_name.strip()}".strip()
        if len(full) > MAX_LENGTH:
            continue
        user.first_name, user.last_name = full, ""
        changed.append(user)
    User.objects.using(schema_editor.connection.alias).bulk_update(
        changed, ["first_name", "last_name"], batch_size=500
    )


def split_names(apps, schema_editor):
    User = apps.get_model("auth", "User")
    users = User.objects.using(schema_editor.connection.alias).filter(
        last_name="", first_name__contains=" "
    )
    changed = []
    for user in users.only("pk", "first_name", "last_name"):
        last, _sep, first = user.first_name.strip().rpartition(" ")
        user.first_name, user.last_name = first, last
        changed.append(user)
    User.objects.using(schema_editor.connection.alias).bulk_update(
        changed, ["first_name", "last_name"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_drop_drf_authtoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(join_names, split_names)]
