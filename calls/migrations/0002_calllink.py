"""The call <-> complaint link becomes a row (CallLink) instead of a JSON list on the call.

Each reference in ``Call.complaint_references`` becomes an active link; going back rebuilds the
lists from the active links.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def references_to_links(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    CallLink = apps.get_model("calls", "CallLink")
    db = schema_editor.connection.alias
    links = []
    for call in Call.objects.using(db).exclude(complaint_references=[]).order_by("pk"):
        for reference in dict.fromkeys(call.complaint_references or []):
            links.append(CallLink(call=call, case_reference=reference))
    CallLink.objects.using(db).bulk_create(links)


def links_to_references(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    CallLink = apps.get_model("calls", "CallLink")
    db = schema_editor.connection.alias
    by_call = {}
    active = CallLink.objects.using(db).filter(removed_at__isnull=True).order_by("created_at", "pk")
    for link in active:
        by_call.setdefault(link.call_id, []).append(link.case_reference)
    for call_id, references in by_call.items():
        Call.objects.using(db).filter(pk=call_id).update(complaint_references=references)


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
                migrations.CreateModel(
                    name='CallLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('case_reference', models.CharField(max_length=40)),
                        ('created_by_name', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('removed_at', models.DateTimeField(blank=True, null=True)),
                        ('removed_by_name', models.CharField(blank=True, max_length=200)),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='complaint_links', to='calls.call')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('removed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['created_at', 'pk'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('removed_at__isnull', True)), fields=('call', 'case_reference'), name='calls_calllink_active_once')],
                    },
                ),
        migrations.RunPython(references_to_links, links_to_references),
        migrations.RemoveField(
            model_name='call',
            name='complaint_references',
        ),
    ]
