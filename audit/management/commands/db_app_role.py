"""PostgreSQL least privilege: the application connects as a role that does not own the tables.

Migrations run as the owner of the schema; the web server, the worker and the commands run as
an application role that may read and write the application's tables but may only INSERT and
SELECT audit events. As a non-owner it cannot UPDATE, DELETE or TRUNCATE the audit table, nor
ALTER it to disable or drop its triggers, nor switch on the maintenance table.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

AUDIT_TABLE = "audit_auditevent"
MAINTENANCE_TABLE = "audit_maintenance"


def grant_statements(role: str, schema: str = "public") -> list[str]:
    """The statements, run as the owner of the schema's objects, that give ``role`` what the
    application needs and no more. Run again after every migration that adds tables (the
    default privileges cover tables the same owner creates later)."""
    r = connection.ops.quote_name(role)
    s = connection.ops.quote_name(schema)
    return [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE CREATE ON SCHEMA {s} FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES "
        f"TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
        # The audit trail: append and read only.
        f"REVOKE ALL ON {AUDIT_TABLE} FROM {r}",
        f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {r}",
        f"REVOKE ALL ON {MAINTENANCE_TABLE} FROM {r}",
        f"GRANT SELECT ON {MAINTENANCE_TABLE} TO {r}",
    ]


class Command(BaseCommand):
    help = (
        "PostgreSQL: print (or with --apply, run as the owner) the GRANTs that let the "
        "application role read and write the application's tables but only append to the "
        "audit trail. The role itself is created by the database administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the application's login role, e.g. siyalalela_app")
        parser.add_argument("--apply", action="store_true", help="run the statements now")

    def handle(self, *args, role: str, apply: bool = False, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "This is for PostgreSQL. On SQLite the database file has no roles: protect it by "
                "file permissions; the audit key and checkpoints make tampering evident."
            )
        statements = grant_statements(role)
        if not apply:
            for sql in statements:
                self.stdout.write(sql + ";")
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(
                    f"There is no role {role!r}: create it first "
                    f"(CREATE ROLE {role} LOGIN PASSWORD '...')."
                )
            cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [AUDIT_TABLE])
            owner = cursor.fetchone()
            if owner and owner[0] == role:
                raise CommandError(
                    f"{role} owns the audit table: the application must connect as a role that "
                    "does not own the tables (run migrations as the owner, the site as "
                    f"{role})."
                )
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(self.style.SUCCESS(f"{role} may now append to the audit trail only."))
