"""How the request's user is loaded."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


class ModelBackendWithBalai(ModelBackend):
    """Django's model backend, loading the user with their balai and unread notices in one query.

    Every request needs the balai (its time zone, its scope); without the join that is a second
    query on every page.
    """

    def get_user(self, user_id):
        from notices.models import Notice

        # The navigation's unread count rides on the same query (no extra query per page).
        unread = Notice.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        users = (
            get_user_model()
            ._default_manager.select_related("balai")
            .annotate(
                unread_notices=Coalesce(
                    Subquery(unread.values("recipient").annotate(n=Count("pk")).values("n")), 0
                )
            )
        )
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
