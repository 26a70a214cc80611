"""On PostgreSQL the database itself refuses to change or delete a posted entry.

Corrections are reversal entries; this trigger makes an UPDATE or DELETE of a posted donation,
disbursement, transfer or batch fail even outside the application (a psql session, a script).
TRUNCATE (test database flushes) is not a row operation and is not affected.
"""

from django.db import migrations

TABLES = [
    "poverty_fund_donation",
    "poverty_fund_disbursement",
    "poverty_fund_transfer",
    "poverty_fund_donationbatch",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION poverty_fund_posted_is_final() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'poverty_fund: posted entry %.% is final; post a reversal instead',
        TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # a plain cursor: the function body holds "%" placeholders of RAISE, not query parameters
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_final BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION poverty_fund_posted_is_final();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_final ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS poverty_fund_posted_is_final();")


class Migration(migrations.Migration):
    dependencies = [
        ("poverty_fund", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
