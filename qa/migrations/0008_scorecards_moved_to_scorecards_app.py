"""Scorecard, ScorecardVersion, CriterionGroup and Criterion now belong to the scorecards app
(scorecards 0001): qa's foreign keys point there, and qa forgets the models. State only: no
table changes (the coaching-criteria table keeps its name and columns)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('scorecards', '0001_initial'),
        ('qa', '0008_scorecard_number_limits'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='answer',
                    name='criterion',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='scorecards.criterion'),
                ),
                migrations.AlterField(
                    model_name='autoanswer',
                    name='criterion',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='auto_answers', to='scorecards.criterion'),
                ),
                migrations.AlterField(
                    model_name='calibrationsession',
                    name='version',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='calibrations', to='scorecards.scorecardversion'),
                ),
                migrations.AlterField(
                    model_name='evaluation',
                    name='version',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='scorecards.scorecardversion'),
                ),
                migrations.AlterField(
                    model_name='autoscore',
                    name='version',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='autoscores', to='scorecards.scorecardversion'),
                ),
                migrations.AlterField(
                    model_name='coaching',
                    name='criteria',
                    field=models.ManyToManyField(related_name='coachings', to='scorecards.criterion'),
                ),
                migrations.DeleteModel(name='Criterion'),
                migrations.DeleteModel(name='CriterionGroup'),
                migrations.DeleteModel(name='ScorecardVersion'),
                migrations.DeleteModel(name='Scorecard'),
            ],
            database_operations=[],
        ),
    ]
