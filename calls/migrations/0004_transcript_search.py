"""Full-text search over transcripts.

SQLite: an FTS5 table ``calls_transcript_fts`` (rowid = call id) holding the text people may
read (the redacted segments, or the segments while redaction has not run), kept in step with
``qa_transcript`` by triggers, so every way a transcript is written is indexed.
PostgreSQL: a GIN index on the same text as a ``tsvector`` ('simple' configuration: no English
stemming of isiZulu or Afrikaans words), the expression ``Call.objects.matching_words`` uses.
"""

from django.db import migrations

TEXT_SQLITE = (
    "(SELECT group_concat(json_extract(j.value, '$.text'), ' ') FROM json_each("
    "CASE WHEN json_array_length({row}.redacted_segments) > 0 THEN {row}.redacted_segments "
    "ELSE {row}.segments END) AS j)"
)

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE calls_transcript_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER calls_transcript_fts_insert AFTER INSERT ON qa_transcript BEGIN "
    "INSERT INTO calls_transcript_fts(rowid, body) VALUES (NEW.call_id, "
    + TEXT_SQLITE.format(row="NEW")
    + "); END",
    "CREATE TRIGGER calls_transcript_fts_update AFTER UPDATE ON qa_transcript BEGIN "
    "DELETE FROM calls_transcript_fts WHERE rowid = OLD.call_id; "
    "INSERT INTO calls_transcript_fts(rowid, body) VALUES (NEW.call_id, "
    + TEXT_SQLITE.format(row="NEW")
    + "); END",
    "CREATE TRIGGER calls_transcript_fts_delete AFTER DELETE ON qa_transcript BEGIN "
    "DELETE FROM calls_transcript_fts WHERE rowid = OLD.call_id; END",
    "INSERT INTO calls_transcript_fts(rowid, body) SELECT t.call_id, "
    + TEXT_SQLITE.format(row="t")
    + " FROM qa_transcript AS t",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS calls_transcript_fts_insert",
    "DROP TRIGGER IF EXISTS calls_transcript_fts_update",
    "DROP TRIGGER IF EXISTS calls_transcript_fts_delete",
    "DROP TABLE IF EXISTS calls_transcript_fts",
]

# Keep in step with calls.models.PG_TRANSCRIPT_TSVECTOR: the planner uses the index only for
# the identical expression.
PG_FORWARD = [
    "CREATE INDEX calls_transcript_search_gin ON qa_transcript USING GIN ("
    "to_tsvector('simple'::regconfig, jsonb_path_query_array(CASE WHEN "
    "jsonb_array_length(redacted_segments) > 0 THEN redacted_segments ELSE segments END, "
    "'$[*].text')::text))"
]
PG_BACKWARD = ["DROP INDEX IF EXISTS calls_transcript_search_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("calls", "0003_transcription_lease")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
