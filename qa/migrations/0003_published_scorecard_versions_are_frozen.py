"""The database refuses edits to a published (or retired) scorecard version.

Criteria and criterion groups of a non-draft version cannot be inserted, updated or deleted; the
version row itself cannot change its number, scorecard or pass mark, nor go back to draft (going
from published to retired is allowed). The service ``qa.services.scorecards`` refuses the same
edits with a readable message; this is the second line, for anything that bypasses the service
(the admin, a shell, raw SQL).

Deleting is let through while the audit maintenance switch is on (a row in
``audit_maintenance``, see audit 0002): test teardown flushes tables.

Fixture loading: ``fixtures/scorecards.json`` lists groups and criteria BEFORE their versions, so
they are inserted while their version row does not exist yet (foreign keys are checked at commit)
and the published version arrives last.
"""

from django.db import migrations

FROZEN = "('published', 'retired')"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER qa_criterion_frozen_insert BEFORE INSERT ON qa_criterion
    WHEN (SELECT status FROM qa_scorecardversion WHERE id = NEW.version_id) IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'scorecard version is published: criteria are frozen'); END
    """,
    f"""
    CREATE TRIGGER qa_criterion_frozen_update BEFORE UPDATE ON qa_criterion
    WHEN (SELECT status FROM qa_scorecardversion WHERE id = OLD.version_id) IN {FROZEN}
      OR (SELECT status FROM qa_scorecardversion WHERE id = NEW.version_id) IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'scorecard version is published: criteria are frozen'); END
    """,
    f"""
    CREATE TRIGGER qa_criterion_frozen_delete BEFORE DELETE ON qa_criterion
    WHEN (SELECT status FROM qa_scorecardversion WHERE id = OLD.version_id) IN {FROZEN}
      AND NOT EXISTS (SELECT 1 FROM audit_maintenance)
    BEGIN SELECT RAISE(ABORT, 'scorecard version is published: criteria are frozen'); END
    """,
    f"""
    CREATE TRIGGER qa_criteriongroup_frozen_insert BEFORE INSERT ON qa_criteriongroup
    WHEN (SELECT status FROM qa_scorecardversion WHERE id = NEW.version_id) IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'scorecard version is published: groups are frozen'); END
    """,
    f"""
    CREATE TRIGGER qa_criteriongroup_frozen_update BEFORE UPDATE ON qa_criteriongroup
    WHEN (SELECT status FROM qa_scorecardversion WHERE id = OLD.version_id) IN {FROZEN}
      OR (SELECT status FROM qa_scorecardversion WHERE id = NEW.version_id) IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'scorecard version is published: groups are frozen'); END
    """,
    f"""
    CREATE TRIGGER qa_criteriongroup_frozen_delete BEFORE DELETE ON qa_criteriongroup
    WHEN (SELECT status FROM qa_scorecardversion WHERE id = OLD.version_id) IN {FROZEN}
      AND NOT EXISTS (SELECT 1 FROM audit_maintenance)
    BEGIN SELECT RAISE(ABORT, 'scorecard version is published: groups are frozen'); END
    """,
    f"""
    CREATE TRIGGER qa_scorecardversion_frozen_update BEFORE UPDATE ON qa_scorecardversion
    WHEN OLD.status IN {FROZEN} AND (
      NEW.status = 'draft' OR NEW.number != OLD.number OR NEW.scorecard_id != OLD.scorecard_id
      OR CAST(NEW.pass_mark AS REAL) != CAST(OLD.pass_mark AS REAL))
    BEGIN SELECT RAISE(ABORT, 'scorecard version is published: it cannot be edited'); END
    """,
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "qa_criterion_frozen_insert",
        "qa_criterion_frozen_update",
        "qa_criterion_frozen_delete",
        "qa_criteriongroup_frozen_insert",
        "qa_criteriongroup_frozen_update",
        "qa_criteriongroup_frozen_delete",
        "qa_scorecardversion_frozen_update",
    )
]

PG_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION qa_version_part_frozen() RETURNS trigger AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND
         (SELECT status FROM qa_scorecardversion WHERE id = OLD.version_id) IN {FROZEN} THEN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_maintenance) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'scorecard version is published: % of % refused', TG_OP, TG_TABLE_NAME;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND
         (SELECT status FROM qa_scorecardversion WHERE id = NEW.version_id) IN {FROZEN} THEN
        RAISE EXCEPTION 'scorecard version is published: % of % refused', TG_OP, TG_TABLE_NAME;
      END IF;
      IF TG_OP = 'DELETE' THEN
        RETURN OLD;
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER qa_criterion_frozen BEFORE INSERT OR UPDATE OR DELETE ON qa_criterion
    FOR EACH ROW EXECUTE FUNCTION qa_version_part_frozen()
    """,
    """
    CREATE TRIGGER qa_criteriongroup_frozen BEFORE INSERT OR UPDATE OR DELETE ON qa_criteriongroup
    FOR EACH ROW EXECUTE FUNCTION qa_version_part_frozen()
    """,
    f"""
    CREATE OR REPLACE FUNCTION qa_version_frozen() RETURNS trigger AS $$
    BEGIN
      IF OLD.status IN {FROZEN} AND (
         NEW.status = 'draft' OR NEW.number <> OLD.number
         OR NEW.scorecard_id <> OLD.scorecard_id OR NEW.pass_mark <> OLD.pass_mark) THEN
        RAISE EXCEPTION 'scorecard version is published: it cannot be edited';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER qa_scorecardversion_frozen BEFORE UPDATE ON qa_scorecardversion
    FOR EACH ROW EXECUTE FUNCTION qa_version_frozen()
    """,
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS qa_criterion_frozen ON qa_criterion",
    "DROP TRIGGER IF EXISTS qa_criteriongroup_frozen ON qa_criteriongroup",
    "DROP TRIGGER IF EXISTS qa_scorecardversion_frozen ON qa_scorecardversion",
    "DROP FUNCTION IF EXISTS qa_version_part_frozen()",
    "DROP FUNCTION IF EXISTS qa_version_frozen()",
]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("qa", "0002_evaluations_sampling_calibration_coaching"),
        ("audit", "0002_append_only_triggers"),
    ]
    operations = [migrations.RunPython(forward, backward)]
