from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("angkatan/<int:pk>/", views.angkatan_documents, name="angkatan_documents"),
    path("angkatan/<int:pk>/tutup/", views.angkatan_close_view, name="angkatan_close"),
    path("angkatan/<int:pk>/buka/", views.angkatan_reopen_view, name="angkatan_reopen"),
    path("angkatan/<int:pk>/sertifikat.pdf", views.certificates, name="certificates"),
    path("angkatan/<int:pk>/daftar-hadir.pdf", views.attendance_list, name="attendance_list"),
    path("angkatan/<int:pk>/rekap-kehadiran.pdf", views.attendance_recap, name="attendance_recap"),
    path("angkatan/<int:pk>/penerimaan.pdf", views.receipts, name="receipts"),
    path("angkatan/<int:pk>/penerimaan.xlsx", views.receipts_xlsx, name="receipts_xlsx"),
    path("angkatan/<int:pk>/laporan.pdf", views.activity_report, name="activity_report"),
    path(
        "angkatan/<int:pk>/surat-panggilan/<str:code>.pdf",
        views.district_letter,
        name="district_letter",
    ),
    path("peserta/", views.participant_documents, name="participant_documents"),
    path("peserta/<int:pk>/sertifikat.pdf", views.certificate, name="certificate"),
    path("peserta/<int:pk>/surat-panggilan.pdf", views.call_letter, name="call_letter"),
]
