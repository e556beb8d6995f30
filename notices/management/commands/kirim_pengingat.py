"""Monthly reminder of follow-ups due: run daily from cron; each person is told once a month."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from balatkop.access import can_record_followup
from notices import services as notices
from notices.home import month_end, month_label
from outcomes.services import followup_due
from participants.models import Nomination


class Command(BaseCommand):
    help = "Beri tahu staf dan petugas tentang alumni yang jatuh tempo monitoring bulan ini."

    def add_arguments(self, parser):
        parser.add_argument("--tanggal", help="Hari acuan (YYYY-MM-DD); bawaan: hari ini.")

    def handle(self, *args, **options):
        try:
            today = (
                dt.date.fromisoformat(options["tanggal"])
                if options["tanggal"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError("Tanggal harus berbentuk YYYY-MM-DD.") from error
        told = 0
        users = get_user_model().objects.filter(is_active=True, balai__isnull=False)
        for user in users.select_related("balai").order_by("pk"):
            if not can_record_followup(user):
                continue
            due = followup_due(
                nominations=Nomination.objects.for_user(user), today=month_end(today)
            ).count()
            if due:
                notices.followups_due(
                    user=user, count=due, month=f"{today:%Y-%m}", month_label=month_label(today)
                )
                told += 1
        self.stdout.write(f"{told} pengguna diberi tahu tentang monitoring jatuh tempo.")
