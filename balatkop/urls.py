from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from balatkop import views
from documents.views import verify
from notices import views as notices_views

urlpatterns = [
    path("", notices_views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("sehat/", views.health, name="health"),
    path("balai/pengaturan/", views.balai_settings, name="balai_settings"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/ubah/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "kata-sandi/ubah/selesai/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("program/", include("programs.urls")),
    path("peserta/", include("participants.urls")),
    path("dampak/", include("outcomes.urls")),
    path("evaluasi/", include("evaluations.urls")),
    path("pemberitahuan/", include("notices.urls")),
    path("dokumen/", include("documents.urls")),
    # The public certificate check: short, since people type it from the paper.
    path("verifikasi/<str:code>/", verify, name="verify"),
    path("admin/", admin.site.urls),
]

handler403 = "balatkop.views.permission_denied"
handler404 = "balatkop.views.page_not_found"
