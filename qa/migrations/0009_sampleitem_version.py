"""A sampled call remembers the scorecard version in use when it was sampled, so publishing a
new version no longer moves queued calls onto it (where they had no suggestions).

Existing items get the version of their evaluation when one was started, otherwise the
version of the call's scorecard that was in use when the sample was drawn."""

import django.db.models.deletion
from django.db import migrations, models


def _scorecard_for(Scorecard, call):
    if call.section_id is None:
        return None
    candidates = Scorecard.objects.filter(sections=call.section_id).order_by("name")
    return candidates.filter(direction=call.direction).first() or candidates.first()


def versions_of_sampled_calls(apps, schema_editor):
    SampleItem = apps.get_model("qa", "SampleItem")
    Evaluation = apps.get_model("qa", "Evaluation")
    Scorecard = apps.get_model("scorecards", "Scorecard")
    items = SampleItem.objects.filter(version__isnull=True).select_related("call", "sample")
    for item in items.iterator():
        evaluation = Evaluation.objects.filter(sample_item=item).first()
        version = evaluation.version if evaluation else None
        if version is None:
            scorecard = _scorecard_for(Scorecard, item.call)
            if scorecard is None:
                continue
            used = scorecard.versions.filter(status__in=["published", "retired"])
            version = (
                used.filter(published_at__lte=item.sample.drawn_at).order_by("-published_at")
                .first()
                or used.filter(status="published").order_by("-number").first()
            )
        if version is not None:
            SampleItem.objects.filter(pk=item.pk).update(version=version)


class Migration(migrations.Migration):

    dependencies = [
        ('qa', '0008_scorecards_moved_to_scorecards_app'),
        ('scorecards', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='sampleitem',
            name='version',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sample_items', to='scorecards.scorecardversion'),
        ),
        migrations.RunPython(versions_of_sampled_calls, migrations.RunPython.noop),
    ]
