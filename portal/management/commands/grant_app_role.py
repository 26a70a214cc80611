"""The database role the web and worker processes connect as: it reads and writes rows and owns
nothing, so it cannot ALTER, DROP or TRUNCATE a table, nor disable the trigger that keeps the fund's
posted entries final. Migrations run as the owner role, which then runs this command (in
docker-compose.yml the `migrate` service does both)."""

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
NOT_POSTGRES = "Lệnh này chỉ dùng với PostgreSQL (đặt DATABASE_URL của vai trò chủ sở hữu)."
BAD_NAME = "Tên vai trò chỉ gồm chữ thường không dấu, số và dấu gạch dưới: %(role)s"
SAME_ROLE = (
    "Vai trò %(role)s chính là vai trò đang chạy lệnh (chủ sở hữu các bảng): hãy chạy lệnh bằng "
    "vai trò chủ sở hữu và cấp quyền cho một vai trò khác."
)
NO_ROLE = (
    "Chưa có vai trò %(role)s: đặt mật khẩu của nó trong biến môi trường %(env)s để lệnh tạo vai "
    "trò, hoặc tạo trước bằng CREATE ROLE ... LOGIN."
)
TOO_STRONG = (
    "Vai trò %(role)s là superuser, hoặc thừa hưởng quyền của %(owner)s: nó có thể tắt trigger "
    "của sổ quỹ. Hãy dùng một vai trò thường."
)
OWNS = (
    "Vai trò %(role)s đang sở hữu %(count)s đối tượng (%(names)s): chuyển quyền sở hữu cho "
    "%(owner)s (ALTER ... OWNER TO) rồi chạy lại."
)

ROW_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"


class Command(BaseCommand):
    help = (
        "Cấp cho vai trò cơ sở dữ liệu của ứng dụng (web, worker) quyền đọc và ghi dữ liệu, "
        "không sở hữu bảng nào. Chạy sau migrate, bằng vai trò chủ sở hữu các bảng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default="portal_app", help="vai trò của ứng dụng")
        parser.add_argument(
            "--password-env",
            default="POSTGRES_APP_PASSWORD",
            help="biến môi trường chứa mật khẩu: có thì vai trò được tạo (nếu chưa có) với mật "
            "khẩu đó, hoặc được đặt lại mật khẩu",
        )
        parser.add_argument("--schema", default="public")

    def handle(self, *args, role, password_env, schema, **options):
        if connection.vendor != "postgresql":
            raise CommandError(NOT_POSTGRES)
        for name in (role, schema):
            if not ROLE_NAME.match(name):
                raise CommandError(BAD_NAME % {"role": name})
        password = os.environ.get(password_env, "")
        q = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, database = cursor.fetchone()
            if role == owner:
                raise CommandError(SAME_ROLE % {"role": role})
            cursor.execute(
                "SELECT rolsuper OR pg_has_role(oid, %s, 'USAGE') FROM pg_roles WHERE rolname = %s",
                [owner, role],
            )
            found = cursor.fetchone()
            if found is None and not password:
                raise CommandError(NO_ROLE % {"role": role, "env": password_env})
            if found is not None and found[0]:
                raise CommandError(TOO_STRONG % {"role": role, "owner": owner})
            verb = "CREATE" if found is None else "ALTER"
            if password:
                cursor.execute(
                    f"{verb} ROLE {q(role)} LOGIN PASSWORD %s"
                    " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
                    [password],
                )
            for statement in (
                f"GRANT CONNECT ON DATABASE {q(database)} TO {q(role)}",
                f"GRANT USAGE ON SCHEMA {q(schema)} TO {q(role)}",
                # only the schema's owner creates objects in it (PostgreSQL 15's default; older
                # versions let every role create tables in public)
                f"REVOKE CREATE ON SCHEMA {q(schema)} FROM PUBLIC, {q(role)}",
                # rights given before (TRUNCATE skips the ledger's trigger) are taken back first
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {q(schema)} FROM {q(role)}",
                f"GRANT {ROW_RIGHTS} ON ALL TABLES IN SCHEMA {q(schema)} TO {q(role)}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {q(schema)} FROM {q(role)}",
                f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {q(schema)} TO {q(role)}",
                # tables a later migration creates get the same rights (the owner creates them)
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {q(schema)}"
                f" GRANT {ROW_RIGHTS} ON TABLES TO {q(role)}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {q(schema)} GRANT USAGE ON SEQUENCES TO {q(role)}",
            ):
                cursor.execute(statement)
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)"
                " ORDER BY c.relname",
                [schema, role],
            )
            owned = [row[0] for row in cursor.fetchall()]
            if owned:
                raise CommandError(
                    OWNS
                    % {
                        "role": role,
                        "count": len(owned),
                        "names": ", ".join(owned[:5]),
                        "owner": owner,
                    }
                )
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", [schema])
            tables = cursor.fetchone()[0]
        self.stdout.write(
            self.style.SUCCESS(
                f"Vai trò {role}: quyền {ROW_RIGHTS} trên {tables} bảng của {database}.{schema}"
                f", không sở hữu bảng nào (chủ sở hữu: {owner})."
            )
        )
