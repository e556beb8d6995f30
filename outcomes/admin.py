from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import ExportJob, FollowUp, MentoringVisit, PriceIndex, SelfReport


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


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Background workbooks, to see what runs or failed; only the requester downloads them."""

    list_display = ["id", "requested_by", "status", "progress", "row_count", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ExportJob._meta.fields if f.name != "data"]
    exclude = ["data"]  # the workbook carries its requester's NIK rights: not for the admin

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PriceIndex)
class PriceIndexAdmin(SimpleHistoryAdmin):
    """The IHK series the impact report deflates with; one row per month."""

    list_display = ["period", "index", "base", "source"]
    search_fields = ["source", "base"]
    date_hierarchy = "period"


@admin.register(SelfReport)
class SelfReportAdmin(SimpleHistoryAdmin):
    list_display = ["nomination", "round_months", "expires_at", "submitted_at", "confirmed_at"]
    list_select_related = ["nomination__participant", "nomination__program"]
    raw_id_fields = ["nomination", "followup", "created_by", "confirmed_by"]
    exclude = ["token"]  # the token is the alumnus's key: not shown to anyone but the sender
