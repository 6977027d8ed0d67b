# The search index and the wiki were written side by side; this joins their histories.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_search_index"),
        ("knowledge", "0001_wiki"),
    ]

    operations = []
