from audit.services import new_request_id


class RequestIdMiddleware:
    """Give each request an id (or keep the proxy's X-Request-ID) for audit events and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming[:64] if incoming.isascii() and incoming else new_request_id()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response
