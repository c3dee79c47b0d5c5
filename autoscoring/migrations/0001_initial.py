"""The auto-score models move from qa to autoscoring.

Only Django's idea of which app owns them changes: the tables keep their names (``db_table``
``qa_autoscore`` and ``qa_autoanswer``) and their rows, so this migration changes no data. The
content types (and so any permission given on them) follow the models to the new app label.
Auto-scoring tasks still waiting on the database queue under their old path
(``qa.tasks.autoscore_call``) are pointed at the new one, so none is lost in the deploy.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ("autoscore", "autoanswer")
TASK_PATHS = ("qa.tasks.autoscore_call", "autoscoring.tasks.autoscore_call")


def _relabel(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED_MODELS:
        if types.filter(app_label=target, model=model).exists():
            continue  # already there (a database created after the move)
        types.filter(app_label=source, model=model).update(app_label=target)


def _repoint_queued_tasks(apps, schema_editor, old: str, new: str) -> None:
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    rows = DBTaskResult.objects.using(schema_editor.connection.alias)
    rows.filter(task_path=old, status="READY").update(task_path=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "qa", "autoscoring")
    _repoint_queued_tasks(apps, schema_editor, *TASK_PATHS)


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "autoscoring", "qa")
    _repoint_queued_tasks(apps, schema_editor, *reversed(TASK_PATHS))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('calls', '0004_transcript_search'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0001_initial'),
        ('qa', '0009_sampleitem_version'),
        ('scorecards', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AutoScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('engine', models.CharField(help_text='Rules version, plus the model versions used, if any.', max_length=200)),
                        ('score', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True)),
                        ('earned', models.PositiveIntegerField(default=0)),
                        ('possible', models.PositiveIntegerField(default=0)),
                        ('critical_fail', models.BooleanField(default=False)),
                        ('passed', models.BooleanField(default=False)),
                        ('complete', models.BooleanField(default=True, help_text='False when some criteria have no detector and await a person.')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='autoscores', to='calls.call')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='autoscores', to='scorecards.scorecardversion')),
                    ],
                    options={
                        'db_table': 'qa_autoscore',
                        'ordering': ['-updated_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='AutoAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('criterion_key', models.SlugField(max_length=60)),
                        ('answer', models.CharField(blank=True, choices=[('', 'Left to the QA officer'), ('yes', 'Yes'), ('no', 'No'), ('na', 'N/A')], max_length=5)),
                        ('confidence', models.FloatField(default=0.0)),
                        ('source', models.CharField(choices=[('rule', 'Rule'), ('metric', 'Speech metric'), ('model', 'Learned model'), ('human', 'Left to a person')], max_length=10)),
                        ('evidence', models.JSONField(blank=True, default=list)),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('detector_key', models.CharField(blank=True, max_length=80)),
                        ('engine_version', models.CharField(blank=True, max_length=80)),
                        ('auto_score', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='autoscoring.autoscore')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='auto_answers', to='scorecards.criterion')),
                    ],
                    options={
                        'db_table': 'qa_autoanswer',
                        'ordering': ['criterion__order', 'criterion_id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='autoscore',
                    constraint=models.UniqueConstraint(fields=('call', 'version'), name='autoscore_one_per_version'),
                ),
                migrations.AddConstraint(
                    model_name='autoscore',
                    constraint=models.CheckConstraint(condition=models.Q(('score__isnull', True), models.Q(('score__gte', 0), ('score__lte', 100)), _connector='OR'), name='autoscore_score_range'),
                ),
                migrations.AddConstraint(
                    model_name='autoanswer',
                    constraint=models.UniqueConstraint(fields=('auto_score', 'criterion'), name='autoanswer_one_per_criterion'),
                ),
                migrations.AddConstraint(
                    model_name='autoanswer',
                    constraint=models.CheckConstraint(condition=models.Q(('answer__in', ['', 'yes', 'no', 'na'])), name='autoanswer_value_valid'),
                ),
                migrations.AddConstraint(
                    model_name='autoanswer',
                    constraint=models.CheckConstraint(condition=models.Q(('confidence__gte', 0), ('confidence__lte', 1)), name='autoanswer_confidence_range'),
                ),
                migrations.AddConstraint(
                    model_name='autoanswer',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('answer', ''), ('source', 'human')), models.Q(models.Q(('answer', ''), _negated=True), models.Q(('source', 'human'), _negated=True)), _connector='OR'), name='autoanswer_human_iff_unanswered'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
