"""AutoScore and AutoAnswer now belong to the autoscoring app (autoscoring 0001): qa forgets
them. State only: the tables ``qa_autoscore`` and ``qa_autoanswer`` stay as they are, and no
qa model points at them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('autoscoring', '0001_initial'),
        ('qa', '0009_sampleitem_version'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AutoAnswer'),
                migrations.DeleteModel(name='AutoScore'),
            ],
            database_operations=[],
        ),
    ]
