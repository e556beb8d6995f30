from django.db import migrations

from balatkop.regions import load_regions


def forwards(apps, schema_editor):
    load_regions(
        apps.get_model("balatkop", "Provinsi"), apps.get_model("balatkop", "KabupatenKota")
    )


class Migration(migrations.Migration):
    dependencies = [("balatkop", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
