"""Existing API keys (DRF's authtoken table, stored in clear) become hashed ApiTokens: the
same keys keep working, and the clear copies are deleted."""

import hashlib

from django.db import migrations


def forward(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("org", "ApiToken")
    for token in Token.objects.all():
        ApiToken.objects.create(
            user_id=token.user_id,
            name="migrated key",
            prefix=token.key[:8],
            key_hash=hashlib.sha256(token.key.encode("utf-8")).hexdigest(),
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_api_tokens"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]
    # No way back: the clear keys are gone, which is the point.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
