from django.db import migrations


def fill_balai(apps, schema_editor):
    # Rebuilt whole by the live upkeep function when there are rows (see 0010); a migration of
    # its own: PostgreSQL builds 0011's index only without rows awaiting their checks.
    if apps.get_model("outcomes", "ImpactFact").objects.exists():
        from outcomes.impact_facts import facts_refresh

        facts_refresh(None)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0011_impact_fact_balai")]

    operations = [migrations.RunPython(fill_balai, migrations.RunPython.noop)]
