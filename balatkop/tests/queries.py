"""Counting the queries one page costs, for the tests whose bound must not grow with the rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    """GET ``url`` (it must answer 200) and return how many queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
