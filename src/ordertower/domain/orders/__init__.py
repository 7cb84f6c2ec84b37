"""The order flow as pure rules: states, the canonical order, addresses, lines to stock, queues."""

from ordertower.domain.shipping import ServiceLevel

from .addresses import (
    ADDRESS_FIELD_MAX_LENGTH,
    Address,
    AddressProblem,
    address_problems,
    tidy_address,
)
from .channel_flags import ChannelFlag
from .currencies import CURRENCIES, is_currency
from .errors import (
    HoldNeedsAPerson,
    IllegalOrderTransition,
    InvalidTimelineEntry,
    InvalidWorkingHours,
    OrderInvalid,
    ResolveActionNotAllowed,
    UpdateForAnotherOrder,
)
from .exceptions import (
    PARKS_IN,
    RESOLVE_ACTIONS,
    OrderExceptionReason,
    ResolveAction,
    check_resolve_action,
)
from .line_checks import MAX_LINE_QUANTITY, MAX_LINES, LineDraft
from .lines import (
    LineProblem,
    ResolvedLine,
    SkuMappings,
    resolve_line,
    resolve_lines,
    units_to_allocate,
)
from .model import CustomerContact, Order, OrderKey, OrderLine
from .po_boxes import REACHES_POSTAL_BOXES, PostalBox, postal_box
from .postal_codes import is_postal_code, tidy_postal_code
from .regions import CA_REGIONS, US_REGIONS, region_code
from .service_levels import channel_service_level
from .ship_by import AT_RISK_MARGIN, WORK_REMAINING, ShipByRisk, ship_by_risk
from .states import (
    AFTER_SHIPMENT,
    FINAL,
    ON_THE_FLOOR,
    ORDER_TRANSITIONS,
    UNSHIPPED,
    OrderState,
    allowed_transitions,
    check_transition,
)
from .timeline import (
    Actor,
    ActorKind,
    Timeline,
    TimelineEntry,
    current_state,
    reached_at,
    record_transition,
    start_timeline,
)
from .updates import (
    PIPELINE_PARTS,
    OrderPart,
    UpdateAction,
    UpdateDecision,
    changed_parts,
    decide_update,
)
from .validation import OrderDraft, validate_order
from .working_hours import ROUND_THE_CLOCK, WorkingHours, working_time_between

__all__ = [
    "ADDRESS_FIELD_MAX_LENGTH",
    "AFTER_SHIPMENT",
    "AT_RISK_MARGIN",
    "CA_REGIONS",
    "CURRENCIES",
    "FINAL",
    "MAX_LINES",
    "MAX_LINE_QUANTITY",
    "ON_THE_FLOOR",
    "ORDER_TRANSITIONS",
    "PARKS_IN",
    "PIPELINE_PARTS",
    "REACHES_POSTAL_BOXES",
    "RESOLVE_ACTIONS",
    "ROUND_THE_CLOCK",
    "UNSHIPPED",
    "US_REGIONS",
    "WORK_REMAINING",
    "Actor",
    "ActorKind",
    "Address",
    "AddressProblem",
    "ChannelFlag",
    "CustomerContact",
    "HoldNeedsAPerson",
    "IllegalOrderTransition",
    "InvalidTimelineEntry",
    "InvalidWorkingHours",
    "LineDraft",
    "LineProblem",
    "Order",
    "OrderDraft",
    "OrderExceptionReason",
    "OrderInvalid",
    "OrderKey",
    "OrderLine",
    "OrderPart",
    "OrderState",
    "PostalBox",
    "ResolveAction",
    "ResolveActionNotAllowed",
    "ResolvedLine",
    "ServiceLevel",
    "ShipByRisk",
    "SkuMappings",
    "Timeline",
    "TimelineEntry",
    "UpdateAction",
    "UpdateDecision",
    "UpdateForAnotherOrder",
    "WorkingHours",
    "address_problems",
    "allowed_transitions",
    "changed_parts",
    "channel_service_level",
    "check_resolve_action",
    "check_transition",
    "current_state",
    "decide_update",
    "is_currency",
    "is_postal_code",
    "postal_box",
    "reached_at",
    "record_transition",
    "region_code",
    "resolve_line",
    "resolve_lines",
    "ship_by_risk",
    "start_timeline",
    "tidy_address",
    "tidy_postal_code",
    "units_to_allocate",
    "validate_order",
    "working_time_between",
]
