"""The refusals of the order rules, each with a stable code clients can branch on."""

from __future__ import annotations

from ordertower.domain.errors import (
    Conflict,
    FieldProblem,
    FieldsInvalid,
    IllegalTransition,
    InvalidInput,
)


class IllegalOrderTransition(IllegalTransition):
    """The order's transition table does not allow this move (see `states`)."""

    code = "illegal_order_transition"


class HoldNeedsAPerson(IllegalOrderTransition):
    """A held order left the hold without a person releasing it."""

    code = "hold_needs_a_person"


class OrderInvalid(FieldsInvalid):
    """An incoming order is wrong in one or more named fields; nothing of it was taken."""

    code = "order_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        shown = "; ".join(f"{p.field}: {p.message}" for p in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"The order is not valid: {shown}{more}", problems)


class InvalidTimelineEntry(InvalidInput):
    """A timeline entry without a usable time, out of order, or with an overlong note."""

    code = "invalid_timeline_entry"


class InvalidWorkingHours(InvalidInput):
    """Working hours that cannot be used to count working time."""

    code = "invalid_working_hours"


class UpdateForAnotherOrder(Conflict):
    """An update was matched to an order with a different key (merchant, account, external id)."""

    code = "update_for_another_order"


class ResolveActionNotAllowed(Conflict):
    """A resolve action that the exception item's reason does not offer."""

    code = "resolve_action_not_allowed"
