"""Create the database cache table with the schema, not only when serving.

Sign-in and public-survey rate limits count in the cache. With the database cache
(the default) its table must exist before any command writes to it, and
`tandem demo` answers survey questions before `tandem serve` ever runs.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("workspace", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
