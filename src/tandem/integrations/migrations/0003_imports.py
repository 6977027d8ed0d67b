# The importers' tables were written beside webhooks and saved filters; this joins them.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_imports"),
        ("integrations", "0002_jira_and_webhooks"),
    ]

    operations = []
