"""From an incoming order to a canonical one: every problem at once, or a tidy `Order`.

Refused (OrderInvalid, nothing taken): missing ids, naive or impossible times, bad lines. Not
refused: an address that is incomplete or malformed in its formats: the order is taken and parks
in the exception queue (`address_problems`). Only an address field too long to be an address is
refused here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem
from ordertower.domain.shipping import ServiceLevel

from .addresses import ADDRESS_FIELD_MAX_LENGTH, Address, tidy_address
from .channel_flags import ChannelFlag
from .errors import OrderInvalid
from .line_checks import LineDraft, lines_problems, tidy_line
from .model import CustomerContact, Order

ID_MAX_LENGTH = 100
MAX_TAGS = 50
TAG_MAX_LENGTH = 64
# The text fields of an address and of a contact (all but `residential`).
_ADDRESS_TEXTS = tuple(f.name for f in fields(Address) if isinstance(f.default, str))
_CONTACT_TEXTS = tuple(f.name for f in fields(CustomerContact) if isinstance(f.default, str))


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderDraft:
    """An order as a connector, the API or a CSV file gave it, before any check."""

    merchant_id: int
    channel_account_id: int
    channel: ChannelKind
    external_order_id: str | None
    placed_at: dt.datetime | None
    lines: Sequence[LineDraft]
    ship_to: Address = field(default_factory=Address)
    customer: CustomerContact = field(default_factory=CustomerContact)
    channel_order_number: str | None = None
    channel_updated_at: dt.datetime | None = None
    ship_by: dt.datetime | None = None
    deliver_by: dt.datetime | None = None
    service_level: ServiceLevel = ServiceLevel.STANDARD
    service_label: str | None = None
    flags: Collection[ChannelFlag] = frozenset()
    tags: Collection[str] = ()


def validate_order(draft: OrderDraft) -> Order:
    """The canonical order, or OrderInvalid naming every wrong field (`lines[2].quantity`)."""
    problems = [
        *_id_problems(draft),
        *_time_problems(draft),
        *_text_problems(draft),
        *lines_problems(draft.lines),
        *_flag_and_tag_problems(draft),
    ]
    if problems:
        raise OrderInvalid(problems)
    return Order(
        merchant_id=draft.merchant_id,
        channel_account_id=draft.channel_account_id,
        channel=ChannelKind(draft.channel),
        external_order_id=_text(draft.external_order_id),
        channel_order_number=_text(draft.channel_order_number) or None,
        placed_at=_utc(draft.placed_at),
        channel_updated_at=_utc_or_none(draft.channel_updated_at),
        ship_by=_utc_or_none(draft.ship_by),
        deliver_by=_utc_or_none(draft.deliver_by),
        service_level=ServiceLevel(draft.service_level),
        service_label=_text(draft.service_label) or None,
        ship_to=tidy_address(draft.ship_to),
        customer=CustomerContact(
            name=draft.customer.name.strip(),
            email=draft.customer.email.strip(),
            phone=draft.customer.phone.strip(),
        ),
        lines=tuple(tidy_line(line) for line in draft.lines),
        flags=frozenset(ChannelFlag(flag) for flag in draft.flags),
        tags=frozenset(tag.strip() for tag in draft.tags),
    )


def _text(value: str | None) -> str:
    return value.strip() if isinstance(value, str) else ""


def _utc(value: dt.datetime | None) -> dt.datetime:
    assert value is not None  # checked by _time_problems
    return value.astimezone(dt.UTC)


def _utc_or_none(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.astimezone(dt.UTC)


def _known(value: object, kind: type[StrEnum]) -> bool:
    """`value` is a member of `kind` (or its value); the member itself is told apart at once."""
    return type(value) is kind or value in kind.__members__.values()


def _id_problems(draft: OrderDraft) -> list[FieldProblem]:
    problems = []
    for name in ("merchant_id", "channel_account_id"):
        value = getattr(draft, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(FieldProblem(name, "invalid_id", f"Give the {name} (a number ≥ 1)."))
    if not _known(draft.channel, ChannelKind):
        message = f"Use one of: {', '.join(ChannelKind)}."
        problems.append(FieldProblem("channel", "unknown_channel", message))
    external_id = _text(draft.external_order_id)
    if not external_id:
        message = "Give the channel's order id: it is how a replay is known to be the same order."
        problems.append(FieldProblem("external_order_id", "required", message))
    return problems


def _aware(value: dt.datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _time_problems(draft: OrderDraft) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if draft.placed_at is None:
        problems.append(FieldProblem("placed_at", "required", "Give when the order was placed."))
    times = {
        "placed_at": draft.placed_at,
        "channel_updated_at": draft.channel_updated_at,
        "ship_by": draft.ship_by,
        "deliver_by": draft.deliver_by,
    }
    for name, value in times.items():
        if value is not None and not _aware(value):
            message = f"{value.isoformat()} has no time zone; give times with an offset or Z."
            problems.append(FieldProblem(name, "naive_datetime", message))
    if problems:
        return problems
    placed, ship_by, deliver_by = draft.placed_at, draft.ship_by, draft.deliver_by
    assert placed is not None
    if ship_by is not None and ship_by < placed:
        message = "The ship-by deadline is before the order was placed; check both times."
        problems.append(FieldProblem("ship_by", "before_placed_at", message))
    if deliver_by is not None and deliver_by < placed:
        message = "The deliver-by deadline is before the order was placed; check both times."
        problems.append(FieldProblem("deliver_by", "before_placed_at", message))
    elif deliver_by is not None and ship_by is not None and deliver_by < ship_by:
        message = "The deliver-by deadline is before the ship-by deadline; check both times."
        problems.append(FieldProblem("deliver_by", "before_ship_by", message))
    return problems


def _too_long(field: str, value: str, limit: int) -> list[FieldProblem]:
    if len(value) <= limit or len(value.strip()) <= limit:
        return []
    return [FieldProblem(field, "too_long", f"Use at most {limit} characters.")]


def _text_problems(draft: OrderDraft) -> list[FieldProblem]:
    problems = [
        *_too_long("external_order_id", _text(draft.external_order_id), ID_MAX_LENGTH),
        *_too_long("channel_order_number", _text(draft.channel_order_number), ID_MAX_LENGTH),
        *_too_long("service_label", _text(draft.service_label), ID_MAX_LENGTH),
    ]
    for part, value, names in (
        ("ship_to", draft.ship_to, _ADDRESS_TEXTS),
        ("customer", draft.customer, _CONTACT_TEXTS),
    ):
        for name in names:
            problems += _too_long(f"{part}.{name}", getattr(value, name), ADDRESS_FIELD_MAX_LENGTH)
    return problems


def _flag_and_tag_problems(draft: OrderDraft) -> list[FieldProblem]:
    problems = []
    if not _known(draft.service_level, ServiceLevel):
        message = f"Use one of: {', '.join(ServiceLevel)}."
        problems.append(FieldProblem("service_level", "unknown_service_level", message))
    unknown = sorted(str(f) for f in draft.flags if not _known(f, ChannelFlag))
    if unknown:
        message = f"Unknown flags {', '.join(unknown)[:100]}; use: {', '.join(ChannelFlag)}."
        problems.append(FieldProblem("flags", "unknown_flag", message))
    if len(draft.tags) > MAX_TAGS:
        problems.append(FieldProblem("tags", "too_many", f"Use at most {MAX_TAGS} tags."))
    for index, tag in enumerate(draft.tags):
        if not tag.strip() or len(tag.strip()) > TAG_MAX_LENGTH:
            message = f"A tag has 1 to {TAG_MAX_LENGTH} characters."
            problems.append(FieldProblem(f"tags[{index}]", "invalid_tag", message))
    return problems
