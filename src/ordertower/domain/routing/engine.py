"""Routing one order: try the merchant's rules in order, fall back to the default, explain why.

The decision never assigns more units than the availability given; the caller then allocates for
real through the inventory service, which has the final word (stock may have moved meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .decisions import Assigned, Dropshipped, Held, HoldReason, RoutingDecision
from .inputs import Availability, RoutingOrder, check_order
from .matching import OrderFacts, describe, matches
from .rules import (
    BACKORDER_QUEUE,
    DefaultWarehouse,
    Dropship,
    HoldOrder,
    RoutingPolicy,
    RuleAction,
    ShipFrom,
    Shortfall,
)
from .ship_from import CannotShip, plan_ship_from
from .stock import StockView
from .wording import lacked, split_target
from .zones import ZoneTable

_NO_ZONES = ZoneTable()


def route_order(
    order: RoutingOrder,
    *,
    availability: Availability,
    policy: RoutingPolicy,
    zones: ZoneTable = _NO_ZONES,
) -> RoutingDecision:
    """Where `order` ships from, or why it waits; RoutingInputInvalid for a malformed order.

    `policy` should have passed `check_routing_policy` when it was saved; routing does not check
    it again (a location it names that has no stock simply ships nothing).
    """
    check_order(order)
    routing = _Routing(order, StockView(order, availability), zones)
    facts = OrderFacts(order, routing.stock)
    for number, rule in enumerate(policy.rules, start=1):
        if matches(rule.when, facts):
            opening = f"rule {number} matched: {describe(rule.when)}"
            decision = routing.apply(rule.action, number=number, opening=opening)
            if decision is not None:
                return decision
    return routing.default(policy)


@dataclass(slots=True)
class _Routing:
    order: RoutingOrder
    stock: StockView
    zones: ZoneTable
    said: list[str] = field(default_factory=list)  # rules that matched but stepped aside

    def apply(self, action: RuleAction, *, number: int, opening: str) -> RoutingDecision | None:
        """The rule's decision, or None after noting why it stepped aside."""
        if isinstance(action, HoldOrder):
            why = self._why(f"{opening} → hold in queue {action.queue}", action.note)
            return Held(
                queue=action.queue, reason=HoldReason.RULE_HOLD, rule=number, explanation=why
            )
        if isinstance(action, Dropship):
            return self._dropship(action, number=number, opening=opening)
        return self._ship_from(action, number=number, opening=opening)

    def default(self, policy: RoutingPolicy) -> RoutingDecision:
        default = policy.default
        opening = "no rule could ship it" if self.said else "no rule matched"
        if isinstance(default, HoldOrder):
            why = self._why(
                f"{opening} → hold in queue {default.queue} (the merchant's default)", default.note
            )
            return Held(queue=default.queue, reason=HoldReason.NO_RULE, rule=None, explanation=why)
        return self._default_warehouse(default, opening=opening)

    def _why(self, *sentences: str) -> tuple[str, ...]:
        return (*self.said, *(sentence for sentence in sentences if sentence))

    def _dropship(self, action: Dropship, *, number: int, opening: str) -> RoutingDecision | None:
        lacks = self.stock.lacks(action.vendor_location) if action.require_stock else {}
        if lacks:
            short = lacked([(action.vendor_location, lacks)])[0]
            self.said.append(f"{opening} but {short}; trying the next rule")
            return None
        why = self._why(f"{opening} → dropship via {action.vendor_location}")
        return Dropshipped(vendor_location=action.vendor_location, rule=number, explanation=why)

    def _ship_from(self, action: ShipFrom, *, number: int, opening: str) -> RoutingDecision | None:
        plan = plan_ship_from(action, order=self.order, stock=self.stock, zones=self.zones)
        if not isinstance(plan, CannotShip):
            why = self._why(f"{opening} → {split_target(plan.assignments)}", *plan.notes)
            return Assigned(assignments=plan.assignments, rule=number, explanation=why)
        if action.on_shortfall is Shortfall.NEXT_RULE:
            self.said.append(f"{opening} but could not ship: {plan.why}; trying the next rule")
            return None
        why = self._why(
            f"{opening} but could not ship: {plan.why} → hold in queue {BACKORDER_QUEUE}"
        )
        return _backorder(rule=number, explanation=why)

    def _default_warehouse(self, default: DefaultWarehouse, *, opening: str) -> RoutingDecision:
        action = ShipFrom(locations=(default.location,))
        plan = plan_ship_from(action, order=self.order, stock=self.stock, zones=_NO_ZONES)
        if isinstance(plan, CannotShip):
            short = lacked([(default.location, self.stock.lacks(default.location))])[0]
            return _backorder(
                rule=None,
                explanation=self._why(
                    f"{opening}; the default warehouse {short} → hold in queue {BACKORDER_QUEUE}"
                ),
            )
        why = self._why(f"{opening} → {default.location} (the merchant's default warehouse)")
        return Assigned(assignments=plan.assignments, rule=None, explanation=why)


def _backorder(*, rule: int | None, explanation: tuple[str, ...]) -> Held:
    return Held(
        queue=BACKORDER_QUEUE,
        reason=HoldReason.INSUFFICIENT_STOCK,
        rule=rule,
        explanation=explanation,
    )
