"""Ship-by risk: is there still enough working time to ship an order by its deadline?

The rule, in working hours of the shipping location (`WorkingHours`; round the clock if unknown):

- no ship-by deadline: nothing to watch (`no_deadline`);
- the deadline has passed and the order has not shipped: `late`;
- the order is packed (no work left but the carrier pickup): `on_track` until the deadline passes;
- fewer working hours are left before the deadline than the work remaining plus a safety
  margin (`AT_RISK_MARGIN`, 2 working hours): `at_risk`;
- otherwise `on_track`.

`late` and `at_risk` raise a ship_by_at_risk item; the order keeps going (the item only flags it).
`WORK_REMAINING` estimates the work per state; a merchant with measured times can pass its own.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .states import OrderState
from .working_hours import ROUND_THE_CLOCK, WorkingHours, working_time_between

AT_RISK_MARGIN = dt.timedelta(hours=2)


class ShipByRisk(StrEnum):
    NO_DEADLINE = "no_deadline"  # the channel gave no ship-by deadline: nothing to watch
    ON_TRACK = "on_track"  # enough working time is left for the work remaining, with margin
    AT_RISK = "at_risk"  # the deadline falls within the work remaining plus the margin
    LATE = "late"  # the deadline has passed and the order has not shipped


_S, _h = OrderState, dt.timedelta(hours=1)

# Working time an order in each state still needs before it can ship. Shipped and cancelled
# orders need none and are not watched; a partially shipped order's rest is assumed released.
WORK_REMAINING: dict[OrderState, dt.timedelta] = {
    _S.RECEIVED: 3 * _h,  # route, allocate, wait for the next wave, pick, pack
    _S.NEEDS_ATTENTION: 3 * _h,
    _S.ON_HOLD: 3 * _h,
    _S.BACKORDERED: 3 * _h,
    _S.ALLOCATED: 3 * _h,
    _S.RELEASED: 2 * _h,  # pick and pack
    _S.PICKING: 1 * _h,  # finish picking, pack
    _S.PARTIALLY_SHIPPED: 2 * _h,
    _S.PACKED: dt.timedelta(0),  # only the carrier pickup is left
}


def ship_by_risk(
    *,
    ship_by: dt.datetime | None,
    now: dt.datetime,
    work_remaining: dt.timedelta,
    hours: WorkingHours = ROUND_THE_CLOCK,
    margin: dt.timedelta = AT_RISK_MARGIN,
) -> ShipByRisk:
    """How the order stands against its ship-by deadline (the rule is in the module docstring)."""
    if ship_by is None:
        return ShipByRisk.NO_DEADLINE
    if now >= ship_by:
        return ShipByRisk.LATE
    if work_remaining <= dt.timedelta(0):
        return ShipByRisk.ON_TRACK
    needed = work_remaining + margin
    left = working_time_between(now, ship_by, hours=hours, enough=needed)
    return ShipByRisk.AT_RISK if left < needed else ShipByRisk.ON_TRACK
