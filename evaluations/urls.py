from django.urls import path

from evaluations import views, views_score_import

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("instruktur/", views.instructor_recap, name="instructor_recap"),
    path("program/<int:pk>/", views.program_recap, name="program_recap"),
    path("program/<int:pk>/kuesioner/", views.program_items, name="program_items"),
    path("angkatan/<int:pk>/", views.angkatan_recap, name="angkatan_recap"),
    path("angkatan/<int:pk>/nilai/", views.score_grid, name="score_grid"),
    path("angkatan/<int:pk>/nilai/sel/", views.score_cell, name="score_cell"),
    path(
        "angkatan/<int:pk>/nilai/templat/", views_score_import.score_template, name="score_template"
    ),
    path("angkatan/<int:pk>/nilai/unggah/", views_score_import.score_upload, name="score_upload"),
    path(
        "unggahan-nilai/<int:pk>/",
        views_score_import.score_upload_preview,
        name="score_upload_preview",
    ),
    path(
        "unggahan-nilai/<int:pk>/kesalahan/",
        views_score_import.score_upload_errors,
        name="score_upload_errors",
    ),
    path(
        "unggahan-nilai/<int:pk>/konfirmasi/",
        views_score_import.score_upload_confirm,
        name="score_upload_confirm",
    ),
    path("angkatan/<int:pk>/tautan/", views.links, name="links"),
    path("angkatan/<int:pk>/kertas/", views.paper_entry, name="paper_entry"),
    # The participant's personal link (public: no account).
    path("isi/<str:token>/", views.answer, name="answer"),
]
