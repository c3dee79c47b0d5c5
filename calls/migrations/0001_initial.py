"""The recording, call, transcript and call-metrics models move from qa to calls.

Only Django's idea of which app owns them changes: the tables keep their names (``db_table``) and
their rows, so this migration changes no data. The content types (and so the permissions given
to roles) follow the models to the new app label.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ("recording", "call", "transcript", "callmetrics")


def _relabel(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED_MODELS:
        if types.filter(app_label=target, model=model).exists():
            continue  # already there (a database created after the move)
        types.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_calls(apps, schema_editor):
    _relabel(apps, schema_editor, "qa", "calls")


def content_types_to_qa(apps, schema_editor):
    _relabel(apps, schema_editor, "calls", "qa")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('org', '0001_initial'),
        ('qa', '0006_call_complaint_references'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Recording',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sha256', models.CharField(max_length=64, unique=True)),
                        ('file', models.FileField(max_length=300, upload_to='recordings/')),
                        ('size_bytes', models.BigIntegerField()),
                        ('content_type', models.CharField(blank=True, max_length=100)),
                        ('original_name', models.CharField(blank=True, max_length=255)),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'qa_recording',
                    },
                ),
                migrations.CreateModel(
                    name='Call',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                        ('duration_s', models.FloatField(blank=True, null=True)),
                        ('direction', models.CharField(choices=[('inbound', 'Inbound'), ('outbound', 'Outbound')], default='inbound', max_length=10)),
                        ('caller_number', models.CharField(blank=True, db_index=True, max_length=32)),
                        ('ims_reference', models.CharField(blank=True, db_index=True, max_length=40, verbose_name='IMS reference')),
                        ('account_number', models.CharField(blank=True, db_index=True, max_length=40)),
                        ('channel_layout', models.CharField(choices=[('stereo', 'Stereo (agent / caller)'), ('mono', 'Mono')], default='stereo', max_length=10)),
                        ('language', models.CharField(blank=True, max_length=10)),
                        ('state', models.CharField(choices=[('received', 'Received'), ('transcribing', 'Transcribing'), ('transcribed', 'Transcribed'), ('failed', 'Failed')], default='received', max_length=15)),
                        ('failure_reason', models.TextField(blank=True)),
                        ('source', models.CharField(choices=[('upload', 'Browser upload'), ('folder', 'Ingest folder'), ('api', 'Telephony API'), ('spreadsheet', 'Metadata spreadsheet')], default='upload', max_length=15)),
                        ('transcript_engine', models.CharField(blank=True, max_length=40)),
                        ('transcript_model', models.CharField(blank=True, max_length=200)),
                        ('transcript_engine_version', models.CharField(blank=True, max_length=40)),
                        ('needs_listening', models.BooleanField(default=False)),
                        ('flags', models.JSONField(blank=True, default=list)),
                        ('complaint_references', models.JSONField(blank=True, default=list)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('agent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='org.agent')),
                        ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='org.section')),
                        ('recording', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='calls.recording')),
                    ],
                    options={
                        'db_table': 'qa_call',
                        'ordering': ['-started_at', '-id'],
                        'indexes': [models.Index(fields=['state', '-created_at'], name='qa_call_state_created')],
                        'permissions': [('view_caller_number', "Can see callers' full phone and account numbers"), ('view_original_transcript', 'Can read transcripts before redaction')],
                    },
                ),
                migrations.CreateModel(
                    name='Transcript',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('segments', models.JSONField(default=list)),
                        ('redacted_segments', models.JSONField(default=list)),
                        ('redactions', models.JSONField(blank=True, default=list)),
                        ('language', models.CharField(blank=True, max_length=10)),
                        ('language_probability', models.FloatField(blank=True, null=True)),
                        ('avg_logprob', models.FloatField(blank=True, null=True)),
                        ('no_speech_prob', models.FloatField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('call', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='transcript', to='calls.call')),
                    ],
                    options={
                        'db_table': 'qa_transcript',
                    },
                ),
                migrations.CreateModel(
                    name='CallMetrics',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('agent_talk_s', models.FloatField(default=0)),
                        ('caller_talk_s', models.FloatField(default=0)),
                        ('unknown_talk_s', models.FloatField(default=0)),
                        ('talk_listen_ratio', models.FloatField(blank=True, null=True)),
                        ('silence_s', models.FloatField(default=0)),
                        ('longest_silence_s', models.FloatField(default=0)),
                        ('overtalk_s', models.FloatField(default=0)),
                        ('hold_count', models.PositiveIntegerField(default=0)),
                        ('hold_s', models.FloatField(default=0)),
                        ('agent_words_per_minute', models.FloatField(blank=True, null=True)),
                        ('caller_words_per_minute', models.FloatField(blank=True, null=True)),
                        ('holds', models.JSONField(blank=True, default=list)),
                        ('computed_at', models.DateTimeField(auto_now=True)),
                        ('call', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='metrics', to='calls.call')),
                    ],
                    options={
                        'verbose_name_plural': 'call metrics',
                        'db_table': 'qa_callmetrics',
                        'constraints': [models.CheckConstraint(condition=models.Q(('silence_s__gte', 0), ('overtalk_s__gte', 0)), name='qa_callmetrics_nonnegative_times')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_calls, content_types_to_qa),
    ]
