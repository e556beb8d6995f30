"""One data version per balai and kind of data instead of one for everything (issue 21).

The installation-wide "all" version starts from the old single number, so no sum a cached page
was keyed by before can come back with other data behind it.
"""

from django.db import migrations, models

_carried = {}


def remember_the_number(apps, schema_editor):
    row = (
        apps.get_model("balatkop", "DataVersion")
        .objects.using(schema_editor.connection.alias)
        .first()
    )
    _carried["number"] = row.number if row else 0


def start_from_it(apps, schema_editor):
    apps.get_model("balatkop", "DataVersion").objects.using(
        schema_editor.connection.alias
    ).update_or_create(
        scope="0:all",
        defaults={"balai_id": 0, "kind": "all", "number": _carried.get("number", 0) + 1},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("balatkop", "0004_balai_letterhead_signatory"),
    ]

    operations = [
        migrations.RunPython(remember_the_number, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("scope", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("balai_id", models.PositiveIntegerField(default=0)),
                ("kind", models.CharField(max_length=20)),
                ("number", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "versi data",
                "verbose_name_plural": "versi data",
            },
        ),
        migrations.RunPython(start_from_it, migrations.RunPython.noop),
    ]
