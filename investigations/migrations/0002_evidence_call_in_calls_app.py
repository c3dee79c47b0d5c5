"""Evidence points at the Call model in its new app (calls 0001). State only: the table and
its foreign key are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        ('investigations', '0001_initial'),
    ]
    # Before qa forgets the Call model, so no state ever holds a reference to a missing model.
    run_before = [('qa', '0007_calls_moved_to_calls_app')]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='evidence',
                    name='call',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='calls.call'),
                ),
            ],
            database_operations=[],
        ),
    ]
