from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from balatkop.models import Balai, KabupatenKota, Provinsi, User

admin.site.site_header = "Administrasi Balatkop"
admin.site.site_title = "Administrasi Balatkop"
admin.site.index_title = "Pengguna, wilayah dan data"


@admin.register(Provinsi)
class ProvinsiAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(KabupatenKota)
class KabupatenKotaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "provinsi"]
    list_filter = ["provinsi"]
    search_fields = ["code", "name"]


@admin.register(Balai)
class BalaiAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "provinsi", "time_zone"]
    list_select_related = ["provinsi"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "balai", "kabupaten_kota", "is_active"]
    list_filter = ["role", "balai", "is_active"]
    list_select_related = ["balai", "kabupaten_kota"]
    autocomplete_fields = ["kabupaten_kota"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Peran dan wilayah", {"fields": ("role", "balai", "kabupaten_kota")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Peran dan wilayah", {"fields": ("role", "balai", "kabupaten_kota")}),
    )

    @admin.display(description="nama lengkap", ordering="first_name")
    def full_name(self, user) -> str:
        return user.get_full_name()
