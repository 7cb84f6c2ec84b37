"""The one error tree: every refusal the business can give, each with a stable code.

DomainError
├── InvalidInput          the request itself is wrong (a field, a file, a scan)          → 422
│   └── FieldsInvalid     several named fields are wrong at once                         → 422
├── NotFound              the thing does not exist, or the caller may not see it         → 404
├── Conflict              the request clashes with what exists (duplicate, state)        → 409
│   └── IllegalTransition a state machine refuses the move                               → 409
├── Forbidden             the caller is known but may not do this                        → 403
├── Unauthenticated       no valid credentials                                           → 401
└── RateLimited           too many attempts; try again later                             → 429

Entrypoints map these to HTTP (problem+json) in one place. The code is part of the public API: clients
branch on it, so never rename one. Messages say what was wrong and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with one field (dotted path for nested fields, `row`/`column` for files)."""

    field: str
    code: str
    message: str
    row: int | None = None


class DomainError(Exception):
    """Base of every business refusal."""

    code: str = "domain_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    code = "invalid_input"


class FieldsInvalid(InvalidInput):
    """Several problems at once: all are reported so the user fixes them in one go."""

    code = "fields_invalid"

    def __init__(self, message: str, problems: list[FieldProblem]) -> None:
        super().__init__(message, field=problems[0].field if problems else None)
        self.problems = problems


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class Forbidden(DomainError):
    code = "forbidden"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
