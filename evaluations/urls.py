from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("instruktur/", views.instructor_recap, name="instructor_recap"),
    path("program/<int:pk>/", views.program_recap, name="program_recap"),
    path("program/<int:pk>/kuesioner/", views.program_items, name="program_items"),
    path("angkatan/<int:pk>/", views.angkatan_recap, name="angkatan_recap"),
    path("angkatan/<int:pk>/nilai/", views.score_grid, name="score_grid"),
    path("angkatan/<int:pk>/nilai/sel/", views.score_cell, name="score_cell"),
    path("angkatan/<int:pk>/tautan/", views.links, name="links"),
    path("angkatan/<int:pk>/kertas/", views.paper_entry, name="paper_entry"),
    # The participant's personal link (public: no account).
    path("isi/<str:token>/", views.answer, name="answer"),
]
