"""FollowUp.is_latest: the impact report's pairing stored, instead of an anti-join per query."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def mark_latest(apps, schema_editor):
    # A frozen copy of outcomes.models.followups_mark_latest over every row: two set-based
    # UPDATEs, the same on SQLite and PostgreSQL.
    FollowUp = apps.get_model("outcomes", "FollowUp")
    date, rank = OuterRef("measured_on"), OuterRef("round_months")
    later = Exists(
        FollowUp.objects.filter(nomination_id=OuterRef("nomination_id")).filter(
            Q(measured_on__gt=date)
            | Q(measured_on=date, round_months__gt=rank)
            | Q(measured_on=date, round_months=rank, pk__gt=OuterRef("pk"))
        )
    )
    FollowUp.objects.filter(~later).update(is_latest=True)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0005_export_job"),
    ]

    operations = [
        # It served the per-query anti-join, which is gone.
        migrations.RemoveIndex(
            model_name="followup",
            name="followup_latest_idx",
        ),
        migrations.AddField(
            model_name="followup",
            name="is_latest",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="monitoring terakhir"
            ),
        ),
        migrations.RunPython(mark_latest, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="followup",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_latest", True)),
                fields=("nomination",),
                name="followup_one_latest",
            ),
        ),
    ]
