from django.urls import path

from participants.views import (
    attendance,
    imports,  # nominations from a spreadsheet
    registry,  # registry and nominations
    selection,  # selection to completion
)

app_name = "participants"

urlpatterns = [
    # Registry and nominations
    path("usulan/", registry.nomination_list, name="nomination_list"),
    path("usulan/<int:pk>/", registry.nomination_detail, name="nomination_detail"),
    path("program/<int:program_pk>/usulkan/", registry.nomination_create, name="nomination_create"),
    path(
        "program/<int:program_pk>/usulkan/cek/", registry.nomination_check, name="nomination_check"
    ),
    path(
        "program/<int:program_pk>/usulkan/templat/",
        imports.nomination_template,
        name="nomination_template",
    ),
    path(
        "program/<int:program_pk>/usulkan/unggah/",
        imports.nomination_upload,
        name="nomination_upload",
    ),
    path("unggahan/<int:pk>/", imports.nomination_import_preview, name="nomination_import_preview"),
    path(
        "unggahan/<int:pk>/kesalahan/",
        imports.nomination_import_errors,
        name="nomination_import_errors",
    ),
    path(
        "unggahan/<int:pk>/konfirmasi/",
        imports.nomination_import_confirm,
        name="nomination_import_confirm",
    ),
    path("", registry.participant_list, name="participant_list"),
    path("<int:pk>/", registry.participant_detail, name="participant_detail"),
    # Selection to completion
    path("seleksi/", selection.selection_list, name="selection_list"),
    path("seleksi/program/<int:pk>/", selection.selection_program, name="selection_program"),
    path(
        "seleksi/program/<int:pk>/keputusan/", selection.selection_decide, name="selection_decide"
    ),
    path(
        "seleksi/program/<int:pk>/kursi/",
        selection.selection_give_seats,
        name="selection_give_seats",
    ),
    path("seleksi/program/<int:pk>/penempatan/", selection.placement, name="placement"),
    path(
        "seleksi/program/<int:pk>/penempatan/tempatkan/",
        selection.placement_assign,
        name="placement_assign",
    ),
    path(
        "seleksi/program/<int:pk>/penempatan/otomatis/",
        selection.placement_distribute,
        name="placement_distribute",
    ),
    path("seleksi/usulan/<int:pk>/", selection.selection_detail, name="selection_detail"),
    path(
        "seleksi/usulan/<int:pk>/tempatkan/",
        selection.selection_place_one,
        name="selection_place_one",
    ),
    path("seleksi/usulan/<int:pk>/keluarkan/", selection.placement_remove, name="placement_remove"),
    path("angkatan/<int:pk>/presensi/", attendance.attendance_roster, name="attendance_roster"),
    path("angkatan/<int:pk>/presensi/sel/", attendance.attendance_cell, name="attendance_cell"),
    path("angkatan/<int:pk>/presensi/hari/", attendance.attendance_day, name="attendance_day"),
    path("angkatan/<int:pk>/kelulusan/", attendance.completion, name="completion"),
    path("hasil/", selection.district_outcomes, name="district_outcomes"),
]
