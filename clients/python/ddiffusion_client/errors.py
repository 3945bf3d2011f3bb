"""Typed errors: each carries the HTTP status and the server's detail (its text, or the list of validation problems)."""
from typing import Any, Optional


class DDiffusionError(Exception):
    """Base of everything this client raises."""


class ApiError(DDiffusionError):
    """The API answered with an error status."""

    def __init__(self, status: int, detail: Any, retry_after: Optional[float] = None):
        self.status = status
        self.detail = detail
        self.retry_after = retry_after
        super().__init__("HTTP %d: %s" % (status, describe(detail)))


class AuthenticationError(ApiError):
    """401: no API key was sent (set DDIFFUSION_API_KEY)."""


class PermissionDeniedError(ApiError):
    """403: the key is unknown or revoked, or the task belongs to another key, or a signed URL expired."""


class NotFoundError(ApiError):
    """404: no such task (or it expired)."""


class ValidationError(ApiError):
    """422: the request was refused; detail names each field and what is wrong with it."""


class RateLimitedError(ApiError):
    """429: too many tasks wait; retry_after says when to try again."""


class ServiceUnavailableError(ApiError):
    """503: the API cannot reach its broker or storage for now; retry_after says when to try again."""


class TaskFailedError(DDiffusionError):
    """wait() saw the task end without success (FAILURE or REVOKED); .task holds its last state."""

    def __init__(self, task: Any):
        self.task = task
        status = getattr(getattr(task, "status", None), "value", getattr(task, "status", None))
        message = getattr(task, "error_message", None) or ("cancelled" if status == "REVOKED" else "failed")
        super().__init__("task %s %s: %s" % (getattr(task, "id", "?"), status, message))


class WaitTimeoutError(DDiffusionError):
    """wait() gave up before the task finished; the task goes on."""


_BY_STATUS = {401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError, 422: ValidationError,
              429: RateLimitedError, 503: ServiceUnavailableError}


def error_for(status: int, detail: Any, retry_after: Optional[float] = None) -> ApiError:
    return _BY_STATUS.get(status, ApiError)(status, detail, retry_after)


def describe(detail: Any) -> str:
    """The server's detail as one line: a text as it is, validation problems as 'field: message; …'."""
    if isinstance(detail, list):
        parts = []
        for problem in detail:
            if isinstance(problem, dict):
                loc = ".".join(str(p) for p in problem.get("loc", []) if p != "body")
                parts.append("%s: %s" % (loc, problem.get("msg")) if loc else str(problem.get("msg")))
            else:
                parts.append(str(problem))
        return "; ".join(parts)
    return str(detail)
