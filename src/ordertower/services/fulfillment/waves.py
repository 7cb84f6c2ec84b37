"""Releasing allocated orders to the floor in waves, and the pick list each wave walks.

One transaction, one at a time per merchant and warehouse (so a wave never plans units the one
being released beside it took): the chosen orders are locked (id order) and re-checked (another
wave may have taken one a moment ago), their units planned onto bins (domain/fulfillment/picking),
the tasks written and the orders moved allocated → released. An order whose units cannot all be
found in the bins the wave may use stays as it was and is listed as left out, with the reason.

Split orders (routing allocated them at several warehouses): a wave at warehouse W plans the
order's open allocations at W only, so each warehouse picks, packs and ships its own units. The
first wave moves the order allocated → released; a wave at another warehouse takes the same order
later in any floor state of `WAVE_STATES` (released, picking, packed, partially_shipped) while it
has units allocated at W on no pick task, and leaves its state alone. The station and packing work
per warehouse (`location_id`); confirming one warehouse's packages makes the order
partially_shipped while units remain elsewhere and shipped when none do (confirm.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ordertower.domain.errors import InvalidInput, NotFound
from ordertower.domain.fulfillment import (
    WAVE_STATES,
    PickNeed,
    WaveCriteria,
    check_criteria,
    plan_wave,
    select_orders,
    walking_order,
)
from ordertower.domain.orders import Actor, ActorKind, OrderState
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.orders.transitions import Move, lock_orders, move_orders

from .ports import NewWave, OpenAllocation, TaskLine, WaveSummary
from .unit_of_work import FulfillmentUnitOfWork

CANDIDATE_LIMIT = 5_000  # orders looked at per release: the most urgent ones


def _spare(max_orders: int) -> int:
    """How many of the most urgent candidates a release locks and tries: enough spares for orders
    left out (units outside the chosen zones), without locking thousands of orders for one cart."""
    return max_orders * 3 + 20


@dataclass(frozen=True, slots=True)
class PickStop:
    """One bin on the walk and everything to take from it (any order), for a picker's cart."""

    bin_id: int | None
    bin_code: str | None
    zone_code: str | None
    lines: list[TaskLine]


@dataclass(frozen=True, slots=True)
class WaveView:
    wave: WaveSummary
    stops: list[PickStop]  # the pick list, in walking order

    @property
    def tasks(self) -> list[TaskLine]:
        return [line for stop in self.stops for line in stop.lines]


def floor_actor(principal: Principal) -> Actor:
    return Actor(ActorKind.PERSON, f"user:{principal.user_id}")


def release_wave(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int, criteria: WaveCriteria
) -> WaveView:
    """Release the most urgent matching orders of one warehouse as a wave with its pick list."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    check_criteria(criteria)
    with uow:
        _check_location(uow, merchant_id, criteria.location_id)
        store = uow.fulfillment
        store.lock_wave_planning(merchant_id, criteria.location_id)
        candidates = store.wave_candidates(
            merchant_id,
            location_id=criteria.location_id,
            ship_by_before=criteria.ship_by_before,
            service_levels=sorted(criteria.service_levels),
            channels=sorted(criteria.channels),
            limit=CANDIDATE_LIMIT,
        )
        chosen = select_orders(candidates, criteria)[: _spare(criteria.max_orders)]
        heads = lock_orders(uow, merchant_id, [c.order_id for c in chosen])
        still = [c.order_id for c in chosen if heads[c.order_id].state in WAVE_STATES]
        allocations = [
            a
            for a in store.open_allocations(merchant_id, still)
            if a.location_id == criteria.location_id
        ]
        needs = _needs_by_order(allocations)
        stock = defaultdict(list)
        for row in store.free_stock(
            merchant_id,
            location_id=criteria.location_id,
            product_ids=sorted({a.product_id for a in allocations}),
        ):
            if row.pickable and (not criteria.zone_ids or row.zone_id in criteria.zone_ids):
                stock[row.product_id].append(row)
        plan = plan_wave(
            [(order_id, needs[order_id]) for order_id in still if needs.get(order_id)],
            stock,
            max_orders=criteria.max_orders,
        )
        if not plan.order_ids:
            raise NotFound(_nothing_to_release(criteria, plan.left_out), field="criteria")
        wave_id = store.add_wave(
            merchant_id,
            NewWave(
                location_id=criteria.location_id,
                criteria=_criteria_record(criteria),
                left_out=[{"order_id": o, "reason": r} for o, r in plan.left_out.items()],
                order_count=len(plan.order_ids),
                unit_count=sum(p.quantity for p in plan.picks),
                created_by_user_id=principal.user_id,
            ),
        )
        store.add_tasks(merchant_id, wave_id, walking_order(plan.picks))
        move_orders(
            uow,
            merchant_id=merchant_id,
            heads=heads,
            moves=[
                Move(o, OrderState.RELEASED, f"wave {wave_id}")
                for o in plan.order_ids
                if heads[o].state is OrderState.ALLOCATED
            ],
            actor=floor_actor(principal),
            actor_user_id=principal.user_id,
        )
        view = _view(uow, merchant_id, wave_id)
        uow.commit()
    return view


@dataclass(frozen=True, slots=True)
class WavePreview:
    """What a release with these criteria would look at (before bins are checked)."""

    matching_orders: int
    would_release: int  # at most max_orders of them
    earliest_ship_by: dt.datetime | None


def preview_wave(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int, criteria: WaveCriteria
) -> WavePreview:
    """How many orders match the criteria now (for the release form), changing nothing."""
    principal.require(Permission.READ, merchant_id)
    check_criteria(criteria)
    with uow:
        _check_location(uow, merchant_id, criteria.location_id)
        candidates = uow.fulfillment.wave_candidates(
            merchant_id,
            location_id=criteria.location_id,
            ship_by_before=criteria.ship_by_before,
            service_levels=sorted(criteria.service_levels),
            channels=sorted(criteria.channels),
            limit=CANDIDATE_LIMIT,
        )
    chosen = select_orders(candidates, criteria)
    dated = [c.ship_by for c in chosen if c.ship_by is not None]
    return WavePreview(len(chosen), min(len(chosen), criteria.max_orders), min(dated, default=None))


def list_waves(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int, page: PageRequest
) -> Page[WaveSummary]:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.fulfillment.waves(merchant_id, page)


def get_wave(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int, wave_id: int
) -> WaveView:
    """The wave with its pick list: stops in walking order, each with what to take for whom."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return _view(uow, merchant_id, wave_id)


def _view(uow: FulfillmentUnitOfWork, merchant_id: int, wave_id: int) -> WaveView:
    wave = uow.fulfillment.wave(merchant_id, wave_id)
    if wave is None:
        raise NotFound(f"Wave {wave_id} does not exist for this merchant.", field="wave_id")
    stops: list[PickStop] = []
    for line in uow.fulfillment.tasks(merchant_id, wave_id=wave_id):
        if stops and stops[-1].bin_id == line.bin_id:
            stops[-1].lines.append(line)
        else:
            stops.append(PickStop(line.bin_id, line.bin_code, line.zone_code, [line]))
    return WaveView(wave, stops)


def _needs_by_order(allocations: list[OpenAllocation]) -> dict[int, list[PickNeed]]:
    needs: dict[int, list[PickNeed]] = defaultdict(list)
    for a in allocations:
        if a.unplanned > 0:
            needs[a.order_id].append(
                PickNeed(
                    allocation_id=a.allocation_id,
                    product_id=a.product_id,
                    sku=a.sku,
                    quantity=a.unplanned,
                )
            )
    return needs


def _check_location(uow: FulfillmentUnitOfWork, merchant_id: int, location_id: int) -> None:
    location = uow.inventory.locations([location_id]).get(location_id)
    if location is None or location.merchant_id not in (None, merchant_id):
        raise NotFound(f"Location {location_id} does not exist.", field="location_id")
    if location.kind != "warehouse":
        raise InvalidInput(
            f"{location.code} is a {location.kind} location: waves are picked in warehouses.",
            field="location_id",
        )


def _criteria_record(criteria: WaveCriteria) -> dict[str, object]:
    return {
        "ship_by_before": criteria.ship_by_before.isoformat() if criteria.ship_by_before else None,
        "service_levels": sorted(criteria.service_levels),
        "channels": sorted(criteria.channels),
        "zone_ids": sorted(criteria.zone_ids),
        "max_orders": criteria.max_orders,
    }


def _nothing_to_release(criteria: WaveCriteria, left_out: dict[int, str]) -> str:
    if left_out:
        first_id, reason = next(iter(left_out.items()))
        return (
            f"No order could be released: {len(left_out)} matched but their units are not in "
            f"the bins the wave may use (order {first_id}: {reason})."
        )
    return "No allocated order of this warehouse matches the wave's criteria; nothing released."
