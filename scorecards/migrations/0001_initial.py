"""The scorecard models move from qa to scorecards.

Only Django's idea of which app owns them changes: the tables keep their names (``db_table``),
their rows and the triggers that freeze published versions (qa 0003), so this migration changes
no data. The content types (and so the permissions given to roles) follow the models to the new
app label.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("scorecard", "scorecardversion", "criteriongroup", "criterion")


def _relabel(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED_MODELS:
        if types.filter(app_label=target, model=model).exists():
            continue  # already there (a database created after the move)
        types.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_scorecards(apps, schema_editor):
    _relabel(apps, schema_editor, "qa", "scorecards")


def content_types_to_qa(apps, schema_editor):
    _relabel(apps, schema_editor, "scorecards", "qa")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('org', '0001_initial'),
        ('qa', '0008_scorecard_number_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Scorecard',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=60, unique=True)),
                        ('name', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True)),
                        ('direction', models.CharField(choices=[('inbound', 'Inbound'), ('outbound', 'Outbound')], default='inbound', max_length=10)),
                        ('sections', models.ManyToManyField(blank=True, related_name='scorecards', to='org.section')),
                    ],
                    options={
                        'db_table': 'qa_scorecard',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='ScorecardVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField()),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('retired', 'Retired')], default='draft', max_length=10)),
                        ('pass_mark', models.DecimalField(decimal_places=1, default=80, help_text='The score (0 to 100) a call needs to pass', max_digits=4, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)])),
                        ('published_at', models.DateTimeField(blank=True, null=True)),
                        ('change_note', models.TextField(blank=True, help_text='What changed from the previous version')),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('scorecard', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='scorecards.scorecard')),
                    ],
                    options={
                        'db_table': 'qa_scorecardversion',
                        'ordering': ['scorecard', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='CriterionGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200)),
                        ('order', models.PositiveIntegerField(default=0)),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='groups', to='scorecards.scorecardversion')),
                    ],
                    options={
                        'db_table': 'qa_criteriongroup',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Criterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.SlugField(max_length=60)),
                        ('text', models.CharField(max_length=300)),
                        ('guidance', models.TextField(blank=True)),
                        ('points', models.PositiveIntegerField(help_text='A whole number from 1 to 100', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)])),
                        ('critical', models.BooleanField(default=False)),
                        ('na_when', models.CharField(blank=True, max_length=300, verbose_name='N/A when')),
                        ('answer_type', models.CharField(choices=[('yes_no_na', 'Yes / No / N/A')], default='yes_no_na', max_length=20)),
                        ('detector_key', models.CharField(blank=True, max_length=80)),
                        ('order', models.PositiveIntegerField(default=0)),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='criteria', to='scorecards.criteriongroup')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='scorecards.scorecardversion')),
                    ],
                    options={
                        'verbose_name_plural': 'criteria',
                        'db_table': 'qa_criterion',
                        'ordering': ['version', 'order', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='scorecardversion',
                    constraint=models.UniqueConstraint(fields=('scorecard', 'number'), name='scorecard_version_unique'),
                ),
                migrations.AddConstraint(
                    model_name='criterion',
                    constraint=models.UniqueConstraint(fields=('version', 'key'), name='criterion_key_unique'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_scorecards, content_types_to_qa),
    ]
