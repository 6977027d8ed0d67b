# Saved JQL filters and webhooks were written side by side; this joins their histories.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_jira"),
        ("integrations", "0001_webhooks"),
    ]

    operations = []
