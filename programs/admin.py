from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programs.models import Angkatan, Bidang, Instruktur, Program, Quota


@admin.register(Bidang)
class BidangAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["kabupaten_kota"]


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "year", "jenjang", "balai", "status", "target_participants"]
    list_filter = ["balai", "year", "status", "jenjang", "bidang"]
    list_select_related = ["balai"]
    search_fields = ["code", "name"]
    inlines = [QuotaInline]


@admin.register(Angkatan)
class AngkatanAdmin(SimpleHistoryAdmin):
    list_display = ["program", "number", "start_date", "end_date", "capacity", "venue"]
    list_filter = ["program__balai", "program__year"]
    list_select_related = ["program"]
    search_fields = ["program__code", "venue"]
    filter_horizontal = ["instructors"]


@admin.register(Instruktur)
class InstrukturAdmin(SimpleHistoryAdmin):
    list_display = ["name", "expertise", "balai", "phone"]
    list_filter = ["balai"]
    list_select_related = ["balai"]
    search_fields = ["name", "expertise"]
