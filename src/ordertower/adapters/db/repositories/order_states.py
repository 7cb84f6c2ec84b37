"""SQL for order state moves: lock orders in id order, set states and append timeline entries."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Connection, text

from ordertower.domain.orders import OrderState
from ordertower.services.orders.ports import OrderHead, StateMove

from .json_document import dumps

_LOCK = text(
    "SELECT o.id, o.state, o.state_changed_at, o.version, o.hold_queue"
    " FROM unnest(CAST(:ids AS bigint[])) AS k(id)"
    " CROSS JOIN LATERAL (SELECT id, state, state_changed_at, version, hold_queue FROM orders"
    "   WHERE merchant_id = :merchant_id AND id = k.id FOR UPDATE) AS o"
)
# One statement per batch: the moves travel as one JSON document; the orders' update is a
# data-modifying CTE, the timeline entries the statement's insert. Each order is reached by its key,
# then by its physical address: a plain join of the batch with `orders` is planned as a scan of
# every order of the merchant (a hash join), which grows with the history. A move that carries a
# routing decision (`routed`) stores it in the same update: one new row version, not two.
_RECORD_MOVES = text(
    "WITH m AS MATERIALIZED ("
    " SELECT * FROM ROWS FROM (jsonb_to_recordset(CAST(:moves AS jsonb)) AS (order_id bigint,"
    "  from_state text, to_state text, at timestamptz, hold_queue text, routed boolean,"
    "  routing jsonb, explanation text, actor_kind text, actor text, actor_user_id bigint,"
    "  note text)) WITH ORDINALITY AS m(order_id, from_state, to_state, at, hold_queue, routed,"
    "  routing, explanation, actor_kind, actor, actor_user_id, note, n)),"
    " moved AS ("
    "  UPDATE orders o SET state = u.to_state, state_changed_at = u.at, hold_queue = u.hold_queue,"
    "   version = o.version + 1, updated_at = u.at,"
    "   routing = CASE WHEN u.routed THEN u.routing ELSE o.routing END,"
    "   routing_explanation = CASE WHEN u.routed THEN u.explanation"
    "    ELSE o.routing_explanation END"
    "  FROM (SELECT x.row, m.* FROM m CROSS JOIN LATERAL (SELECT ctid AS row FROM orders"
    "    WHERE merchant_id = :merchant_id AND id = m.order_id OFFSET 0) AS x) AS u"
    "  WHERE o.ctid = u.row RETURNING 1)"
    " INSERT INTO order_events (merchant_id, order_id, from_state, to_state, at, actor_kind, actor,"
    "  actor_user_id, note)"
    " SELECT :merchant_id, order_id, from_state, to_state, at, actor_kind, actor, actor_user_id,"
    "  note FROM m ORDER BY n"
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
        document = dumps(
            [
                {
                    "order_id": m.order_id,
                    "from_state": str(m.from_state),
                    "to_state": str(m.to_state),
                    "at": m.at.isoformat(),
                    "hold_queue": m.hold_queue,
                    "routed": m.routing is not None,
                    "routing": m.routing,
                    "explanation": m.routing_explanation,
                    "actor_kind": str(m.actor.kind),
                    "actor": m.actor.name[:100],
                    "actor_user_id": m.actor_user_id,
                    "note": m.note,
                }
                for m in moves
            ]
        )
        self._c.execute(_RECORD_MOVES, {"merchant_id": merchant_id, "moves": document})


class OrderStateRepositories:
    connection: Connection

    @property
    def order_states(self) -> SqlOrderStates:
        return SqlOrderStates(self.connection)
