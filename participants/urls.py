from django.urls import path  # noqa: F401

from participants.views import registry  # noqa: F401

app_name = "participants"

urlpatterns = [
    # Registry and nominations (issue 5)
    # Selection to completion (issue 6)
]
