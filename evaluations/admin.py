from django.contrib import admin

from evaluations.models import EvaluationItem


@admin.register(EvaluationItem)
class EvaluationItemAdmin(admin.ModelAdmin):
    list_display = ["text", "section", "program", "position", "active"]
    list_filter = ["section", "active"]
    search_fields = ["text", "program__code"]
