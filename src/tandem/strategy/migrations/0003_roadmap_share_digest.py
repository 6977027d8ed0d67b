"""Roadmap share links keep only a SHA-256 of their secret; existing secrets are hashed.

Links already handed out keep working: the address still carries the secret,
and its digest is what is now looked up. Going back cannot recover a secret, so
it leaves the digests in place (those links then stop working).
"""

import hashlib

from django.db import migrations, models


def hash_existing(apps, schema_editor):
    RoadmapShare = apps.get_model("strategy", "RoadmapShare")
    for share in RoadmapShare.objects.all().only("pk", "digest"):
        share.digest = hashlib.sha256(share.digest.encode()).hexdigest()
        share.save(update_fields=["digest"])


class Migration(migrations.Migration):
    dependencies = [("strategy", "0002_one_proposal_table")]

    operations = [
        migrations.RenameField("roadmapshare", "token", "digest"),
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
    ]
