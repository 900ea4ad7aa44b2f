"""Domain errors. Each class maps to exactly one HTTP answer, in `jobmatch.api`."""

from __future__ import annotations


class ApiError(Exception):
    status = 500
    detail = "A server error occurred."

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None):
        super().__init__(detail or self.detail)
        self.detail = detail or self.detail
        self.headers = headers or {}

    def body(self) -> dict:
        return {"detail": self.detail}


class FieldError(ApiError):
    """400 naming the offending field: `{"field": ["message"]}`."""

    status = 400

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field

    def body(self) -> dict:
        return {self.field: [self.detail]}


class BadRequest(ApiError):
    status = 400
    detail = "Bad request."


class Unauthorized(ApiError):
    status = 401
    detail = "Authentication credentials were not provided."


class Forbidden(ApiError):
    status = 403
    detail = "You do not have permission to perform this action."


class NotFound(ApiError):
    status = 404
    detail = "Not found."


class Conflict(ApiError):
    status = 409
    detail = "The request conflicts with the current state of the resource."


class PayloadTooLarge(ApiError):
    status = 413
    detail = "Request body too large."


class UnsupportedMediaType(ApiError):
    status = 415
    detail = "Unsupported media type."


class TooManyRequests(ApiError):
    status = 429
    detail = "Too many requests."

    def __init__(self, retry_after: int, detail: str | None = None):
        super().__init__(detail, headers={"Retry-After": str(max(1, int(retry_after)))})
        self.retry_after = max(1, int(retry_after))


class UpstreamError(ApiError):
    """An AI provider or another dependency answered badly."""

    status = 502
    detail = "An upstream service failed. Please try again later."


class ServiceUnavailable(ApiError):
    status = 503
    detail = "The service is temporarily unavailable. Please try again later."
