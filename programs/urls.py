from django.urls import path  # noqa: F401

from programs import views  # noqa: F401

app_name = "programs"

urlpatterns = []
