from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import FollowUp, MentoringVisit


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = [
        "nomination",
        "round_months",
        "measured_on",
        "omzet",
        "aset",
        "tenaga_kerja",
        "source",
        "is_latest",
    ]
    list_filter = ["source", "round_months", "nomination__program__balai"]
    list_select_related = ["nomination__participant", "nomination__program"]
    raw_id_fields = ["nomination", "entered_by"]
    # Kept by followups_mark_latest on every save and delete (FollowUp), never typed in.
    readonly_fields = ["is_latest"]
    search_fields = ["nomination__participant__name", "nomination__program__code"]


@admin.register(MentoringVisit)
class MentoringVisitAdmin(SimpleHistoryAdmin):
    list_display = ["nomination", "pendamping", "visited_on", "topics"]
    list_select_related = ["nomination__participant", "nomination__program"]
    raw_id_fields = ["nomination", "followup", "entered_by"]
    search_fields = ["pendamping", "nomination__participant__name"]
