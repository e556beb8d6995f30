from django.urls import path  # noqa: F401

from participants import views  # noqa: F401

app_name = "participants"

urlpatterns = []
