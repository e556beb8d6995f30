from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("rekap-tahunan/", views.year_overview, name="year_overview"),
    path("baru/", views.program_create, name="program_create"),
    path("<int:pk>/", views.program_detail, name="program_detail"),
    path("<int:pk>/ubah/", views.program_update, name="program_update"),
    path("<int:pk>/status/", views.program_transition, name="program_transition"),
    path("<int:pk>/kuota/", views.quota_update, name="quota_update"),
    path("<int:pk>/angkatan/baru/", views.angkatan_create, name="angkatan_create"),
    path("<int:pk>/angkatan/buat-serangkaian/", views.angkatan_generate, name="angkatan_generate"),
    path("angkatan/<int:pk>/", views.angkatan_detail, name="angkatan_detail"),
    path("angkatan/<int:pk>/ubah/", views.angkatan_update, name="angkatan_update"),
    path("instruktur/", views.instruktur_list, name="instruktur_list"),
    path("instruktur/baru/", views.instruktur_create, name="instruktur_create"),
    path("instruktur/<int:pk>/ubah/", views.instruktur_update, name="instruktur_update"),
    path("bidang/", views.bidang_list, name="bidang_list"),
    path("bidang/baru/", views.bidang_create, name="bidang_create"),
]
