"""The exception tree. Every error a service raises knows its OpenList code and message.

    OpenListError (code, message, data)
    ├── BadRequest          400  malformed input, validation
    ├── Unauthorized        401  identity problems (§2.6 messages)
    ├── OTPRequired         402  password right, second factor missing or wrong
    ├── Forbidden           403  permission problems
    ├── NotFound            404
    ├── MethodNotAllowed    405
    ├── TooManyRequests     429  throttled
    └── ServerError         500  storage/driver failures and other 500-class errors
        └── ObjectNotFound  500  "...: object not found" (the UI matches the suffix)

Handlers never format errors: they raise, and the error middleware turns the exception into the
envelope (`envelope.fail`). On download routes the same exceptions become real HTTP statuses.
"""

from __future__ import annotations

from typing import Any


class OpenListError(Exception):
    code: int = 500
    default_message: str = "internal error"

    def __init__(self, message: str | None = None, *, data: Any = None) -> None:
        self.message = message if message is not None else self.default_message
        self.data = data
        super().__init__(self.message)


class BadRequest(OpenListError):
    code = 400
    default_message = "bad request"


class Unauthorized(OpenListError):
    code = 401
    default_message = "unauthorized"


class OTPRequired(OpenListError):
    code = 402
    default_message = "Invalid 2FA code"


class Forbidden(OpenListError):
    code = 403
    default_message = "permission denied"


class NotFound(OpenListError):
    code = 404
    default_message = "not found"


class MethodNotAllowed(OpenListError):
    code = 405
    default_message = "method not allowed"


class TooManyRequests(OpenListError):
    code = 429
    # OpenList: server/handles/auth.go — clients match this sentence verbatim.
    default_message = (
        "Too many unsuccessful sign-in attempts have been made using an incorrect username or password, "
        "Try again later."
    )

    def __init__(self, message: str | None = None, *, retry_after: int = 0, data: Any = None) -> None:
        super().__init__(message, data=data)
        self.retry_after = retry_after


class ServerError(OpenListError):
    code = 500


class ObjectNotFound(ServerError):
    default_message = "object not found"

    def __init__(self, what: str = "", *, data: Any = None) -> None:
        super().__init__(f"{what}: object not found" if what else "object not found", data=data)


# Exact OpenList messages (openlist-api.md §2.6), named once.
MSG_BAD_CREDENTIALS = "Invalid username or password"
MSG_GUEST_DISABLED = "Guest user is disabled, login please"
MSG_TOKEN_INVALIDATED = "token is invalidated"
MSG_TOKEN_EXPIRED = "token is expired"
MSG_TOKEN_MALFORMED = "that's not even a token"
MSG_TOKEN_NOT_ACTIVE = "token not active yet"
MSG_TOKEN_OTHER = "couldn't handle this token"
MSG_PASSWORD_CHANGED = "Password has been changed, login please"
MSG_USER_DISABLED = "Current user is disabled, replace please"
MSG_YOU_ARE_GUEST = "You are a guest"
MSG_NOT_ADMIN = "You are not an admin"
MSG_PERMISSION_DENIED = "permission denied"
MSG_RELATIVE_PATH = "using relative path is not allowed"
