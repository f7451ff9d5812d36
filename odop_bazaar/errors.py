"""Domain errors shared by every app, and the API's single error shape."""

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    """A rule of the marketplace refused the request; the message is shown to the user."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "domain_error"
    details: dict[str, Any] = {}  # machine-readable facts for API clients (read-only)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error is `{"error": {"code", "message", "details"}}` with a 4xx status."""
    if isinstance(exc, DomainError):
        return Response(
            {"error": {"code": exc.code, "message": str(exc), "details": exc.details}},
            status=exc.status_code,
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    details = response.data
    message = details.get("detail", "Invalid input.") if isinstance(details, dict) else details
    # Django's Http404 and PermissionDenied carry no code of their own.
    code = getattr(exc, "default_code", None) or {
        status.HTTP_403_FORBIDDEN: "permission_denied",
        status.HTTP_404_NOT_FOUND: "not_found",
    }.get(response.status_code, "error")
    if isinstance(details, dict) and "detail" in details and len(details) == 1:
        details = {}
    response.data = {"error": {"code": code, "message": str(message), "details": details}}
    return response
