"""Security headers that Django 5.2 does not set by itself."""

from django.conf import settings
from django.shortcuts import render


class HealthCheckMiddleware:
    """``/sehat/`` is answered here, before the session and the user are looked at.

    A load balancer's probe (or the benchmark) may carry a session cookie; further down the
    stack the time zone, the writer's balai and ``no-store`` each ask who the user is, which
    loads the session and the user: two queries on every probe. The view stays in the URLs
    (``reverse("health")``, the permission matrix); it is simply reached earlier.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if self.path is None:
            from django.urls import reverse

            self.path = reverse("health")
        if request.path == self.path and request.method in {"GET", "HEAD"}:
            from balatkop.views import health

            return health(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy with no inline scripts (all JS lives in static files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class BalaiTimeZoneMiddleware:
    """Show times in the user's balai time zone (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import timezone

        user = getattr(request, "user", None)
        balai = getattr(user, "balai", None) if user and user.is_authenticated else None
        if balai is not None:
            timezone.activate(balai.time_zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class SignedInNoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user.

    Pages and downloads behind the login carry NIK or business figures, and offices share
    PCs: nothing of theirs may stay in the browser's or a proxy's cache. One rule here
    rather than a decorator on each view that might carry them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import patch_cache_control

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class StyledNotFoundMiddleware:
    """With DEBUG on (``make run``), a 404 shows the product's own Indonesian page too.

    Django's debug 404 (English, unstyled) is what users of a demo would otherwise meet; set
    ``DEBUG_TECHNICAL_404=true`` to see it when working on URLs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not settings.DEBUG_TECHNICAL_404
            and not getattr(response, "is_product_page", False)
        ):
            from balatkop.views import page_not_found

            return page_not_found(request)
        return response


class StyledMethodNotAllowedMiddleware:
    """A button's address opened directly (often the ``next`` of a login after the session
    ended) says so in Indonesian instead of Django's empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            styled = render(request, "405.html", status=405)
            styled["Allow"] = response["Allow"]
            return styled
        return response
