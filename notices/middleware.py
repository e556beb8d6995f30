from notices.services import batch


class NoticeBatchMiddleware:
    """One request's events are told together (see ``notices.services``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with batch():
            return self.get_response(request)
