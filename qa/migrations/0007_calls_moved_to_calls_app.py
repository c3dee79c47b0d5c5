"""Recording, Call, Transcript and CallMetrics now belong to the calls app (calls 0001): qa's
foreign keys point there, and qa forgets the models. State only: no table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        ('qa', '0006_call_complaint_references'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='autoscore',
                    name='call',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='autoscores', to='calls.call'),
                ),
                migrations.AlterField(
                    model_name='calibrationsession',
                    name='call',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='calibrations', to='calls.call'),
                ),
                migrations.AlterField(
                    model_name='evaluation',
                    name='call',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='calls.call'),
                ),
                migrations.AlterField(
                    model_name='sampleitem',
                    name='call',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sample_items', to='calls.call'),
                ),
                migrations.DeleteModel(name='Transcript'),
                migrations.DeleteModel(name='CallMetrics'),
                migrations.DeleteModel(name='Call'),
                migrations.DeleteModel(name='Recording'),
            ],
            database_operations=[],
        ),
    ]
