"""The routing document: a merchant's rules, default and zone table as plain JSON, and back.

The same shape is stored (routing_policies.rules / default_route / zones) and travels through the
API and the web editor, so a policy reads the same everywhere. Reading never stops at the first
problem: every field that is not the right shape is named by its path (`rules[2].action.locations[0]`),
and the rules that could be read are then checked by `routing_policy_problems` and
`zone_table_problems`, so one answer lists everything to fix. Field names are the dataclass names
in rules.py and zones.py; docs/routing.md shows a whole document.

Codes people type are read forgivingly (location codes, countries, regions and currencies are
trimmed and upper-cased); everything else is taken as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from ..channels import ChannelKind
from ..errors import FieldProblem
from ..shipping import ServiceLevel
from .rules import (
    UNROUTED_QUEUE,
    Conditions,
    DefaultRoute,
    DefaultWarehouse,
    Dropship,
    HoldOrder,
    RoutingPolicy,
    RoutingRule,
    RuleAction,
    ShipFrom,
    Shortfall,
    StockPosition,
    Strategy,
    ValueRange,
)
from .validation import RoutingPolicyInvalid, routing_policy_problems
from .zones import ZoneEntry, zone_table_problems

E = TypeVar("E", bound=StrEnum)

DOCUMENT_FIELDS = ("rules", "default", "zones")
RULE_FIELDS = ("name", "when", "action")
CONDITION_FIELDS = (
    "channel_kinds",
    "channel_account_ids",
    "service_levels",
    "countries",
    "regions",
    "postal_prefixes",
    "skus",
    "tags",
    "order_value",
    "stock_positions",
)
VALUE_FIELDS = ("currency", "minimum", "maximum")
ACTION_FIELDS = {
    "ship_from": ("kind", "locations", "strategy", "allow_split", "max_splits", "on_shortfall"),
    "dropship": ("kind", "vendor_location", "require_stock"),
    "hold": ("kind", "queue", "note"),
}
DEFAULT_FIELDS = {"hold": ("kind", "queue", "note"), "warehouse": ("kind", "location")}
ZONE_FIELDS = ("location", "country", "rank", "region", "postal_prefix")
_UNREADABLE_RULE = RoutingRule(action=ShipFrom(locations=("UNREADABLE",)))  # never a catch-all


@dataclass(frozen=True, slots=True)
class RoutingReading:
    """What a document said: the policy and zone entries, and every problem found on the way.

    A rule that could not be read stands in `policy.rules` as a placeholder at its position (so
    rule numbers stay right) and its index is in `unreadable_rules`; look at `problems` first.
    """

    policy: RoutingPolicy
    zones: tuple[ZoneEntry, ...]
    problems: tuple[FieldProblem, ...]
    unreadable_rules: frozenset[int]


def read_routing_document(document: object, *, check: bool = True) -> RoutingReading:
    """Read a whole document ({"rules", "default", "zones"}), collecting every problem.

    `check=False` skips the business checks (for documents that passed them when saved).
    """
    problems: list[FieldProblem] = []
    found = _object(document, "", DOCUMENT_FIELDS, problems, required=("rules",))
    if not isinstance(document, Mapping):
        return RoutingReading(RoutingPolicy(), (), tuple(problems), frozenset())
    rules, unreadable = _rules(found.get("rules"), problems)
    default = _default(found.get("default"), problems)
    zones = _zones(found.get("zones"), problems)
    policy = RoutingPolicy(rules=rules, default=default or HoldOrder(queue=UNROUTED_QUEUE))
    if check:
        shape_fields = {problem.field for problem in problems}
        problems += [
            problem
            for problem in routing_policy_problems(policy)
            if _rule_index(problem.field) not in unreadable
            and not (problem.field.startswith("default") and default is None)
        ]
        if zones is not None and not any(field.startswith("zones") for field in shape_fields):
            problems += zone_table_problems(zones)
    problems = in_document_order(problems)
    return RoutingReading(policy, zones or (), tuple(problems), frozenset(unreadable))


def routing_from_document(document: object) -> tuple[RoutingPolicy, tuple[ZoneEntry, ...]]:
    """The policy and zone entries of a document, or RoutingPolicyInvalid naming every problem."""
    reading = read_routing_document(document)
    if reading.problems:
        raise RoutingPolicyInvalid(list(reading.problems))
    return reading.policy, reading.zones


def policy_from_document(document: object) -> RoutingPolicy:
    """The policy of a document (its zones checked too), or RoutingPolicyInvalid."""
    return routing_from_document(document)[0]


def routing_document(policy: RoutingPolicy, zones: Sequence[ZoneEntry] = ()) -> dict[str, Any]:
    """The whole document: what the API returns and the editor shows."""
    return {**policy_document(policy), "zones": zones_document(zones)}


def policy_document(policy: RoutingPolicy) -> dict[str, Any]:
    """{"rules": [...], "default": {...}}: plain JSON values (amounts as strings, sets sorted)."""
    return {
        "rules": [rule_document(rule) for rule in policy.rules],
        "default": default_document(policy.default),
    }


def rule_document(rule: RoutingRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "when": conditions_document(rule.when),
        "action": action_document(rule.action),
    }


def conditions_document(when: Conditions) -> dict[str, Any]:
    """Only the conditions that limit something (an empty object: every order)."""
    listed: dict[str, Any] = {
        "channel_kinds": sorted(str(kind) for kind in when.channel_kinds),
        "channel_account_ids": sorted(when.channel_account_ids),
        "service_levels": sorted(str(level) for level in when.service_levels),
        "countries": sorted(when.countries),
        "regions": sorted(when.regions),
        "postal_prefixes": list(when.postal_prefixes),
        "skus": sorted(when.skus),
        "tags": sorted(when.tags),
        "stock_positions": sorted(str(position) for position in when.stock_positions),
    }
    shown = {name: values for name, values in listed.items() if values}
    if when.order_value is not None:
        bounds = when.order_value
        shown["order_value"] = {
            "currency": bounds.currency,
            "minimum": None if bounds.minimum is None else str(bounds.minimum),
            "maximum": None if bounds.maximum is None else str(bounds.maximum),
        }
    return {name: shown[name] for name in CONDITION_FIELDS if name in shown}


def action_document(action: RuleAction) -> dict[str, Any]:
    if isinstance(action, HoldOrder):
        return {"kind": "hold", "queue": action.queue, "note": action.note}
    if isinstance(action, Dropship):
        return {
            "kind": "dropship",
            "vendor_location": action.vendor_location,
            "require_stock": action.require_stock,
        }
    return {
        "kind": "ship_from",
        "locations": list(action.locations),
        "strategy": str(action.strategy),
        "allow_split": action.allow_split,
        "max_splits": action.max_splits,
        "on_shortfall": str(action.on_shortfall),
    }


def default_document(default: DefaultRoute) -> dict[str, Any]:
    if isinstance(default, DefaultWarehouse):
        return {"kind": "warehouse", "location": default.location}
    return {"kind": "hold", "queue": default.queue, "note": default.note}


def zones_document(zones: Sequence[ZoneEntry]) -> list[dict[str, Any]]:
    return [
        {
            "location": entry.location,
            "country": entry.country,
            "rank": entry.rank,
            "region": entry.region,
            "postal_prefix": entry.postal_prefix,
        }
        for entry in zones
    ]


def location_references(reading: RoutingReading) -> list[tuple[str, str, str]]:
    """(field path, location code, what names it) for every location the document names.

    What names it: "ship_from", "dropship", "default" or "zone"; unreadable rules are skipped.
    """
    found: list[tuple[str, str, str]] = []
    for index, rule in enumerate(reading.policy.rules):
        if index in reading.unreadable_rules:
            continue
        where = f"rules[{index}].action"
        action = rule.action
        if isinstance(action, ShipFrom):
            found += [
                (f"{where}.locations[{n}]", code, "ship_from")
                for n, code in enumerate(action.locations)
            ]
        elif isinstance(action, Dropship):
            found.append((f"{where}.vendor_location", action.vendor_location, "dropship"))
    if isinstance(reading.policy.default, DefaultWarehouse):
        found.append(("default.location", reading.policy.default.location, "default"))
    found += [
        (f"zones[{index}].location", entry.location, "zone")
        for index, entry in enumerate(reading.zones)
    ]
    return found


def in_document_order(problems: Sequence[FieldProblem]) -> list[FieldProblem]:
    """Problems in document order: the document itself, rule by rule, the default, the zones
    (stable: within one place, in the order they were found)."""
    return sorted(problems, key=_document_order)


# ---- reading ------------------------------------------------------------------------------------


def _document_order(problem: FieldProblem) -> tuple[int, int]:
    index = _rule_index(problem.field)
    if index is not None:
        return (1, index)
    for rank, section in enumerate(("rules", "default", "zones"), start=1):
        if problem.field.startswith(section):
            return (rank, -1 if section == "rules" else 0)
    return (0, 0)


def _rule_index(field: str) -> int | None:
    if not field.startswith("rules["):
        return None
    number = field[len("rules[") : field.find("]")]
    return int(number) if number.isdigit() else None


def _rules(value: object, problems: list[FieldProblem]) -> tuple[tuple[RoutingRule, ...], set[int]]:
    items = _list(value, "rules", problems, what="rules")
    rules: list[RoutingRule] = []
    unreadable: set[int] = set()
    for index, item in enumerate(items):
        found: list[FieldProblem] = []
        rule = _rule(item, f"rules[{index}]", found)
        problems += [FieldProblem(p.field, p.code, f"Rule {index + 1}: {p.message}") for p in found]
        if rule is None or found:
            unreadable.add(index)
            rule = _UNREADABLE_RULE
        rules.append(rule)
    return tuple(rules), unreadable


def _rule(value: object, where: str, problems: list[FieldProblem]) -> RoutingRule | None:
    if not isinstance(value, Mapping):
        message = "Give each rule as an object with name, when and action."
        problems.append(FieldProblem(where, "not_an_object", message))
        return None
    found = _object(value, where, RULE_FIELDS, problems)
    name = _text(found.get("name"), f"{where}.name", problems)
    when = _conditions(found.get("when"), f"{where}.when", problems)
    action = _action(found.get("action"), f"{where}.action", problems)
    return None if action is None else RoutingRule(name=name, when=when, action=action)


def _conditions(value: object, where: str, problems: list[FieldProblem]) -> Conditions:
    found = _object(value, where, CONDITION_FIELDS, problems)

    def strings(name: str, read: Callable[[str], str] = str) -> list[str]:
        return _strings(found.get(name), f"{where}.{name}", problems, read)

    return Conditions(
        channel_kinds=frozenset(
            _choices(found.get("channel_kinds"), ChannelKind, f"{where}.channel_kinds", problems)
        ),
        channel_account_ids=frozenset(
            _whole_numbers(
                found.get("channel_account_ids"), f"{where}.channel_account_ids", problems
            )
        ),
        service_levels=frozenset(
            _choices(found.get("service_levels"), ServiceLevel, f"{where}.service_levels", problems)
        ),
        countries=frozenset(strings("countries", _upper)),
        regions=frozenset(strings("regions", _upper)),
        postal_prefixes=tuple(strings("postal_prefixes", str.strip)),
        skus=frozenset(strings("skus", str.strip)),
        tags=frozenset(strings("tags", str.strip)),
        order_value=_value_range(found.get("order_value"), f"{where}.order_value", problems),
        stock_positions=frozenset(
            _choices(
                found.get("stock_positions"), StockPosition, f"{where}.stock_positions", problems
            )
        ),
    )


def _value_range(value: object, where: str, problems: list[FieldProblem]) -> ValueRange | None:
    if value is None:
        return None
    found = _object(value, where, VALUE_FIELDS, problems, required=("currency",))
    if not found:
        return None
    return ValueRange(
        currency=_upper(_text(found.get("currency"), f"{where}.currency", problems)),
        minimum=_amount(found.get("minimum"), f"{where}.minimum", problems),
        maximum=_amount(found.get("maximum"), f"{where}.maximum", problems),
    )


def _action(value: object, where: str, problems: list[FieldProblem]) -> RuleAction | None:
    kind = _kind(value, where, ACTION_FIELDS, problems)
    if kind is None or not isinstance(value, Mapping):
        return None
    found = _object(value, where, ACTION_FIELDS[kind], problems)
    if kind == "hold":
        return HoldOrder(
            queue=_text(found.get("queue"), f"{where}.queue", problems, required=True),
            note=_text(found.get("note"), f"{where}.note", problems),
        )
    if kind == "dropship":
        return Dropship(
            vendor_location=_code(
                found.get("vendor_location"), f"{where}.vendor_location", problems
            ),
            require_stock=_flag(found.get("require_stock"), f"{where}.require_stock", problems),
        )
    locations = found.get("locations")
    if locations is None:
        problems.append(
            FieldProblem(
                f"{where}.locations", "required", "List the candidate locations, in priority order."
            )
        )
    return ShipFrom(
        locations=tuple(_strings(locations, f"{where}.locations", problems, _upper)),
        strategy=_choice(
            found.get("strategy"), Strategy, f"{where}.strategy", problems, Strategy.PRIORITY
        ),
        allow_split=_flag(found.get("allow_split"), f"{where}.allow_split", problems),
        max_splits=_whole(found.get("max_splits"), f"{where}.max_splits", problems, default=0),
        on_shortfall=_choice(
            found.get("on_shortfall"),
            Shortfall,
            f"{where}.on_shortfall",
            problems,
            Shortfall.NEXT_RULE,
        ),
    )


def _default(value: object, problems: list[FieldProblem]) -> DefaultRoute | None:
    kind = _kind(value, "default", DEFAULT_FIELDS, problems)
    if kind is None or not isinstance(value, Mapping):
        return None
    before = len(problems)
    found = _object(value, "default", DEFAULT_FIELDS[kind], problems)
    default: DefaultRoute
    if kind == "warehouse":
        default = DefaultWarehouse(
            location=_code(found.get("location"), "default.location", problems)
        )
    else:
        queue = found.get("queue")
        default = HoldOrder(
            queue=UNROUTED_QUEUE if queue is None else _text(queue, "default.queue", problems),
            note=_text(found.get("note"), "default.note", problems),
        )
    return None if len(problems) > before else default


def _zones(value: object, problems: list[FieldProblem]) -> tuple[ZoneEntry, ...] | None:
    before = len(problems)
    entries: list[ZoneEntry] = []
    for index, item in enumerate(_list(value, "zones", problems, what="zone entries")):
        where = f"zones[{index}]"
        found = _object(
            item, where, ZONE_FIELDS, problems, required=("location", "country", "rank")
        )
        if not found:
            continue
        entries.append(
            ZoneEntry(
                location=_code(found.get("location"), f"{where}.location", problems),
                country=_upper(_text(found.get("country"), f"{where}.country", problems)),
                rank=_whole(found.get("rank"), f"{where}.rank", problems, default=0),
                region=_upper(_text(found.get("region"), f"{where}.region", problems)),
                postal_prefix=_text(
                    found.get("postal_prefix"), f"{where}.postal_prefix", problems
                ).strip(),
            )
        )
    return None if len(problems) > before else tuple(entries)


# ---- one value ----------------------------------------------------------------------------------


def _object(
    value: object,
    where: str,
    fields: Sequence[str],
    problems: list[FieldProblem],
    *,
    required: Sequence[str] = (),
) -> Mapping[str, Any]:
    """A JSON object with only `fields` (an unknown one is named); {} for null or a problem."""
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        what = where or "the routing document"
        message = f"Give {what} as an object with {', '.join(fields)}."
        problems.append(FieldProblem(where or "body", "not_an_object", message))
        return {}
    for key in value:
        if key not in fields:
            field = f"{where}.{key}" if where else str(key)
            message = f"{str(key)[:40]!r} is not a field here; use {', '.join(fields)}."
            problems.append(FieldProblem(field, "unknown_field", message))
    for name in required:
        if value.get(name) is None:
            field = f"{where}.{name}" if where else name
            problems.append(FieldProblem(field, "required", f"Give {field}."))
    return value


def _kind(
    value: object,
    where: str,
    kinds: Mapping[str, Sequence[str]],
    problems: list[FieldProblem],
) -> str | None:
    if not isinstance(value, Mapping):
        message = f"Give {where} as an object with a kind: {', '.join(kinds)}."
        problems.append(
            FieldProblem(where, "required" if value is None else "not_an_object", message)
        )
        return None
    kind = value.get("kind")
    if isinstance(kind, str) and kind in kinds:
        return kind
    shown = "nothing" if kind is None else repr(kind)[:40]
    message = f"The kind must be one of {', '.join(kinds)}; got {shown}."
    problems.append(FieldProblem(f"{where}.kind", "unknown_kind", message))
    return None


def _list(value: object, where: str, problems: list[FieldProblem], *, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(FieldProblem(where, "not_a_list", f"Give the {what} as a list."))
        return []
    return value


def _text(
    value: object, where: str, problems: list[FieldProblem], *, required: bool = False
) -> str:
    if value is None:
        if required:
            problems.append(FieldProblem(where, "required", f"Give {where}."))
        return ""
    if not isinstance(value, str):
        problems.append(FieldProblem(where, "not_text", "Give text (in quotes)."))
        return ""
    return value


def _upper(text: str) -> str:
    return text.strip().upper()


def _code(value: object, where: str, problems: list[FieldProblem]) -> str:
    return _upper(_text(value, where, problems, required=True))


def _strings(
    value: object, where: str, problems: list[FieldProblem], read: Callable[[str], str]
) -> list[str]:
    found: list[str] = []
    for index, item in enumerate(_list(value, where, problems, what=where.rsplit(".", 1)[-1])):
        if isinstance(item, str):
            found.append(read(item))
        else:
            problems.append(FieldProblem(f"{where}[{index}]", "not_text", "Give text (in quotes)."))
    return found


def _choice(
    value: object, kind: type[E], where: str, problems: list[FieldProblem], default: E
) -> E:
    if value is None:
        return default
    if isinstance(value, str) and value in kind._value2member_map_:
        return kind(value)
    message = f"Use one of {', '.join(member.value for member in kind)}; got {str(value)[:40]!r}."
    problems.append(FieldProblem(where, "unknown_choice", message))
    return default


def _choices(value: object, kind: type[E], where: str, problems: list[FieldProblem]) -> list[E]:
    chosen: list[E] = []
    for index, item in enumerate(_list(value, where, problems, what=where.rsplit(".", 1)[-1])):
        if isinstance(item, str) and item in kind._value2member_map_:
            chosen.append(kind(item))
        else:
            message = (
                f"Use one of {', '.join(member.value for member in kind)}; got {str(item)[:40]!r}."
            )
            problems.append(FieldProblem(f"{where}[{index}]", "unknown_choice", message))
    return chosen


def _flag(value: object, where: str, problems: list[FieldProblem]) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    problems.append(FieldProblem(where, "not_a_flag", "Use true or false."))
    return False


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _whole(value: object, where: str, problems: list[FieldProblem], *, default: int) -> int:
    if value is None:
        return default
    if _is_whole(value):
        assert isinstance(value, int)
        return value
    problems.append(FieldProblem(where, "not_a_number", "Give a whole number."))
    return default


def _whole_numbers(value: object, where: str, problems: list[FieldProblem]) -> list[int]:
    found: list[int] = []
    for index, item in enumerate(_list(value, where, problems, what="ids")):
        if _is_whole(item):
            found.append(item)
        else:
            problems.append(
                FieldProblem(f"{where}[{index}]", "not_a_number", "Give a whole number.")
            )
    return found


def _amount(value: object, where: str, problems: list[FieldProblem]) -> Decimal | None:
    """An amount as a string ("49.99", exact) or a JSON number; None when left out."""
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        try:
            return Decimal(value.strip() if isinstance(value, str) else str(value))
        except InvalidOperation:
            pass
    message = f'{str(value)[:20]!r} is not an amount; give it as text such as "49.99".'
    problems.append(FieldProblem(where, "not_an_amount", message))
    return None
