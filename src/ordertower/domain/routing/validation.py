"""Checking a routing policy before it is saved: every problem named by rule index and field.

Field paths are 0-based (`rules[2].action.max_splits`); messages name the rule as people count it
("Rule 3: …"), the way explanations do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..catalog.errors import InvalidSku
from ..catalog.sku import validate_sku
from ..errors import FieldProblem, FieldsInvalid
from ..field_rules import code_problems, country_problems, number_problems, text_problems
from .place_rules import postal_prefix_problems, region_problems
from .rules import (
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
    Strategy,
    ValueRange,
)

MAX_RULES = 500
MAX_SPLITS = 20
MAX_CANDIDATES = 100
NAME_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 500
_QUEUE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_TAG_MAX_LENGTH = 64


class RoutingPolicyInvalid(FieldsInvalid):
    code = "routing_policy_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The routing rules are not valid: {listed}", problems)


def check_routing_policy(policy: RoutingPolicy) -> None:
    """Raise RoutingPolicyInvalid listing every problem, or return when the policy is sound."""
    problems = routing_policy_problems(policy)
    if problems:
        raise RoutingPolicyInvalid(problems)


def routing_policy_problems(policy: RoutingPolicy) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if len(policy.rules) > MAX_RULES:
        message = f"Use at most {MAX_RULES} rules; merge rules that send orders to the same place."
        problems.append(FieldProblem("rules", "too_many", message))
    catch_all: int | None = None
    for index, rule in enumerate(policy.rules):
        found = _rule_problems(rule, f"rules[{index}]")
        if catch_all is not None:
            message = f"Rule {catch_all + 1} takes every order, so this rule is never reached; move it up."
            found.append(FieldProblem(f"rules[{index}]", "unreachable", message))
        problems += [_numbered(problem, index) for problem in found]
        if catch_all is None and _takes_everything(rule):
            catch_all = index
    return problems + _default_problems(policy.default)


def _numbered(problem: FieldProblem, index: int) -> FieldProblem:
    return FieldProblem(problem.field, problem.code, f"Rule {index + 1}: {problem.message}")


def _takes_everything(rule: RoutingRule) -> bool:
    """A rule without conditions whose action never steps aside."""
    if rule.when != Conditions():
        return False
    action = rule.action
    if isinstance(action, Dropship):
        return not action.require_stock
    return isinstance(action, HoldOrder) or action.on_shortfall is Shortfall.BACKORDER


def _rule_problems(rule: RoutingRule, where: str) -> list[FieldProblem]:
    problems = text_problems(f"{where}.name", rule.name, max_length=NAME_MAX_LENGTH, required=False)
    return (
        problems
        + _condition_problems(rule.when, f"{where}.when")
        + _action_problems(rule.action, f"{where}.action")
    )


def _condition_problems(when: Conditions, where: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for account in sorted(when.channel_account_ids):
        problems += number_problems(f"{where}.channel_account_ids", account, low=1, high=2**63 - 1)
    for country in sorted(when.countries):
        problems += country_problems(f"{where}.countries", country)
    for region in sorted(when.regions):
        problems += region_problems(f"{where}.regions", region)
    for index, prefix in enumerate(when.postal_prefixes):
        problems += postal_prefix_problems(f"{where}.postal_prefixes[{index}]", prefix)
    problems += _sku_problems(f"{where}.skus", when.skus)
    for tag in sorted(when.tags):
        problems += text_problems(f"{where}.tags", tag, max_length=_TAG_MAX_LENGTH, required=True)
    if when.order_value is not None:
        problems += _value_problems(when.order_value, f"{where}.order_value")
    return problems


def _sku_problems(field: str, skus: Iterable[str]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for sku in sorted(skus):
        try:
            validate_sku(sku)
        except InvalidSku as error:
            problems.append(FieldProblem(field, error.code, error.message))
    return problems


def _value_problems(bounds: ValueRange, where: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not _CURRENCY.fullmatch(bounds.currency):
        message = f"{bounds.currency[:8]!r} is not an ISO 4217 code; use three letters such as USD."
        problems.append(FieldProblem(f"{where}.currency", "invalid_currency", message))
    for name in ("minimum", "maximum"):
        amount = getattr(bounds, name)
        if amount is not None and (not amount.is_finite() or amount < 0):
            message = f"The {name} order value must be 0 or more, got {amount}."
            problems.append(FieldProblem(f"{where}.{name}", "invalid_amount", message))
    if bounds.minimum is None and bounds.maximum is None:
        message = "Give a minimum, a maximum or both, or drop the order value condition."
        problems.append(FieldProblem(where, "required", message))
    elif (
        not problems
        and bounds.minimum is not None
        and bounds.maximum is not None
        and bounds.minimum > bounds.maximum
    ):
        message = f"The minimum {bounds.minimum} is above the maximum {bounds.maximum}."
        problems.append(FieldProblem(f"{where}.minimum", "min_above_max", message))
    return problems


def _action_problems(action: RuleAction, where: str) -> list[FieldProblem]:
    if isinstance(action, HoldOrder):
        return _hold_problems(action, where)
    if isinstance(action, Dropship):
        return code_problems(f"{where}.vendor_location", action.vendor_location)
    return _ship_from_problems(action, where)


def _ship_from_problems(action: ShipFrom, where: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not action.locations:
        message = "List at least one candidate location, in priority order."
        problems.append(FieldProblem(f"{where}.locations", "required", message))
    elif len(action.locations) > MAX_CANDIDATES:
        message = f"List at most {MAX_CANDIDATES} candidate locations."
        problems.append(FieldProblem(f"{where}.locations", "too_many", message))
    seen: set[str] = set()
    for index, location in enumerate(action.locations):
        problems += code_problems(f"{where}.locations[{index}]", location)
        if location in seen:
            message = f"{location} is listed twice; keep it once, at its priority."
            problems.append(FieldProblem(f"{where}.locations[{index}]", "duplicate", message))
        seen.add(location)
    return problems + _split_problems(action, where)


def _split_problems(action: ShipFrom, where: str) -> list[FieldProblem]:
    field = f"{where}.max_splits"
    if not action.allow_split:
        if action.max_splits != 0:
            message = "Splits are not allowed, so max_splits must be 0; or allow splits."
            return [FieldProblem(field, "splits_not_allowed", message)]
        if action.strategy is Strategy.FEWEST_SPLITS:
            message = "fewest_splits needs splits allowed; without splits use priority or nearest."
            return [FieldProblem(f"{where}.strategy", "needs_split", message)]
        return []
    return number_problems(field, action.max_splits, low=1, high=MAX_SPLITS)


def _hold_problems(hold: HoldOrder, where: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not _QUEUE.fullmatch(hold.queue):
        message = (
            f"{hold.queue[:40]!r} is not a queue name: use 1 to 64 of a–z, 0–9, - and _, "
            "starting with a letter or digit."
        )
        problems.append(FieldProblem(f"{where}.queue", "invalid_queue", message))
    return problems + text_problems(
        f"{where}.note", hold.note, max_length=NOTE_MAX_LENGTH, required=False
    )


def _default_problems(default: DefaultRoute) -> list[FieldProblem]:
    if isinstance(default, DefaultWarehouse):
        return code_problems("default.location", default.location)
    return _hold_problems(default, "default")
