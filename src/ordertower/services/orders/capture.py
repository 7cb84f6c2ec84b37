"""Capturing orders: store what arrived, then take it in as one order per key, never a duplicate.

Every payload is stored first, in a transaction of its own, so nothing received is lost even if
processing fails (it stays `pending`). Processing is a second transaction: each payload is read
and checked (`validate_order`; a bad one is `rejected` with its field problems and nothing else
is written for it); a new key inserts the order, its lines and its first timeline entry and runs
the pipeline in the same transaction; a known key gets `decide_update` (replay, stale, update,
cancellation, hold, exception). One order per (merchant, channel account, external order id)
holds under concurrent submission too: the insert skips a key another transaction holds and the
payload is then applied as an update of that order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from ordertower.domain.orders import (
    Actor,
    ActorKind,
    Order,
    OrderExceptionReason,
    OrderInvalid,
    OrderState,
    UpdateAction,
    UpdateDecision,
    decide_update,
    validate_order,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.unit_of_work import retrying

from .flow_uow import OrderFlowUnitOfWork
from .order_moves import cancel, recall_floor_work, release_stock
from .pipeline import order_item, raise_key, run_pipeline
from .records import (
    AccountFacts,
    IncomingOrder,
    PayloadOutcome,
    PayloadResult,
    PayloadSource,
    StoredOrder,
)
from .transitions import Move, lock_orders, move_orders

MAX_BATCH = 1_000
CHANGED_QUEUE = "changed_during_fulfillment"


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """What became of the payload at `index` of the request."""

    index: int
    payload_id: int
    outcome: PayloadOutcome
    order_id: int | None = None
    state: OrderState | None = None
    problems: tuple[FieldProblem, ...] = ()
    explanation: str = ""


def capture_orders(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    channel_account_id: int,
    payloads: Sequence[IncomingOrder],
    source: PayloadSource,
) -> list[CaptureResult]:
    """Store then process `payloads` for one channel account; one result per payload, in order."""
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    if not payloads:
        raise InvalidInput("Send at least one order.", field="orders")
    if len(payloads) > MAX_BATCH:
        raise InvalidInput(
            f"A batch holds at most {MAX_BATCH} orders; this one has {len(payloads)}.",
            field="orders",
        )
    with uow:
        account = _account(uow, merchant_id, channel_account_id)
        payload_ids = uow.order_book.add_payloads(
            merchant_id,
            account.id,
            source,
            [(p.external_order_id or _draft_id(p), p.raw) for p in payloads],
        )
        # Stored before anything reads it. The processing's own commit, durable, comes before any
        # answer and flushes this one with it; so this commit need not wait for the disk itself.
        uow.commit_carried()
    actor = Actor(ActorKind.CHANNEL, f"{source} ({account.kind}, user:{principal.user_id})")
    return retrying(lambda: _process(uow, account, payloads, payload_ids, source, actor))


def process_stored(
    uow: OrderFlowUnitOfWork,
    account: AccountFacts,
    payloads: Sequence[IncomingOrder],
    payload_ids: Sequence[int],
    source: PayloadSource,
    actor: Actor,
) -> list[CaptureResult]:
    """Process payloads stored earlier (still pending: their first processing failed) exactly as
    `capture_orders` processes new ones; used by the retry of pending payloads (payload_retry.py)."""
    return retrying(lambda: _process(uow, account, payloads, payload_ids, source, actor))


def _draft_id(payload: IncomingOrder) -> str | None:
    return payload.draft.external_order_id if payload.draft is not None else None


def _account(uow: OrderFlowUnitOfWork, merchant_id: int, account_id: int) -> AccountFacts:
    account = uow.order_book.account(merchant_id, account_id)
    if account is None:
        raise NotFound(
            f"Channel account {account_id} does not exist for this merchant.",
            field="channel_account_id",
        )
    if not account.active:
        raise Conflict(
            f"Channel account {account.name!r} is inactive; activate it before sending orders.",
            field="channel_account_id",
        )
    return account


@dataclass(frozen=True, slots=True)
class _Valid:
    index: int
    payload_id: int
    order: Order
    cancelled: bool


def _process(
    uow: OrderFlowUnitOfWork,
    account: AccountFacts,
    payloads: Sequence[IncomingOrder],
    payload_ids: Sequence[int],
    source: PayloadSource,
    actor: Actor,
) -> list[CaptureResult]:
    merchant_id = account.merchant_id
    results: dict[int, CaptureResult] = {}
    valid: list[_Valid] = []
    for index, (incoming, payload_id) in enumerate(zip(payloads, payload_ids, strict=True)):
        order, problems = _read(incoming, account)
        if order is None:
            results[index] = CaptureResult(
                index, payload_id, PayloadOutcome.REJECTED, problems=problems
            )
        else:
            valid.append(_Valid(index, payload_id, order, incoming.cancelled))
    with uow:
        book = uow.order_book
        firsts: dict[str, _Valid] = {}
        later: list[_Valid] = []
        for item in valid:
            if item.order.external_order_id in firsts:
                later.append(item)
            else:
                firsts[item.order.external_order_id] = item
        # Every first payload of a key is inserted (key order); the unique key refuses those already
        # known (or inserted meanwhile by another transaction): each such payload updates that
        # order, locked first with the others in id order. Inserting first means a batch of new
        # orders never looks its keys up: the insert's own unique-key check is the lookup.
        new = sorted(firsts.values(), key=lambda v: v.order.external_order_id)
        inserted = book.insert_orders(
            merchant_id, [v.order for v in new], actor=actor, note=f"captured from {source}"
        )
        updates = [v for v in firsts.values() if v.order.external_order_id not in inserted]
        if updates:
            book.lock_orders_by_key(
                merchant_id, account.id, [v.order.external_order_id for v in updates]
            )
        created = [v for v in new if v.order.external_order_id in inserted]
        _start(uow, merchant_id, created, inserted, actor, results)
        for item in sorted(updates, key=lambda v: v.index) + later:
            results[item.index] = _update(uow, account, item, actor)
        ordered = [results[i] for i in range(len(payloads))]
        book.mark_payloads(
            merchant_id,
            [PayloadResult(r.payload_id, r.outcome, r.order_id, r.problems) for r in ordered],
        )
        uow.commit()
    return ordered


def _read(
    incoming: IncomingOrder, account: AccountFacts
) -> tuple[Order | None, tuple[FieldProblem, ...]]:
    if incoming.draft is None:
        return None, incoming.problems or (
            FieldProblem("order", "unreadable", "The payload could not be read as an order."),
        )
    draft = incoming.draft
    if (draft.merchant_id, draft.channel_account_id, draft.channel) != (
        account.merchant_id,
        account.id,
        account.kind,
    ):
        draft = dataclasses.replace(
            draft,
            merchant_id=account.merchant_id,
            channel_account_id=account.id,
            channel=account.kind,
        )
    try:
        return validate_order(draft), ()
    except OrderInvalid as error:
        return None, tuple(error.problems)


def _start(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    created: Sequence[_Valid],
    inserted: dict[str, int],
    actor: Actor,
    results: dict[int, CaptureResult],
) -> None:
    """New orders: run the pipeline (one batch); those the channel already cancelled, cancel."""
    ids = {v.index: inserted[v.order.external_order_id] for v in created}
    to_run = [ids[v.index] for v in created if not v.cancelled]
    to_cancel = [ids[v.index] for v in created if v.cancelled]
    known = {
        ids[v.index]: StoredOrder(ids[v.index], OrderState.RECEIVED, 1, None, v.order)
        for v in created
        if not v.cancelled
    }
    states = run_pipeline(uow, merchant_id, to_run, fresh=True, known=known) if to_run else {}
    if to_cancel:
        heads = lock_orders(uow, merchant_id, to_cancel)
        cancel(uow, merchant_id, heads, to_cancel, actor=actor, note="cancelled when captured")
        states.update(dict.fromkeys(to_cancel, OrderState.CANCELLED))
    for v in created:
        order_id = ids[v.index]
        results[v.index] = CaptureResult(
            v.index,
            v.payload_id,
            PayloadOutcome.CREATED,
            order_id,
            states.get(order_id, OrderState.RECEIVED),
            explanation="A new order was captured.",
        )


def _update(
    uow: OrderFlowUnitOfWork, account: AccountFacts, item: _Valid, actor: Actor
) -> CaptureResult:
    merchant_id = account.merchant_id
    book = uow.order_book
    key = item.order.external_order_id
    stored = book.lock_orders_by_key(merchant_id, account.id, [key])[key]
    decision = decide_update(
        stored=stored.order,
        state=stored.state,
        incoming=item.order,
        cancelled_by_channel=item.cancelled,
    )
    outcome = _apply(uow, stored, item, decision, actor)
    state = book.orders(merchant_id, [stored.id])[stored.id].state
    return CaptureResult(
        item.index,
        item.payload_id,
        outcome,
        stored.id,
        state,
        explanation=decision.explanation,
    )


_OUTCOME = {
    UpdateAction.NOTHING_CHANGED: PayloadOutcome.UNCHANGED,
    UpdateAction.STALE: PayloadOutcome.STALE,
    UpdateAction.ORDER_CLOSED: PayloadOutcome.CLOSED,
    UpdateAction.APPLY: PayloadOutcome.UPDATED,
    UpdateAction.RERUN_PIPELINE: PayloadOutcome.UPDATED,
    UpdateAction.CANCEL: PayloadOutcome.UPDATED,
    UpdateAction.HOLD_FOR_REVIEW: PayloadOutcome.FLAGGED,
    UpdateAction.RAISE_EXCEPTION: PayloadOutcome.FLAGGED,
}


def _apply(
    uow: OrderFlowUnitOfWork,
    stored: StoredOrder,
    item: _Valid,
    decision: UpdateDecision,
    actor: Actor,
) -> PayloadOutcome:
    merchant_id, order_id = stored.order.merchant_id, stored.id
    book = uow.order_book
    if decision.store:
        book.replace_order(merchant_id, order_id, item.order)
    action = decision.action
    if action is UpdateAction.RERUN_PIPELINE:
        heads = lock_orders(uow, merchant_id, [order_id])
        release_stock(uow, merchant_id, [order_id])
        move_orders(
            uow,
            merchant_id=merchant_id,
            heads=heads,
            moves=[Move(order_id, OrderState.RECEIVED, decision.explanation)],
            actor=actor,
        )
        run_pipeline(uow, merchant_id, [order_id])
    elif action is UpdateAction.CANCEL:
        heads = lock_orders(uow, merchant_id, [order_id])
        cancel(uow, merchant_id, heads, [order_id], actor=actor, note=decision.explanation)
    elif action is UpdateAction.HOLD_FOR_REVIEW:
        heads = lock_orders(uow, merchant_id, [order_id])
        move_orders(
            uow,
            merchant_id=merchant_id,
            heads=heads,
            moves=[Move(order_id, OrderState.ON_HOLD, decision.explanation, CHANGED_QUEUE)],
            actor=actor,
        )
        recall_floor_work(uow, merchant_id, heads, [order_id], decision.explanation)
        reason = OrderExceptionReason.CHANGED_DURING_FULFILLMENT
        raise_items(
            uow,
            merchant_id=merchant_id,
            items=[
                order_item(
                    stored,
                    reason,
                    decision.explanation,
                    key=f"{raise_key(order_id, reason)}payload:{item.payload_id}",
                    changed=sorted(decision.changed),
                )
            ],
        )
    elif action is UpdateAction.RAISE_EXCEPTION:
        reason = OrderExceptionReason.CHANGED_AFTER_SHIPMENT
        raise_items(
            uow,
            merchant_id=merchant_id,
            items=[
                order_item(
                    stored,
                    reason,
                    decision.explanation,
                    key=f"{raise_key(order_id, reason)}payload:{item.payload_id}",
                    changed=sorted(decision.changed),
                    cancelled=item.cancelled,
                )
            ],
        )
    return _OUTCOME[action]
