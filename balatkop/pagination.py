"""One way to page a list; the template keeps the filters with ``{% querystring %}``."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def paginate(request, queryset, *, size: int = PAGE_SIZE) -> Page:
    """The requested page of ``queryset`` (an out-of-range page number gives the last page)."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))
