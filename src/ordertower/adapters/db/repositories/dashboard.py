"""SQL for the dashboard's counts (each an index-backed count for one merchant)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, text

from ordertower.domain.orders import OrderState
from ordertower.services.dashboard import Workload

_WORKLOAD = text("""
SELECT
  (SELECT count(*) FROM exception_items WHERE merchant_id = :m AND status = 'open') AS exceptions,
  (SELECT count(*) FROM receipts WHERE merchant_id = :m AND status <> 'put_away') AS receipts,
  (SELECT count(*) FROM inbound_notices WHERE merchant_id = :m AND status = 'open') AS notices,
  (SELECT count(*) FROM listing_availability a
     JOIN listings l ON l.merchant_id = a.merchant_id AND l.id = a.listing_id
                    AND l.product_id = a.product_id
    WHERE a.merchant_id = :m AND a.quantity = 0 AND l.status = 'active') AS zero_listings,
  (SELECT coalesce(sum(sellable_on_hand), 0) FROM stock_positions WHERE merchant_id = :m) AS units
""")


# One index-only count per state (ix_orders_state: merchant, state, id).
_ORDER_STATES = text("""
SELECT s.state, (SELECT count(*) FROM orders o WHERE o.merchant_id = :m AND o.state = s.state) AS n
  FROM unnest(CAST(:states AS text[])) AS s(state)
""")


class SqlDashboard:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def workload(self, merchant_id: int) -> Workload:
        r = self._c.execute(_WORKLOAD, {"m": merchant_id}).one()
        return Workload(r.exceptions, r.receipts, r.notices, r.zero_listings, int(r.units))

    def orders_in_states(
        self, merchant_id: int, states: Collection[OrderState]
    ) -> dict[OrderState, int]:
        rows = self._c.execute(
            _ORDER_STATES, {"m": merchant_id, "states": [str(s) for s in states]}
        )
        return {OrderState(r.state): int(r.n) for r in rows}


class DashboardRepositories:
    connection: Connection

    @property
    def dashboard(self) -> SqlDashboard:
        return SqlDashboard(self.connection)
