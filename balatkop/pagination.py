"""One way to page a list; the template keeps the filters with ``{% querystring %}``."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def paginate(request, queryset, *, size: int = PAGE_SIZE, count: int | None = None) -> Page:
    """The requested page of ``queryset`` (an out-of-range page number gives the last page).

    ``count``: the number of rows when the caller has a cheaper way to know it than
    ``queryset.count()``."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # (a cached_property: set, it is not computed)
    return paginator.get_page(request.GET.get("page"))
