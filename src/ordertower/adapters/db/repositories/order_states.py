"""SQL for order state moves: lock orders in id order, set states and append timeline entries."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from sqlalchemy import Connection, text

from ordertower.domain.orders import OrderState
from ordertower.services.orders.ports import OrderHead, StateMove

_LOCK = text(
    "SELECT o.id, o.state, o.state_changed_at, o.version, o.hold_queue"
    " FROM unnest(CAST(:ids AS bigint[])) AS k(id)"
    " CROSS JOIN LATERAL (SELECT id, state, state_changed_at, version, hold_queue FROM orders"
    "   WHERE merchant_id = :merchant_id AND id = k.id FOR UPDATE) AS o"
)
# One statement per batch for each table: the moves travel as one JSON document. Each row is
# reached by its key, then by its physical address: a plain join of the batch with `orders` is
# planned as a scan of every order of the merchant (a hash join), which grows with the history.
_SET_STATES = text(
    "UPDATE orders o SET state = u.to_state, state_changed_at = u.at, hold_queue = u.hold_queue,"
    " version = o.version + 1, updated_at = u.at"
    " FROM (SELECT x.row, m.to_state, m.at, m.hold_queue"
    "   FROM jsonb_to_recordset(CAST(:moves AS jsonb))"
    "   AS m(order_id bigint, to_state text, at timestamptz, hold_queue text)"
    "   CROSS JOIN LATERAL (SELECT ctid AS row FROM orders WHERE merchant_id = :merchant_id"
    "     AND id = m.order_id OFFSET 0) AS x) AS u"
    " WHERE o.ctid = u.row"
)
_APPEND_EVENTS = text(
    "INSERT INTO order_events (merchant_id, order_id, from_state, to_state, at, actor_kind, actor,"
    " actor_user_id, note)"
    " SELECT :merchant_id, order_id, from_state, to_state, at, actor_kind, actor, actor_user_id,"
    "  note"
    " FROM ROWS FROM (jsonb_to_recordset(CAST(:moves AS jsonb)) AS (order_id bigint,"
    "  from_state text, to_state text, at timestamptz, actor_kind text, actor text,"
    "  actor_user_id bigint, note text)) WITH ORDINALITY AS m(order_id, from_state, to_state, at,"
    "  actor_kind, actor, actor_user_id, note, n)"
    " ORDER BY n"
)


class SqlOrderStates:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def lock_orders(self, merchant_id: int, order_ids: Collection[int]) -> dict[int, OrderHead]:
        rows = self._c.execute(
            _LOCK, {"merchant_id": merchant_id, "ids": sorted(set(order_ids))}
        ).all()
        return {
            r.id: OrderHead(
                r.id, merchant_id, OrderState(r.state), r.state_changed_at, r.version, r.hold_queue
            )
            for r in rows
        }

    def record_moves(self, merchant_id: int, moves: Sequence[StateMove]) -> None:
        if not moves:
            return
        document = json.dumps(
            [
                {
                    "order_id": m.order_id,
                    "from_state": str(m.from_state),
                    "to_state": str(m.to_state),
                    "at": m.at.isoformat(),
                    "hold_queue": m.hold_queue,
                    "actor_kind": str(m.actor.kind),
                    "actor": m.actor.name[:100],
                    "actor_user_id": m.actor_user_id,
                    "note": m.note,
                }
                for m in moves
            ]
        )
        params = {"merchant_id": merchant_id, "moves": document}
        self._c.execute(_SET_STATES, params)
        self._c.execute(_APPEND_EVENTS, params)


class OrderStateRepositories:
    connection: Connection

    @property
    def order_states(self) -> SqlOrderStates:
        return SqlOrderStates(self.connection)
