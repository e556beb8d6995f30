"""How the request's user is loaded, and the address a login attempt is counted under."""

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from balatkop.ratelimit import client_address


def login_address(request) -> str:
    """The client address, with every address of an office network counted as the office's one.

    Failed logins lock a user name per address (settings.AXES_LOCKOUT_PARAMETERS); an office
    whose PCs have several addresses is one address, so there the lockout is per account.
    """
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    for network in settings.OFFICE_NETWORKS:
        office = ipaddress.ip_network(network, strict=False)
        if ip in office:
            return str(office.network_address)
    return address


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
