"""How the request's user is loaded."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ModelBackendWithBalai(ModelBackend):
    """Django's model backend, loading the user with their balai in one query.

    Every request needs the balai (its time zone, its scope); without the join that is a second
    query on every page.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("balai")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
