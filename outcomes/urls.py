from django.urls import path

from outcomes import (
    views,
    views_export_jobs,
    views_historical,
    views_round_import,
    views_self_report,
)

app_name = "outcomes"

urlpatterns = [
    path("laporan/", views.impact_report, name="impact_report"),
    path("laporan/unduh/", views.impact_export, name="impact_export"),
    path("laporan/cetak/", views.impact_print, name="impact_print"),
    path("laporan/ringkasan.pdf", views.impact_summary, name="impact_summary"),
    # The full workbook as a background job
    path("laporan/ekspor/", views_export_jobs.export_job_create, name="export_job_create"),
    path("ekspor-saya/", views_export_jobs.export_job_list, name="export_job_list"),
    path("laporan/ekspor/<int:pk>/", views_export_jobs.export_job_detail, name="export_job_detail"),
    path(
        "laporan/ekspor/<int:pk>/ulang/",
        views_export_jobs.export_job_retry_view,
        name="export_job_retry",
    ),
    path(
        "laporan/ekspor/<int:pk>/unduh/",
        views_export_jobs.export_job_download,
        name="export_job_download",
    ),
    path("monitoring/", views.followup_due_list, name="followup_due"),
    path(
        "monitoring/templat/<int:program_pk>/<int:round_months>/",
        views_round_import.followup_template,
        name="followup_template",
    ),
    path("monitoring/unggah/", views_round_import.followup_upload, name="followup_upload"),
    path(
        "monitoring/unggah/<int:pk>/",
        views_round_import.followup_upload_preview,
        name="followup_upload_preview",
    ),
    path(
        "monitoring/unggah/<int:pk>/kesalahan/",
        views_round_import.followup_upload_errors,
        name="followup_upload_errors",
    ),
    path(
        "monitoring/unggah/<int:pk>/impor/",
        views_round_import.followup_upload_confirm,
        name="followup_upload_confirm",
    ),
    path("monitoring/<int:pk>/", views.followup_create, name="followup_create"),
    path("monitoring/<int:pk>/kunjungan/", views.visit_create, name="visit_create"),
    # Self-report links: the officer's side, then the person's public form
    path(
        "monitoring/<int:pk>/laporan-mandiri/<int:round_months>/",
        views_self_report.selfreport_link_page,
        name="selfreport_link",
    ),
    path(
        "monitoring/laporan-mandiri/<int:pk>/",
        views_self_report.selfreport_review,
        name="selfreport_review",
    ),
    path("lapor/<str:token>/", views_self_report.selfreport_form, name="selfreport_form"),
    # Historical import
    path("impor-historis/", views_historical.historical_import_page, name="historical_import"),
    path(
        "impor-historis/templat/", views_historical.historical_template, name="historical_template"
    ),
    path(
        "impor-historis/<int:pk>/", views_historical.historical_preview, name="historical_preview"
    ),
    path(
        "impor-historis/<int:pk>/kesalahan/",
        views_historical.historical_errors,
        name="historical_errors",
    ),
    path(
        "impor-historis/<int:pk>/impor/",
        views_historical.historical_confirm,
        name="historical_confirm",
    ),
]
