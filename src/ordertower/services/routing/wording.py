"""A routing policy in plain words, rule by rule, for the Routing page and the API.

The conditions read as the decisions' explanations do (domain/routing/matching.describe), so what
a manager reads here is what they later see on an order: "rule 2 matched: channel=walmart, …".
"""

from __future__ import annotations

from ordertower.domain.routing import (
    BACKORDER_QUEUE,
    DefaultRoute,
    DefaultWarehouse,
    Dropship,
    HoldOrder,
    RoutingPolicy,
    RoutingRule,
    RuleAction,
    Shortfall,
    Strategy,
)
from ordertower.domain.routing.matching import describe

_STRATEGY = {
    Strategy.PRIORITY: "the first that can ship it whole, in the order listed",
    Strategy.FEWEST_SPLITS: "the fewest locations that together cover it",
    Strategy.NEAREST: "the nearest to the destination (zone table) that can ship it whole",
}


def rule_in_words(rule: RoutingRule) -> str:
    """ "When channel=walmart, service=two_day: ship from WH-NJ, whole; …"."""
    return f"When {describe(rule.when)}: {action_in_words(rule.action)}."


def action_in_words(action: RuleAction) -> str:
    if isinstance(action, HoldOrder):
        note = f" ({action.note})" if action.note else ""
        return f"hold in queue {action.queue}{note}"
    if isinstance(action, Dropship):
        checked = (
            ", if the vendor holds every unit (else the next rule)" if action.require_stock else ""
        )
        return f"dropship via {action.vendor_location}{checked}"
    places = ", ".join(action.locations)
    chosen = _STRATEGY[action.strategy] if len(action.locations) > 1 else "whole"
    split = (
        f"; split across up to {action.max_splits + 1} locations when none can ship it whole"
        if action.allow_split
        else ""
    )
    short = (
        "the next rule decides"
        if action.on_shortfall is Shortfall.NEXT_RULE
        else f"hold in queue {BACKORDER_QUEUE}"
    )
    return f"ship from {places} ({chosen}){split}; when they lack stock, {short}"


def default_in_words(default: DefaultRoute) -> str:
    if isinstance(default, DefaultWarehouse):
        return (
            f"Ship whole from the default warehouse {default.location}; "
            f"what it lacks waits in queue {BACKORDER_QUEUE}."
        )
    note = f" ({default.note})" if default.note else ""
    return f"Hold in queue {default.queue}{note} for a person to route."


def policy_in_words(policy: RoutingPolicy) -> list[str]:
    """One sentence per rule, numbered as explanations number them, then the default."""
    sentences = [
        f"Rule {number}{f' ({rule.name})' if rule.name else ''}: {rule_in_words(rule)}"
        for number, rule in enumerate(policy.rules, start=1)
    ]
    return [*sentences, f"Otherwise: {default_in_words(policy.default)}"]
